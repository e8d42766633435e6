from django.contrib import admin

from sejour.audit.models import AuditEvent

# Each deletion one at a time, so that each is recorded (sejour.audit.admin_log).
admin.site.disable_action("delete_selected")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "actor", "on_behalf_of", "target_type", "target_id")
    list_filter = ("action",)
    search_fields = ("action", "target_id", "actor__username", "on_behalf_of__username")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
