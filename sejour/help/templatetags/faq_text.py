import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_URL = re.compile(r"(https?://[^\s<]+[^\s<.,;:)»])|(www\.[^\s<]+[^\s<.,;:)»])")
_PHONE = re.compile(r"0 806 001 620")


@register.filter
def faq_text(text: str) -> str:
    """Escape, then make links of URLs and the phone number, kept left to right even
    inside Arabic text."""
    html = escape(text)

    def link(match: re.Match[str]) -> str:
        url = match.group(0)
        href = url if url.startswith("http") else f"https://{url}"
        return f'<a href="{href}" rel="noopener"><bdi dir="ltr">{url}</bdi></a>'

    html = _URL.sub(link, html)
    html = _PHONE.sub('<a href="tel:+33806001620"><bdi dir="ltr">0 806 001 620</bdi></a>', html)
    return mark_safe(html)  # noqa: S308 - escaped above, only our own tags added
