from django.contrib import admin

from sejour.integrations.models import OfpraCivilStatus, OfpraDecision, RegisterEntry


@admin.register(RegisterEntry)
class RegisterEntryAdmin(admin.ModelAdmin):
    list_display = (
        "last_name",
        "first_names",
        "foreign_number",
        "visa_number",
        "protection_status",
        "valid_until",
    )
    search_fields = ("last_name", "foreign_number", "visa_number", "permit_number")
    list_filter = ("protection_status", "document_kind")
    raw_id_fields = ("parents",)


@admin.register(OfpraCivilStatus)
class OfpraCivilStatusAdmin(admin.ModelAdmin):
    list_display = ("foreign_number", "established_on", "certificate_number", "unavailable")
    search_fields = ("foreign_number", "certificate_number")


@admin.register(OfpraDecision)
class OfpraDecisionAdmin(admin.ModelAdmin):
    list_display = ("foreign_number", "status", "decided_by", "decision_date", "unavailable")
    search_fields = ("foreign_number",)
