"""`/sante/`: the service's health as JSON, for supervision (product.md)."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from sejour.notifications.health import health_report


@require_safe
@never_cache
def health(request):
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)
