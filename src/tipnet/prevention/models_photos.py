"""Photos of an activity. Stored encrypted, re-encoded on upload so that no location or other
metadata survives (prevention/photos.py), with a small thumbnail for the list (a photo without
one, stored before thumbnails existed, is shown itself). A photo in which children can be
recognised needs a recorded consent and is seen only by the recording organisation
(rules.may_see_photo)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.core.encryption import EncryptedBinaryField, EncryptedTextField
from tipnet.prevention.models import Activity

USER = settings.AUTH_USER_MODEL


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, models.CASCADE, related_name="photos")
    image = EncryptedBinaryField(_("photo"))
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    # Same content type as the image, at most photos.THUMBNAIL_EDGE px.
    thumbnail = EncryptedBinaryField(_("thumbnail"), null=True, blank=True)
    thumbnail_width = models.PositiveIntegerField(default=0)
    thumbnail_height = models.PositiveIntegerField(default=0)
    # A caption or a consent can name people (children, their parents): encrypted at rest.
    caption = EncryptedTextField(_("caption"), blank=True)
    children_recognisable = models.BooleanField(
        _("children can be recognised"), default=False,
        help_text=_("Then only your organisation sees the photo, and a consent is needed."),
    )  # fmt: skip
    consent = EncryptedTextField(
        _("consent recorded"), blank=True,
        help_text=_("Who gave consent, and how (for example: parents signed the form)."),
    )  # fmt: skip
    # The organisation that uploaded it: the only one that sees a photo of children.
    owner_organisation = models.ForeignKey("accounts.Organisation", models.PROTECT,
                                           related_name="+")  # fmt: skip
    uploaded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"photo #{self.pk}"
