"""The service directory is kept by administrators (organisations are theirs too)."""

from typing import ClassVar

from django.contrib import admin

from tipnet.accounts.access import Resource
from tipnet.core.admin import AccessControlledAdmin
from tipnet.protection.models import ServiceOffering


@admin.register(ServiceOffering)
class ServiceOfferingAdmin(AccessControlledAdmin):
    resource = Resource.ORGANISATION
    list_display = ["organisation", "service", "area", "is_active"]
    list_filter = ["service", "is_active"]
    search_fields = ["organisation__name_en", "organisation__name_km", "description"]
    autocomplete_fields: ClassVar[list[str]] = []
    raw_id_fields = ["area"]
