"""Administrators keep the risk weights (in both languages) and the list of destinations and
sectors with known exploitation; a change re-scores the register (after the commit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from tipnet.accounts.access import Resource
from tipnet.community.models import KnownExploitation, MigrationRecord, RiskWeight
from tipnet.core.admin import AccessControlledAdmin


def _rescore() -> None:
    from tipnet.community import services

    # Synchronous and chunked: a national register wants a background job (next slice).
    services.recompute(MigrationRecord.objects.all())


class RescoringAdmin(AccessControlledAdmin):
    resource = Resource.COMMUNITY_CODES

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        transaction.on_commit(_rescore)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        transaction.on_commit(_rescore)


@admin.register(RiskWeight)
class RiskWeightAdmin(RescoringAdmin):
    list_display = ["code", "label_en", "label_km", "weight", "sort_order"]
    list_editable = ["weight"]
    readonly_fields = ["code"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # the flags are the rules' (community/risk.py): weights only

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(KnownExploitation)
class KnownExploitationAdmin(RescoringAdmin):
    list_display = ["country", "sector", "note", "is_active"]
    list_filter = ["is_active"]
