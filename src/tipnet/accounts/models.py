"""Organisations, users, their roles and jurisdictions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.roles import HTCDS_TYPE, OrganisationKind, RoleCode
from tipnet.geo.models import Area, localised


class Organisation(models.Model):
    name_km = models.CharField(_("name in Khmer"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    coverage = models.ForeignKey(
        Area,
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("coverage area"),
        help_text=_("Leave empty for national coverage."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_synthetic = models.BooleanField(_("synthetic (generated) data"), default=False)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return localised(self.name_km, self.name_en)

    @property
    def htcds_type(self) -> str:
        return HTCDS_TYPE[OrganisationKind(self.kind)]

    def subtree_ids(self) -> set[int]:
        """This organisation and every organisation below it."""
        ids = {self.pk}
        frontier = {self.pk}
        while frontier:
            frontier = (
                set(
                    Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
                )
                - ids
            )
            ids |= frontier
        return ids


class Role(models.Model):
    code = models.CharField(_("code"), max_length=32, primary_key=True, choices=RoleCode.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return str(RoleCode(self.code).label)


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="users", verbose_name=_("roles"))
    jurisdiction = models.ForeignKey(
        Area,
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("jurisdiction"),
        help_text=_("Leave empty for national jurisdiction."),
    )
    full_name_km = models.CharField(_("name in Khmer"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=[("km", "ខ្មែរ"), ("en", "English")], default="km"
    )
    is_synthetic = models.BooleanField(_("synthetic (generated) data"), default=False)

    class Meta(AbstractUser.Meta):
        # django-stubs declares these str on AbstractUser.Meta; Django's own are lazy too.
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]

    if TYPE_CHECKING:
        # django_otp's OTPMiddleware sets it on the request's user (only there).
        def is_verified(self) -> bool: ...

        # tipnet.accounts.access caches the user's organisation subtree here.
        _org_subtree: set[int]

    def role_codes(self) -> frozenset[str]:
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = (
                frozenset(self.roles.values_list("code", flat=True)) if self.pk else frozenset()
            )
            self._role_codes = cached
        return cached

    def has_role(self, code: str) -> bool:
        return code in self.role_codes()

    @property
    def display_name(self) -> str:
        latin = self.get_full_name() or self.username
        return localised(self.full_name_km, latin) or latin
