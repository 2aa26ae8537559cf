from django.contrib import admin

from tipnet.accounts.access import Resource
from tipnet.cases.models import Offence
from tipnet.core.admin import AccessControlledAdmin


@admin.register(Offence)
class OffenceAdmin(AccessControlledAdmin):
    """Administrators maintain the offence list (both languages); entries whose article number
    is not yet checked against the law text are marked in the "verified" column (to users they
    read like the others)."""

    resource = Resource.OFFENCE
    list_display = ["law", "article", "title_en", "title_km", "penalty", "verified", "is_active"]
    list_filter = ["law", "verified", "is_active", "category"]
    search_fields = ["article", "title_en", "title_km"]
