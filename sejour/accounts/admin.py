from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from sejour.accounts.enrolment import enrolment_issue
from sejour.accounts.middleware import needs_second_factor
from sejour.accounts.models import Mandate, Prefecture, User

# The administration is behind the second factor too.
admin.site.__class__ = OTPAdminSite


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("sejour"),
            {
                "fields": (
                    "role",
                    "prefecture",
                    "organisation",
                    "foreign_number",
                    "visa_number",
                    "birth_date",
                    "guardian",
                    "language",
                    "email_verified_at",
                    "must_change_password",
                )
            },
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("sejour"), {"fields": ("role", "prefecture", "organisation", "email")}),
    )
    list_display = ("username", "last_name", "first_name", "role", "prefecture", "is_active")
    list_filter = ("role", "prefecture", "is_active")
    search_fields = ("username", "last_name", "first_name", "email", "foreign_number")
    raw_id_fields = ("guardian",)
    actions = ["issue_enrolment_codes"]

    @admin.action(description=_("Émettre un code d'enrôlement du second facteur"))
    def issue_enrolment_codes(self, request, queryset):
        """Shown once on this page, never stored in clear nor put in a message cookie;
        the administrator hands each code to its person by another channel."""
        if request.user.role != User.Role.ADMIN:
            self.message_user(request, _("Seul un administrateur émet ces codes."), "error")
            return None
        issued = [
            (user, enrolment_issue(admin=request.user, user=user))
            for user in queryset
            if needs_second_factor(user)
        ]
        return TemplateResponse(
            request,
            "accounts/admin_enrolment_codes.html",
            {
                **self.admin_site.each_context(request),
                "issued": issued,
                "hours": settings.SEJOUR_ENROLMENT_HOURS,
            },
        )


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    list_display = ("department_code", "name")
    search_fields = ("name", "department_code")


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ("helper", "applicant", "valid_until", "consented_at", "revoked_at")
    readonly_fields = ("code_hash", "code_expires_at", "code_attempts")
    raw_id_fields = ("helper", "applicant")
