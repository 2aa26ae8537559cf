"""The gazetteer: Cambodia's administrative areas and the world's countries.

Area codes are the official ones. They mostly nest by prefix (province ``02``, district
``0201``, commune ``020101``, village ``02010101``) but not always: after communes were
re-drawn some villages kept their old code (village ``02140401`` lies in commune ``021405``).
A few villages share a code or have a malformed one (``0506140-``), and thirteen belong to a
commune missing from the commune list. So an area's key (``code``) is its official code where
that is unique and well-formed, and otherwise the official code plus a short digest of its
commune and names; ``official_code`` keeps what was published. Each area carries its ``path``
through its real parents (``02.0214.021405.02140401``): "inside this jurisdiction" is a
prefix test on that indexed path.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    DISTRICT = 2, _("District")
    COMMUNE = 3, _("Commune")
    VILLAGE = 4, _("Village")


def localised(name_km: str, name_en: str) -> str:
    return name_km if (get_language() or "km").startswith("km") and name_km else name_en


class Area(models.Model):
    code = models.CharField(_("code"), max_length=24, primary_key=True)
    official_code = models.CharField(_("official code"), max_length=8, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=AreaLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    path = models.CharField(_("path"), max_length=120, unique=True, editable=False)
    name_km = models.CharField(_("name in Khmer"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    # Well-known names besides the official ones ("Poipet"), "|"-separated (geo/data).
    other_names = models.CharField(_("other names"), max_length=300, blank=True)
    # The folded names of the area and its ancestors, for search (geo/names.py).
    search_text = models.CharField(max_length=600, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        indexes = [models.Index(fields=["level", "parent"], name="geo_area_level_parent")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self.name_km, self.name_en)

    def ancestors(self) -> list[Area]:
        """This area's ancestors from the province down, without itself."""
        cached = getattr(self, "_ancestors", None)
        if cached is not None:
            return cached
        codes = self.path.split(".")[:-1]
        found = {a.code: a for a in Area.objects.filter(code__in=codes)}
        self._ancestors = [found[c] for c in codes if c in found]
        return self._ancestors

    def full_name(self) -> str:
        """ "Village, Commune, District, Province" in the active language."""
        return ", ".join(a.name for a in [self, *reversed(self.ancestors())])


class Country(models.Model):
    code = models.CharField(_("ISO 3166 code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(max_length=3, unique=True)
    name_km = models.CharField(_("name in Khmer"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return localised(self.name_km, self.name_en)


CAMBODIA = "KH"


def prefetch_ancestors(areas: Iterable[Area | None]) -> None:
    """Load the ancestors of all these areas in one query (a list page shows many places)."""
    pending = [a for a in areas if a is not None and getattr(a, "_ancestors", None) is None]
    codes = {c for a in pending for c in a.path.split(".")[:-1]}
    found = {a.code: a for a in Area.objects.filter(code__in=codes)} if codes else {}
    for area in pending:
        area._ancestors = [found[c] for c in area.path.split(".")[:-1] if c in found]
