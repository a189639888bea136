from django.contrib import admin

from .models import HelpArea, InSchoolProfessional, OutsidePartner, Sector


@admin.register(HelpArea, Sector)
class SharedListItemAdmin(admin.ModelAdmin):
    """The shared lists: administrators add items; codes stay fixed (imports and filters use them)."""

    list_display = ["name", "code", "position"]
    list_editable = ["position"]
    search_fields = ["name", "code"]


@admin.register(InSchoolProfessional)
class InSchoolProfessionalAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "school", "verified_at", "archived_at"]
    list_filter = ["school"]
    search_fields = ["name", "position", "email"]
    autocomplete_fields = ["school", "user", "verified_by"]
    filter_horizontal = ["help_areas"]


@admin.register(OutsidePartner)
class OutsidePartnerAdmin(admin.ModelAdmin):
    list_display = ["institute", "contact_name", "sector", "area", "verified_at", "archived_at"]
    list_filter = ["area", "sector"]
    search_fields = ["institute", "contact_name", "email"]
    autocomplete_fields = ["area", "user", "verified_by"]
    filter_horizontal = ["help_areas"]
