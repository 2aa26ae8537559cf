"""Django admin, opened to administrators through the access-control module, and audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Action, Resource, can
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event


def _admin_site_allowed(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_active and user.is_authenticated and can(user, Action.VIEW, Resource.ADMIN_SITE)
    )


admin.site.has_permission = _admin_site_allowed  # type: ignore[method-assign]
admin.site.site_header = _("tipnet administration")
admin.site.site_title = _("tipnet administration")
admin.site.index_title = _("Organisations, users and code lists")


def _shown(value: Any) -> str:
    """A form value as the audit trail shows it (lists of objects by their names)."""
    if value is None:
        return ""
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return ", ".join(sorted(str(getattr(v, "pk", v)) for v in value))
    return str(getattr(value, "pk", value))


class AccessControlledAdmin(admin.ModelAdmin):
    """Permissions come from the access module's resource, not Django's model permissions.
    ``resource = None`` makes a read-only code list for administrators."""

    resource: Resource | None = None
    secret_fields: frozenset[str] = frozenset({"password"})

    def _can(self, request: HttpRequest, action: Action, obj: Any = None) -> bool:
        if self.resource is None:
            return action in (Action.VIEW, Action.LIST) and _admin_site_allowed(request)
        return can(request.user, action, self.resource, obj)  # type: ignore[arg-type]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _admin_site_allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _admin_site_allowed(request) and self._can(request, Action.VIEW, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _admin_site_allowed(request) and self._can(request, Action.CREATE)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _admin_site_allowed(request) and self._can(request, Action.CHANGE, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _admin_site_allowed(request) and self._can(request, Action.DELETE, obj)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        record_event(request, AuditAction.CREATE, target=obj, detail="admin")
        return super().log_addition(request, obj, message)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Old and new values of the fields the form changed, kept on the request (the admin
        # instance is shared between requests) for the audit event written by log_change.
        if change:
            old, new = form.initial, form.cleaned_data
            request.tipnet_audit_changes = {  # type: ignore[attr-defined]
                name: {"changed": True} if name in self.secret_fields
                else {"old": _shown(old.get(name)), "new": _shown(new.get(name))}
                for name in form.changed_data
            }  # fmt: skip
        super().save_model(request, obj, form, change)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        changes = getattr(request, "tipnet_audit_changes", {})
        record_event(request, AuditAction.CHANGE, target=obj, detail="admin", changes=changes)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            record_event(request, AuditAction.DELETE, target=obj, detail="admin")
        return super().log_deletions(request, queryset)
