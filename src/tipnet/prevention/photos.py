"""Photos of an activity as they are stored: checked and re-encoded from their pixels.

A photo taken on a phone carries where it was taken (EXIF GPS), the phone, the time, often a
thumbnail of the uncropped picture and XMP or ICC blocks with more. None of it is kept: the
upload is decoded (JPEG, PNG or WebP only, recognised from the content, never from the name),
turned upright by its EXIF orientation, made smaller when larger than ``MAX_EDGE``, and written
again as a new JPEG (or PNG when it has transparency) from its pixels alone. Anything else is
refused with a reason in the user's language: another kind of file, a broken or truncated
image, one too large in bytes or in pixels (a decompression bomb). A thumbnail (at most
``THUMBNAIL_EDGE``) is made from the same cleaned pixels, for the list on a slow line."""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, features

from tipnet.prevention.rules import Refused

# The longest side kept: enough to see who came and what happened, small on a slow line.
MAX_EDGE = 2048
# Decoded pixels allowed before anything is decoded (a 50-megapixel phone photo fits); Pillow's
# own limit (Image.MAX_IMAGE_PIXELS) stays as it is for the rest of the program, and its
# warning counts as a refusal here.
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 85
# The list's picture: a card is at most ~20rem wide, and a village phone pays for every byte.
THUMBNAIL_EDGE = 320
THUMBNAIL_QUALITY = 80
ACCEPTED = ("JPEG", "PNG", *(("WEBP",) if features.check("webp") else ()))
_DECODE_ERRORS = (
    OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError, KeyError, struct.error,
    Image.DecompressionBombError, Image.DecompressionBombWarning,
)  # fmt: skip


# Modes Pillow resamples well as they are (a palette image is converted first).
_RESAMPLED = frozenset({"RGB", "RGBA", "L", "LA", "CMYK"})


class PhotoRefused(Refused):
    """A refused photo; ``field`` names the form field the reason belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Thumbnail:
    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    content_type: str
    width: int
    height: int
    thumbnail: Thumbnail


def max_bytes() -> int:
    return int(settings.TIPNET_PHOTO_MAX_BYTES)


def _too_large() -> PhotoRefused:
    mb = max_bytes() / (1024 * 1024)
    return PhotoRefused(
        _("The photo is larger than %(mb)s MB: send a smaller one.") % {"mb": f"{mb:g}"}, "image"
    )


def check_size(size: int) -> None:
    """Refuse an upload by its size alone, before it is read."""
    if size > max_bytes():
        raise _too_large()
    if size <= 0:
        raise PhotoRefused(_("The file is empty."), "image")


def _not_an_image() -> PhotoRefused:
    kinds = "JPEG, PNG, WebP" if "WEBP" in ACCEPTED else "JPEG, PNG"
    return PhotoRefused(
        _("This file is not a photo tipnet can read (%(kinds)s), or it is damaged.")
        % {"kinds": kinds},
        "image",
    )


def _complete(kind: str | None, raw: bytes) -> bool:
    """Whether the file holds the whole image. Pillow refuses a truncated file only while
    ``ImageFile.LOAD_TRUNCATED_IMAGES`` is off, and WeasyPrint (the printed summaries) turns it
    on for the whole process when it is imported: so the end of the data is checked here."""
    if kind == "JPEG":  # the end-of-image marker after the last scan
        return raw.rfind(b"\xff\xd9") > raw.rfind(b"\xff\xda")
    if kind == "PNG":
        return b"IEND" in raw[-64:]
    if kind == "WEBP":  # the RIFF container's own length
        return len(raw) >= 8 and int.from_bytes(raw[4:8], "little") + 8 <= len(raw)
    return True


def _decode(raw: bytes) -> Image.Image:
    """The first frame of the image, loaded, or a refusal."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(raw), formats=list(ACCEPTED))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PhotoRefused(_("The photo has too many pixels to be read safely."), "image")
            if image.format == "JPEG":  # decode at a reduced scale when it is far larger
                image.draft("RGB", (MAX_EDGE, MAX_EDGE))
            if not _complete(image.format, raw):
                raise _not_an_image()
            image.load()
        except PhotoRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRefused(
                _("The photo has too many pixels to be read safely."), "image"
            ) from None
        except _DECODE_ERRORS:
            raise _not_an_image() from None
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _to_srgb(image: Image.Image, mode: str) -> Image.Image:
    """The pixels in ``mode``, moved into sRGB when the image brought a colour profile (so that
    the profile need not be kept: it can name the camera or the editing software)."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target = ImageCms.createProfile("sRGB")
            moved = ImageCms.profileToProfile(image, source, target, outputMode=mode)
            if moved is not None:
                return moved
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: keep the pixels as they are
    return image if image.mode == mode else image.convert(mode)


def clean(raw: bytes) -> CleanPhoto:
    """The photo to store: upright, at most ``MAX_EDGE`` on its longest side, re-encoded from
    its pixels with no metadata at all. Raises :class:`PhotoRefused`."""
    check_size(len(raw))
    image = _decode(raw)
    try:
        upright = ImageOps.exif_transpose(image) or image
        alpha = _has_alpha(upright)
        if upright.mode in ("I", "I;16", "I;16B", "I;16L", "F"):  # 16-bit or float greys
            upright = upright.convert("F").point(lambda v: v / 256).convert("L")
        if upright.mode in _RESAMPLED:  # smaller first: less to convert
            upright.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
        pixels = _to_srgb(upright, "RGBA" if alpha else "RGB")
        pixels.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
        # A new image from the bare pixels: nothing of the upload's info (EXIF, XMP, ICC,
        # text chunks, comments) can follow it into the file written.
        bare = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
        data, content_type = _encode(bare, alpha, JPEG_QUALITY)
        small = _thumbnail(bare, alpha)
    except _DECODE_ERRORS:
        raise _not_an_image() from None
    return CleanPhoto(data, content_type, bare.width, bare.height, small)


def _encode(bare: Image.Image, alpha: bool, quality: int) -> tuple[bytes, str]:
    out = io.BytesIO()
    if alpha:
        bare.save(out, "PNG", optimize=True)
        return out.getvalue(), "image/png"
    bare.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue(), "image/jpeg"


def _thumbnail(bare: Image.Image, alpha: bool) -> Thumbnail:
    """At most ``THUMBNAIL_EDGE`` on its longest side (a smaller photo is not enlarged), of the
    same kind as the photo (PNG when it has transparency): the same content type serves both."""
    small = bare.copy()  # the cleaned pixels: no info to carry
    small.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
    data, _type = _encode(small, alpha, THUMBNAIL_QUALITY)
    return Thumbnail(data, small.width, small.height)


def thumbnail_of(stored: bytes, content_type: str) -> Thumbnail:
    """The thumbnail of a photo already stored (so already cleaned: upright, sRGB, bare),
    for the photos stored before thumbnails were (migration 0010)."""
    alpha = content_type == "image/png"
    with Image.open(io.BytesIO(stored), formats=["JPEG", "PNG"]) as image:
        image.load()
        pixels = image.convert("RGBA" if alpha else "RGB")
    return _thumbnail(Image.frombytes(pixels.mode, pixels.size, pixels.tobytes()), alpha)


def extension(content_type: str) -> str:
    return {"image/png": "png"}.get(content_type, "jpg")
