"""Digits typed on an Arabic or Persian keyboard (٠١٢… U+0660, ۰۱۲… U+06F0) in a number or
date field, read as the Latin digits the service stores, compares and checks."""

from __future__ import annotations

from django import forms

_LATIN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def latin_digits(value: object) -> object:
    return value.translate(_LATIN) if isinstance(value, str) else value


class LatinDigits:
    """Form-field mixin: the value is normalised before the field parses it."""

    def to_python(self, value):
        return super().to_python(latin_digits(value))  # type: ignore[misc]


class DigitsCharField(LatinDigits, forms.CharField):
    """A text field holding a number (codes, foreign numbers, postal codes, phones)."""
