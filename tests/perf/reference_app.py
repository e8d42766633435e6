"""The reference app of bench_deposit: the least a Django deposit can cost.

One page with a form (CSRF token, session), its POST doing one INSERT and redirecting
to a page. Served by the same gunicorn settings as sejour, on the same database, so
sejour's CPU per request reads as a ratio to the framework's own floor.

    gunicorn tests.perf.reference_app:application   (BENCH_DATABASE_URL: the database)
"""

from __future__ import annotations

import os
import secrets

import dj_database_url
import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    DATABASES={"default": dj_database_url.parse(os.environ["BENCH_DATABASE_URL"], conn_max_age=60)},
    INSTALLED_APPS=["django.contrib.sessions"],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
    ],
    # The session is signed into its cookie: the reference's one write is the INSERT.
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    USE_TZ=True,
)
django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse, HttpResponseRedirect  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils.html import escape  # noqa: E402

# Created by bench_deposit's prepare().
INSERT = "INSERT INTO bench_reference_note (note) VALUES (%s)"


def form(request):
    if request.method == "POST":
        with connection.cursor() as cursor:
            cursor.execute(INSERT, [request.POST["note"]])
        request.session["notes"] = request.session.get("notes", 0) + 1
        return HttpResponseRedirect("/done/")
    token = escape(get_token(request))
    return HttpResponse(
        f'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<input name="note"><button>OK</button></form>'
    )


def done(request):
    return HttpResponse(f"<p>{request.session.get('notes', 0)} notes</p>")


urlpatterns = [path("", form), path("done/", done)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
