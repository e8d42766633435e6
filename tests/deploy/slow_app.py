"""A WSGI application whose requests take long: a worker busy with one when its master
dies (tests/deploy/test_gunicorn.py)."""

import time


def app(environ, start_response):
    time.sleep(25)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"late"]
