"""Administrators keep the code lists of prevention work (both languages)."""

from django.contrib import admin

from tipnet.accounts.access import Resource
from tipnet.core.admin import AccessControlledAdmin
from tipnet.prevention.models import ActivityType, Topic


class CodeEntryAdmin(AccessControlledAdmin):
    resource = Resource.PREVENTION_CODES
    list_display = ["code", "name_en", "name_km", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_en", "name_km"]


admin.site.register(ActivityType, CodeEntryAdmin)
admin.site.register(Topic, CodeEntryAdmin)
