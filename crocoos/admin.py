from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Area, AuditEvent, FollowUpService, Membership, Municipality, School, SchoolClass, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["school", "area"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "position", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "memberships__role"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "position", "phone", "language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "kind", "retention_years_after_close"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "area"]
    list_filter = ["area"]


@admin.register(FollowUpService)
class FollowUpServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "area", "municipality"]
    list_filter = ["area"]


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    search_fields = ["name", "school__name"]
    list_display = ["name", "school", "school_year"]
    list_filter = ["school", "school_year"]
    filter_horizontal = ["teachers"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor__email", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
