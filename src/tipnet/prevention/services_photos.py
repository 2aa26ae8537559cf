"""Photos of an activity: which a user sees, adding one (re-encoded by prevention/photos.py,
stored encrypted), taking one away. Each write is one transaction with its audit event on the
activity's trail, naming the photo by its number only (a caption or consent can name people).

Who: whoever may change the activity adds a photo, for their own organisation; whoever may see
the activity sees its photos, except a photo in which children can be recognised, which only
the uploading organisation sees (``rules.may_see_photo``): for everyone else it does not exist,
in the list, the count and at its address. The uploading organisation's users who may change
the activity remove its photos."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, NotAllowed, Resource, can, organisation_ids
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.prevention import photos, rules
from tipnet.prevention.models import Activity
from tipnet.prevention.models_photos import ActivityPhoto


def seen_photos(user: Any, activity: Activity) -> QuerySet[ActivityPhoto]:
    """The photos of ``activity`` this user sees (the caller checked they may see the
    activity), without their bytes: the list and the count never decrypt an image.
    ``has_thumbnail`` says whether the list may show the thumbnail (else the photo)."""
    own = organisation_ids(user)
    has_thumbnail = ExpressionWrapper(Q(thumbnail__isnull=False), output_field=BooleanField())
    return (
        activity.photos.filter(Q(children_recognisable=False) | Q(owner_organisation_id__in=own))
        .defer("image", "thumbnail")
        .annotate(has_thumbnail=has_thumbnail)
    )


def seen_count(user: Any, activity: Activity) -> int:
    return seen_photos(user, activity).count()


def may_remove(user: Any, activity: Activity, photo: ActivityPhoto) -> bool:
    return photo.owner_organisation_id in organisation_ids(user) and can(
        user, Action.CHANGE, Resource.PREVENTION, activity
    )


def add_photo(
    actor: Actor,
    activity: Activity,
    raw: bytes,
    caption: str = "",
    children_recognisable: bool = False,
    consent: str = "",
) -> ActivityPhoto:
    """Store the photo, re-encoded without any metadata, for the actor's organisation.
    Raises NotAllowed, or photos.PhotoRefused / rules.Refused with the reason (nothing is
    written then)."""
    user = actor.user
    if not user.organisation_id or not can(user, Action.CHANGE, Resource.PREVENTION, activity):
        raise NotAllowed(_("Your role may not record this."), "add prevention photo")
    caption, consent = (caption or "").strip(), (consent or "").strip()
    try:
        rules.check_photo(children_recognisable, consent)
    except rules.Refused as refused:
        raise photos.PhotoRefused(refused.message, "consent") from None
    if not children_recognisable:
        consent = ""  # a consent belongs to a photo of children only
    clean = photos.clean(raw)
    with transaction.atomic():
        photo = ActivityPhoto.objects.create(
            activity=activity, image=clean.data, content_type=clean.content_type,
            width=clean.width, height=clean.height, thumbnail=clean.thumbnail.data,
            thumbnail_width=clean.thumbnail.width, thumbnail_height=clean.thumbnail.height,
            caption=caption[:300],
            children_recognisable=children_recognisable, consent=consent[:300],
            owner_organisation_id=user.organisation_id, uploaded_by=user,
        )  # fmt: skip
        changes = {"photos": {"old": "", "new": f"#{photo.pk}"}}
        if children_recognisable:
            changes["photo_children_recognisable"] = {"old": "", "new": "True"}
        record_event(actor, AuditAction.CHANGE, target=activity,
                     detail=f"photo #{photo.pk} added", changes=changes)  # fmt: skip
    return photo


def remove_photo(actor: Actor, photo: ActivityPhoto) -> None:
    """Take the photo away (its bytes are gone; the trail keeps that it was there)."""
    activity = photo.activity
    if not may_remove(actor.user, activity, photo):
        raise NotAllowed(
            _("Only the organisation that uploaded a photo may remove it."),
            "remove prevention photo",
        )
    with transaction.atomic():
        found = ActivityPhoto.objects.select_for_update().filter(pk=photo.pk)
        current = found.defer("image", "thumbnail").first()
        if current is None:
            return
        pk = current.pk
        current.delete()
        record_event(actor, AuditAction.CHANGE, target=activity, detail=f"photo #{pk} removed",
                     changes={"photos": {"old": f"#{pk}", "new": ""}})  # fmt: skip


def record_read(
    actor: Actor, activity: Activity, photo: ActivityPhoto, thumbnail: bool = False
) -> None:
    """Every look at a photo's bytes, its thumbnail's too, is in the activity's trail."""
    detail = f"photo #{photo.pk} thumbnail" if thumbnail else f"photo #{photo.pk}"
    record_event(actor, AuditAction.VIEW, target=activity, detail=detail)
