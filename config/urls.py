from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from sejour.api.api import api
from sejour.core.health import health
from sejour.core.views import choose_language

# Error pages that answer 503 when the database is unreachable (sejour.core.errors).
handler400 = "sejour.core.errors.bad_request"
handler500 = "sejour.core.errors.server_error"

# Pages carry their language in the path (/, /en/, /ar/): a result's link keeps its
# language, and switching language is a plain link that works without JavaScript.
urlpatterns = [
    path("api/v1/", api.urls),
    path("sante/", health, name="health"),
    path("admin/", admin.site.urls),
    path("langue/<str:code>/", choose_language, name="choose-language"),
    *i18n_patterns(
        path("", include("sejour.core.urls")),
        path("simulateur/", include("sejour.simulator.urls")),
        path("aide/", include("sejour.help.urls")),
        path("", include("sejour.accounts.urls")),
        path("demarches/", include("sejour.reminders.urls")),  # before the catch-all <reference>/
        path("demarches/", include("sejour.dossiers.urls")),
        path("instruction/", include("sejour.instruction.urls")),
        path("pilotage/", include("sejour.instruction.urls_admin")),
        path("verifier/", include("sejour.attestations.urls")),
        prefix_default_language=False,
    ),
]
