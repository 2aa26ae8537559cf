from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tipnet.accounts.access import Resource
from tipnet.accounts.models import Organisation, Role, User
from tipnet.accounts.twofactor import reset_devices
from tipnet.core.admin import AccessControlledAdmin


@admin.register(Organisation)
class OrganisationAdmin(AccessControlledAdmin):
    resource = Resource.ORGANISATION
    list_display = ["name_en", "name_km", "kind", "parent", "coverage", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_en", "name_km"]
    autocomplete_fields = ["parent", "coverage"]


@admin.register(Role)
class RoleAdmin(AccessControlledAdmin):
    resource = None
    list_display = ["code", "__str__"]


@admin.register(User)
class UserAdmin(AccessControlledAdmin, DjangoUserAdmin):
    resource = Resource.USER
    list_display = [
        "username",
        "first_name",
        "last_name",
        "organisation",
        "jurisdiction",
        "is_active",
    ]
    list_filter = ["roles", "is_active", "organisation__kind"]
    search_fields = ["username", "first_name", "last_name", "full_name_km", "email"]
    autocomplete_fields = ["organisation", "jurisdiction"]
    filter_horizontal = ["roles"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal details"),
            {"fields": ("first_name", "last_name", "full_name_km", "email", "language")},
        ),
        (
            _("Organisation, roles and jurisdiction"),
            {"fields": ("organisation", "roles", "jurisdiction")},
        ),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        (
            _("Organisation, roles and jurisdiction"),
            {"fields": ("organisation", "roles", "jurisdiction")},
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_two_factor"]

    @admin.action(
        description=_("Reset two-factor authentication (lost phone)"), permissions=["change"]
    )
    def reset_two_factor(self, request: HttpRequest, queryset: Any) -> None:
        """The way back for a user who lost their authenticator: their devices go (audited,
        one event per user), and they set up a new one at their next login."""
        users = list(queryset)
        for user in users:
            reset_devices(request, user)
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication was reset for %(count)d user. They set it up "
                "again at their next login.",
                "Two-factor authentication was reset for %(count)d users. They set it up "
                "again at their next login.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
