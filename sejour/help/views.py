from django.shortcuts import render
from django.utils.translation import get_language

from sejour.help import faq


def faq_page(request):
    query = request.GET.get("q", "").strip()[:200]
    lang = get_language()
    found = faq.search(query, lang) if query else list(faq.entries(lang))
    return render(request, "help/faq.html", {"query": query, "entries": found})
