"""The prefecture's back office (/instruction/): an agent sees their own prefecture only."""

from django.shortcuts import render

from sejour.accounts.permissions import agent_required


@agent_required
def home(request):
    return render(request, "instruction/home.html", {"prefecture": request.user.prefecture})
