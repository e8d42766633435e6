"""Left-to-right runs inside right-to-left text, isolated once here: without isolation
the bidirectional algorithm reorders a phone number's groups ("0 806 001 620" read as
"620 001 806 0" in Arabic), and a reference, an amount or a date can swap with the
words around it."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

HELP_PHONE = "0 806 001 620"  # the Centre de contact citoyens (free service + call price)
HELP_PHONE_TEL = "+33806001620"


@register.filter
def ltr(value: object) -> SafeString:
    """`{{ reference|ltr }}`: the value escaped, in a left-to-right isolate."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.simple_tag
def help_phone() -> SafeString:
    """The help phone number as a link, its digits kept left to right."""
    return format_html('<a href="tel:{}"><bdi dir="ltr">{}</bdi></a>', HELP_PHONE_TEL, HELP_PHONE)
