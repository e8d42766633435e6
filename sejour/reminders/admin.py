from django.contrib import admin

from sejour.reminders.models import Sent, Subscription


@admin.register(Sent)
class SentAdmin(admin.ModelAdmin):
    """The log is the proof a reminder went out: read only."""

    list_display = ("sent_at", "kind", "key", "due_on", "user", "dossier")
    list_filter = ("kind",)
    search_fields = ("key", "user__username", "dossier__reference")
    raw_id_fields = ("user", "dossier", "message")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "card_kind", "valid_until", "created_at")
    search_fields = ("user__username",)
    raw_id_fields = ("user",)
