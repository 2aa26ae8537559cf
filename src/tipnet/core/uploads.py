"""Checks on uploaded files: the type is read from the content, never trusted from the name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

SIGNATURES = {
    "application/pdf": b"%PDF-",
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
}
DOCUMENT_TYPES = frozenset(SIGNATURES)
IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})


def checked_upload(upload: Any, allowed: frozenset[str], message: Any) -> Any:
    """The upload, with ``detected_type`` set, if its size and content are acceptable."""
    limit = settings.TIPNET_MAX_UPLOAD_MB
    if upload.size > limit * 1024 * 1024:
        raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit})
    head = upload.read(16)
    upload.seek(0)
    kind = next((t for t in allowed if head.startswith(SIGNATURES[t])), None)
    if kind is None:
        raise forms.ValidationError(message)
    upload.detected_type = kind
    return upload
