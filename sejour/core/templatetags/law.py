"""Legal numbers in templates, from the parameters in force today (sejour.core.legal_texts):

{% load law %}{% law "deadlines.renewal_opens_days" as opens %}
{{ 10|years }} {{ 3|months }} {{ 48|hours }} {{ 60|days }}
"""

from __future__ import annotations

from django import template

from sejour.core import legal_texts

register = template.Library()


@register.simple_tag(name="law")
def law_tag(name: str) -> int:
    return legal_texts.law(name)


register.filter("years", legal_texts.years)
register.filter("months", legal_texts.months)
register.filter("days", legal_texts.days)
register.filter("hours", legal_texts.hours)
