"""The photos of an activity: the list with the upload form, one photo's image or its
thumbnail (decrypted, audited: one view, a parameter), removing one. The activity is asked of
the access module first; a photo in which children can be recognised is, for anyone outside
the uploading organisation, not there (404), like a photo that does not exist
(services_photos, rules.may_see_photo)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tipnet.accounts.access import (
    Action,
    NotAllowed,
    Resource,
    can,
    deny,
    fetch,
    organisation_ids,
    require,
)
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.core.actor import Actor
from tipnet.core.versioning import refuse
from tipnet.prevention import photos, rules, services_photos
from tipnet.prevention.models import Activity
from tipnet.prevention.models_photos import ActivityPhoto
from tipnet.prevention.views import _activities


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=gettext_lazy("Photo (JPEG, PNG or WebP)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=gettext_lazy("Where it was taken and the camera's details are removed."),
    )
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=300, required=False)
    children_recognisable = forms.BooleanField(
        label=gettext_lazy("Children can be recognised"), required=False,
        help_text=gettext_lazy("Then only your organisation sees the photo, and a consent is "
                               "needed."),
    )  # fmt: skip
    consent = forms.CharField(
        label=gettext_lazy("Consent recorded"), max_length=300, required=False,
        help_text=gettext_lazy("Who gave consent, and how (for example: parents signed the "
                               "form)."),
    )  # fmt: skip

    def clean_image(self) -> Any:
        upload = self.cleaned_data["image"]
        try:
            photos.check_size(upload.size)
        except photos.PhotoRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload


def _seen(request: AuthenticatedRequest, activity: Activity, photo_pk: int) -> ActivityPhoto:
    """The photo if this user sees it (they may see the activity), else 404; its bytes are
    read (and decrypted) only when asked for (``photo.image``, ``photo.thumbnail``: deferred)."""
    found = ActivityPhoto.objects.filter(pk=photo_pk, activity=activity)
    photo = found.defer("image", "thumbnail").first()
    if photo is None or not rules.may_see_photo(organisation_ids(request.user), photo):
        raise Http404
    photo.activity = activity
    return photo


def _upload(request: AuthenticatedRequest, activity: Activity, form: PhotoForm) -> bool:
    data = form.cleaned_data
    try:
        services_photos.add_photo(
            Actor.of(request), activity, data["image"].read(), data["caption"],
            data["children_recognisable"], data["consent"],
        )  # fmt: skip
    except photos.PhotoRefused as refused:
        form.add_error(refused.field, refused.message)
    except rules.Refused as refused:
        form.add_error(None, refused.message)
    except NotAllowed as refused:
        refuse(request, form, refused)
    else:
        return True
    return False


@login_required
def photo_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The activity's photos this user sees; who may change the activity uploads one."""
    activity = fetch(request, Resource.PREVENTION, _activities(), pk)
    user = request.user
    may_change = can(user, Action.CHANGE, Resource.PREVENTION, activity)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require(request, Action.CHANGE, Resource.PREVENTION, activity)
        if form.is_valid() and _upload(request, activity, form):
            messages.success(request, _("The photo was added."))
            return redirect("prevention:photos", pk=activity.pk)
    own = organisation_ids(user)
    rows = [
        (photo, may_change and photo.owner_organisation_id in own)
        for photo in services_photos.seen_photos(user, activity).select_related(
            "owner_organisation"
        )
    ]
    return render(request, "prevention/photo_list.html", {
        "activity": activity, "rows": rows, "form": form, "may_change": may_change,
        "max_edge": photos.MAX_EDGE,
    })  # fmt: skip


@login_required
def photo_image(
    request: AuthenticatedRequest, pk: int, photo_pk: int, thumbnail: bool = False
) -> HttpResponse:
    """The image itself, or its thumbnail (``thumbnail``, from the URL: the same checks,
    headers and trail), decrypted; a photo without a thumbnail gives the image itself."""
    activity = fetch(request, Resource.PREVENTION, _activities(), pk)
    photo = _seen(request, activity, photo_pk)
    services_photos.record_read(Actor.of(request), activity, photo, thumbnail)
    data = (photo.thumbnail if thumbnail else None) or photo.image
    response = HttpResponse(data, content_type=photo.content_type)
    name = f"activity-{activity.pk}-photo-{photo.pk}{'-thumbnail' if thumbnail else ''}"
    filename = f"{name}.{photos.extension(photo.content_type)}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def photo_delete(request: AuthenticatedRequest, pk: int, photo_pk: int) -> HttpResponse:
    """Asks first (GET), removes the photo (POST): the uploading organisation only."""
    activity = fetch(request, Resource.PREVENTION, _activities(), pk)
    photo = _seen(request, activity, photo_pk)
    if not services_photos.may_remove(request.user, activity, photo):
        require(request, Action.CHANGE, Resource.PREVENTION, activity)  # audited 403
        deny(request, "remove prevention photo of another organisation", activity)
    if request.method != "POST":
        return render(request, "prevention/photo_delete.html",
                      {"activity": activity, "photo": photo})  # fmt: skip
    services_photos.remove_photo(Actor.of(request), photo)
    messages.success(request, _("The photo was removed."))
    return redirect("prevention:photos", pk=activity.pk)
