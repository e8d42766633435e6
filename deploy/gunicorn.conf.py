"""gunicorn settings of the web process (deploy/sejour-web.service).

A master killed outright (SIGKILL, the OOM killer) must not leave its workers holding the
port: a worker notices a dead master only between requests, then finishes its requests
for up to graceful_timeout, while systemd's restart cannot bind. So each worker asks the
kernel to be killed with its parent (PR_SET_PDEATHSIG): its open transactions roll back,
as in any crash, and the port is free at once. reuse_port stays off, so a stray process
can never share the port with the new master.
Tested by tests/deploy/test_gunicorn.py."""

import ctypes
import ctypes.util
import os
import signal

bind = os.environ.get("SEJOUR_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SEJOUR_WEB_WORKERS", "3"))
threads = int(os.environ.get("SEJOUR_WEB_THREADS", "2"))
timeout = 30  # a request stuck this long is killed and its worker replaced
graceful_timeout = 20
max_requests = 2000  # workers renewed now and then: no slow leak lasts
max_requests_jitter = 200
reuse_port = False
preload_app = False
wsgi_app = "config.wsgi:application"
accesslog = "-"
# The request line only: never the query string's personal data in the access log.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"

PR_SET_PDEATHSIG = 1


def post_fork(server, worker):
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    # The master may have died between the fork and the prctl: then nobody signals us.
    if os.getppid() != server.pid:
        os._exit(0)
