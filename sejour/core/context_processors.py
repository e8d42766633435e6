from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language


def languages(request):
    """Links to this very page (answers in the query string included) in each language."""
    current = get_language()
    path = request.get_full_path()
    return {
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": translate_url(path, code),
                # Through the switcher, which remembers the choice (a cookie).
                "choose": reverse("choose-language", args=[code])
                + "?"
                + urlencode({"next": translate_url(path, code)}, safe="/"),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
    }
