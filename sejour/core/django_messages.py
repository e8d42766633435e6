"""Django's own messages that its Arabic catalogue lacks (Django 5.2 changed these msgids,
so /ar/ showed them in French, the fallback language): named here so that makemessages
keeps them in sejour/locale, where they are translated (tests/test_django_messages.py)."""

from django.utils.translation import gettext_lazy, ngettext_lazy

CATALOGUE_ONLY = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    gettext_lazy("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_lazy(
        "Ensure this value is a multiple of step size %(limit_value)s, starting from "
        "%(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."
    ),
    ngettext_lazy(
        "Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"
    ),
    ngettext_lazy(
        "Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "num"
    ),
    gettext_lazy("Enter a valid domain name."),
)
