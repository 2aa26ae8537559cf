from django.contrib import admin

from tipnet.core.admin import AccessControlledAdmin
from tipnet.geo.models import Area, Country


@admin.register(Area)
class AreaAdmin(AccessControlledAdmin):
    list_display = ["code", "name_km", "name_en", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name_km", "name_en"]


@admin.register(Country)
class CountryAdmin(AccessControlledAdmin):
    list_display = ["code", "name_km", "name_en"]
    search_fields = ["code", "name_km", "name_en"]
