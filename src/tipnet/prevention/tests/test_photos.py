"""Photos of an activity: uploaded through the page, stored re-encoded without where they were
taken (no EXIF, no GPS) and encrypted at rest; other files refused with a reason and nothing
written; a photo of recognisable children needs a consent and exists only for the uploading
organisation; every upload, look and removal is in the activity's trail."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation
from PIL import Image

from tipnet.accounts.access import NotAllowed, organisation_ids
from tipnet.accounts.roles import RoleCode
from tipnet.audit.models import AuditEvent
from tipnet.core.actor import Actor
from tipnet.prevention import photos, rules, services_photos
from tipnet.prevention.models_photos import ActivityPhoto
from tipnet.prevention.tests.test_pages import _client
from tipnet.prevention.tests.test_services import record
from tipnet.testing import login, make_org, make_user

GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F


def _phone_exif(orientation: int | None = None) -> Image.Exif:
    """What a phone writes: the camera's make, where it was taken, maybe turned."""
    exif = Image.Exif()
    exif[MAKE] = "Qzphonemaker"
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (13.0, 39.0, 12.5), 3: "E", 4: (102.0, 33.0, 41.0)})
    return exif


def _jpeg(size: tuple[int, int] = (60, 40), orientation: int | None = None) -> bytes:
    """A JPEG as a phone writes it."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG", exif=_phone_exif(orientation))
    return out.getvalue()


def _image(fmt: str, mode: str = "RGB", size: tuple[int, int] = (60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, fmt)
    return out.getvalue()


def _upload(client: Any, activity: Any, data: bytes, name: str = "photo.jpg", **fields: Any) -> Any:
    upload = SimpleUploadedFile(name, data, content_type="image/jpeg")
    return client.post(f"/prevention/{activity.pk}/photos/", {"image": upload, **fields})


def _events(activity: Any, action: str = "change") -> list[str]:
    found = AuditEvent.objects.filter(object_type="prevention.activity",
                                      object_id=str(activity.pk), action=action)  # fmt: skip
    return [e.detail for e in found.order_by("id") if e.detail.startswith("photo")]


def test_it_stores_a_photo_without_location_and_encrypted(world):
    session = record(world)
    raw = _jpeg(orientation=6)
    assert b"Exif" in raw and Image.open(io.BytesIO(raw)).getexif().get_ifd(GPS_IFD)
    officer = _client(world, "prevention")
    answer = _upload(officer, session, raw, caption="Peer leaders at the school gate")
    assert answer.status_code == 302
    photo = ActivityPhoto.objects.get()
    stored = photo.image
    assert stored[:3] == b"\xff\xd8\xff" and photo.content_type == "image/jpeg"
    assert b"Exif" not in stored and b"GPS" not in stored and b"Qzphonemaker" not in stored
    reread = Image.open(io.BytesIO(stored))
    assert not reread.getexif() and "icc_profile" not in reread.info
    # Turned upright by its orientation (60 x 40 taken turned: 40 x 60), sizes stored.
    assert reread.size == (40, 60) and (photo.width, photo.height) == (40, 60)
    assert photo.owner_organisation == world.orgs["prevention"]
    # Encrypted at rest: the column holds no JPEG.
    with connection.cursor() as cursor:
        table = ActivityPhoto._meta.db_table
        cursor.execute(f"SELECT image FROM {table} WHERE id = %s", [photo.pk])
        column = bytes(cursor.fetchone()[0])
    assert b"\xff\xd8\xff" not in column and b"JFIF" not in column and len(column) > 100
    # The caption (it can name people) too.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT caption FROM {table} WHERE id = %s", [photo.pk])
        assert "Peer leaders" not in cursor.fetchone()[0]
    assert ActivityPhoto.objects.get().caption == "Peer leaders at the school gate"
    # The image itself: decrypted, typed, never cached or sniffed, each look audited.
    image = officer.get(f"/prevention/{session.pk}/photos/{photo.pk}/")
    assert image.status_code == 200 and image.content == stored
    assert image["Content-Type"] == "image/jpeg"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert image["Cache-Control"] == "private, no-store"
    assert image["Content-Disposition"].startswith("inline; filename=")
    assert _events(session) == [f"photo #{photo.pk} added"]
    assert _events(session, "view") == [f"photo #{photo.pk}"]
    page = officer.get(f"/prevention/{session.pk}/photos/")
    assert "Peer leaders at the school gate" in page.text and 'data-photos="1"' in page.text
    assert 'data-photo-count="1"' in officer.get(f"/prevention/{session.pk}/").text


def _truncated() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(out, "JPEG")
    return out.getvalue()[: len(out.getvalue()) // 2]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: b"Minutes of the village meeting\n" * 20, "not a photo tipnet can read"),
        (_truncated, "not a photo tipnet can read"),
        (lambda: _image("GIF"), "not a photo tipnet can read"),
        (lambda: _image("PNG", "1", (8000, 8000)), "too many pixels"),  # 64 megapixels, 10 kB
    ],
    ids=["text-named-jpg", "truncated", "gif", "decompression-bomb"],
)
def test_it_refuses_what_is_no_photo_and_writes_nothing(world, make, reason, monkeypatch):
    # As in a process that has printed a summary: WeasyPrint lets Pillow load truncated files.
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    session = record(world)
    answer = _upload(_client(world, "prevention"), session, make())
    assert answer.status_code == 200 and reason in answer.text
    assert not ActivityPhoto.objects.exists() and _events(session) == []


def test_it_refuses_what_pillow_itself_calls_a_decompression_bomb(monkeypatch):
    monkeypatch.setattr(photos, "MAX_PIXELS", 10**10)
    bomb = _image("PNG", "1", (10_000, 10_000))  # past Image.MAX_IMAGE_PIXELS
    with pytest.raises(photos.PhotoRefused) as refused, translation.override("en"):
        photos.clean(bomb)
    assert "too many pixels" in refused.value.message


def test_it_refuses_a_photo_larger_than_the_setting(world, settings):
    settings.TIPNET_PHOTO_MAX_BYTES = 1000
    session = record(world)
    answer = _upload(_client(world, "prevention"), session, _jpeg((400, 300)))
    assert "The photo is larger than" in answer.text
    with pytest.raises(photos.PhotoRefused), translation.override("en"):
        photos.clean(b"\xff\xd8\xff" + b"\0" * 2000)
    assert not ActivityPhoto.objects.exists()


def test_it_needs_a_consent_for_a_photo_of_recognisable_children(world):
    session = record(world)
    officer = _client(world, "prevention")
    answer = _upload(officer, session, _jpeg(), children_recognisable="on", consent="  ")
    assert "record who gave consent" in answer.text
    assert not ActivityPhoto.objects.exists() and _events(session) == []
    with pytest.raises(rules.Refused), translation.override("en"):
        services_photos.add_photo(Actor.command(world.users["prevention"]), session, _jpeg(),
                                  children_recognisable=True)  # fmt: skip
    assert _upload(officer, session, _jpeg(), children_recognisable="on",
                   consent="Parents signed the school's form").status_code == 302  # fmt: skip
    photo = ActivityPhoto.objects.get()
    assert photo.children_recognisable and photo.consent == "Parents signed the school's form"
    with connection.cursor() as cursor:  # encrypted at rest
        cursor.execute(f"SELECT consent FROM {ActivityPhoto._meta.db_table} WHERE id = %s",
                       [photo.pk])  # fmt: skip
        assert "Parents signed" not in cursor.fetchone()[0]


def _two_photos(world: Any) -> tuple[Any, ActivityPhoto, ActivityPhoto]:
    session = record(world)
    actor = Actor.command(world.users["prevention"])
    gate = services_photos.add_photo(actor, session, _jpeg(), "The school gate")
    children = services_photos.add_photo(actor, session, _jpeg(), "Qzchildcaption",
                                         children_recognisable=True, consent="Qzconsent")  # fmt: skip
    return session, gate, children


def test_it_shows_a_photo_of_children_only_to_the_uploading_organisation(world):
    session, gate, children = _two_photos(world)
    base = f"/prevention/{session.pk}/photos/"
    owner = _client(world, "prevention")
    assert 'data-photos="2"' in owner.get(base).text
    assert "Qzchildcaption" in owner.get(base).text and "Qzconsent" in owner.get(base).text
    assert 'data-photo-count="2"' in owner.get(f"/prevention/{session.pk}/").text
    assert owner.get(f"{base}{children.pk}/").status_code == 200
    # The provincial committee and the national analysts see the session: the gate, not the
    # children, which are neither listed, nor counted, nor at their address.
    for name in ("pcct", "analyst"):
        client = _client(world, name)
        listing = client.get(base).text
        assert 'data-photos="1"' in listing and "The school gate" in listing
        assert "Qzchildcaption" not in listing and "Qzconsent" not in listing
        assert 'data-photo-count="1"' in client.get(f"/prevention/{session.pk}/").text
        assert client.get(f"{base}{gate.pk}/").status_code == 200
        assert client.get(f"{base}{children.pk}/").status_code == 404
        assert client.get(f"{base}{children.pk}/delete/").status_code == 404
        assert client.post(f"{base}{children.pk}/delete/").status_code == 404
        assert client.get(f"{base}{gate.pk}/delete/").status_code == 403
    # A partner organisation: never the children (it does not see the organiser's activity
    # today: 403; were it to see it, the photo would still not be there: 404).
    partner_org = make_org("Partner NGO", coverage="01")
    session.partners.add(partner_org)
    partner = make_user("partner", [RoleCode.PREVENTION_OFFICER], partner_org, "01", totp=True)
    assert not rules.may_see_photo(organisation_ids(partner), children)
    assert rules.may_see_photo(organisation_ids(partner), gate)
    client = _client_of(partner)
    assert client.get(f"{base}{children.pk}/").status_code in (403, 404)
    assert "Qzchildcaption" not in client.get(base).text
    assert _client(world, "police").get(f"{base}{gate.pk}/").status_code == 403
    # The reads that were allowed are audited, the refused ones are not reads.
    assert _events(session, "view").count(f"photo #{children.pk}") == 1


def _client_of(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.cookies["tipnet_language"] = "en"
    login(client, user)
    return client


def test_it_removes_a_photo_for_the_uploading_organisation_only(world):
    session, gate, children = _two_photos(world)
    base = f"/prevention/{session.pk}/photos/"
    assert _client(world, "pcct").post(f"{base}{gate.pk}/delete/").status_code == 403
    # Another officer of the same NGO removes it (the organisation's photo, not the uploader's).
    colleague = make_user("colleague", [RoleCode.PREVENTION_OFFICER], world.orgs["prevention"],
                          "01", totp=True)  # fmt: skip
    client = _client_of(colleague)
    assert "Remove this photo" in client.get(f"{base}{gate.pk}/delete/").text
    assert client.post(f"{base}{gate.pk}/delete/").status_code == 302
    assert list(ActivityPhoto.objects.values_list("pk", flat=True)) == [children.pk]
    assert client.get(f"{base}{gate.pk}/").status_code == 404
    assert _events(session) == [f"photo #{gate.pk} added", f"photo #{children.pk} added",
                                f"photo #{gate.pk} removed"]  # fmt: skip
    with pytest.raises(NotAllowed):
        services_photos.remove_photo(Actor.command(world.users["pcct"]), children)
    assert ActivityPhoto.objects.count() == 1


def test_it_uploads_only_for_who_may_change_the_activity(world):
    session = record(world)
    pcct = _client(world, "pcct")
    assert pcct.get(f"/prevention/{session.pk}/photos/").status_code == 200
    assert "data-photo-upload" not in pcct.get(f"/prevention/{session.pk}/photos/").text
    assert _upload(pcct, session, _jpeg()).status_code == 403
    with pytest.raises(NotAllowed):
        services_photos.add_photo(Actor.command(world.users["pcct"]), session, _jpeg())
    assert not ActivityPhoto.objects.exists()


def test_it_keeps_transparency_reads_webp_and_makes_large_photos_smaller(world):
    png = photos.clean(_image("PNG", "RGBA"))
    assert png.content_type == "image/png" and png.data.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(png.data)).mode == "RGBA"
    if "WEBP" in photos.ACCEPTED:
        webp = photos.clean(_image("WEBP"))
        assert webp.content_type == "image/jpeg" and (webp.width, webp.height) == (60, 40)
    large = photos.clean(_jpeg((3000, 1000)))
    assert (large.width, large.height) == (photos.MAX_EDGE, 683)
    assert Image.open(io.BytesIO(large.data)).size == (photos.MAX_EDGE, 683)


def _landscape(size: tuple[int, int] = (2048, 1536)) -> bytes:
    """A phone photo's worth of detail (smooth shapes and grain), with its EXIF and GPS."""
    grain = Image.effect_noise((size[0] // 4, size[1] // 4), 64).convert("RGB")
    out = io.BytesIO()
    grain.resize(size, Image.Resampling.BICUBIC).save(out, "JPEG", quality=92,
                                                      exif=_phone_exif())  # fmt: skip
    return out.getvalue()


def _no_metadata(data: bytes) -> None:
    assert b"Exif" not in data and b"GPS" not in data and b"Qzphonemaker" not in data
    reread = Image.open(io.BytesIO(data))
    assert (
        not reread.getexif()
        and not reread.getexif().get_ifd(GPS_IFD)
        and "exif" not in reread.info
        and "icc_profile" not in reread.info
    )


def test_it_makes_a_small_thumbnail_from_the_cleaned_pixels():
    raw = _landscape((1600, 1200))
    assert b"Qzphonemaker" in raw and Image.open(io.BytesIO(raw)).getexif().get_ifd(GPS_IFD)
    clean = photos.clean(raw)
    thumb = clean.thumbnail
    assert (thumb.width, thumb.height) == (photos.THUMBNAIL_EDGE, 240)
    assert thumb.data[:3] == b"\xff\xd8\xff"
    assert Image.open(io.BytesIO(thumb.data)).size == (320, 240)
    _no_metadata(thumb.data)
    # Upright like the photo (taken turned: 640 x 480 becomes 480 x 640).
    turned = photos.clean(_jpeg((640, 480), orientation=6)).thumbnail
    assert (turned.width, turned.height) == (240, 320)
    _no_metadata(turned.data)
    # Transparency kept: a PNG, like the photo (one content type serves both).
    png = photos.clean(_image("PNG", "RGBA", (800, 400)))
    assert png.content_type == "image/png" and png.thumbnail.data.startswith(b"\x89PNG")
    reread = Image.open(io.BytesIO(png.thumbnail.data))
    assert reread.mode == "RGBA" and reread.size == (320, 160) and not reread.info.get("exif")
    # A small photo is not enlarged.
    small = photos.clean(_jpeg((120, 80))).thumbnail
    assert (small.width, small.height) == (120, 80)


def test_it_serves_the_thumbnail_with_the_checks_headers_and_trail_of_the_image(world):
    session, gate, children = _two_photos(world)
    base = f"/prevention/{session.pk}/photos/"
    stored = ActivityPhoto.objects.get(pk=gate.pk)
    assert (stored.thumbnail_width, stored.thumbnail_height) == (60, 40)
    with connection.cursor() as cursor:  # encrypted at rest, like the image
        cursor.execute(f"SELECT thumbnail FROM {ActivityPhoto._meta.db_table} WHERE id = %s",
                       [gate.pk])  # fmt: skip
        column = bytes(cursor.fetchone()[0])
    assert b"\xff\xd8\xff" not in column and b"JFIF" not in column and len(column) > 100
    owner = _client(world, "prevention")
    listing = owner.get(base).text
    # The list shows the thumbnail at its size and links it to the photo itself.
    assert (f'<a href="{base}{gate.pk}/" data-full-photo><img src="{base}{gate.pk}/thumbnail/" '
            'width="60" height="40"') in listing  # fmt: skip
    answer = owner.get(f"{base}{gate.pk}/thumbnail/")
    assert answer.status_code == 200 and answer.content == stored.thumbnail
    assert answer["Content-Type"] == "image/jpeg" and answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Cache-Control"] == "private, no-store"
    assert answer["Content-Disposition"] == (
        f'inline; filename="activity-{session.pk}-photo-{gate.pk}-thumbnail.jpg"'
    )
    _no_metadata(answer.content)
    assert owner.get(f"{base}{children.pk}/thumbnail/").status_code == 200
    # The children's photo does not exist for the other organisations at this address either.
    for name in ("pcct", "analyst"):
        client = _client(world, name)
        assert f"{base}{children.pk}/thumbnail/" not in client.get(base).text
        assert client.get(f"{base}{gate.pk}/thumbnail/").status_code == 200
        assert client.get(f"{base}{children.pk}/thumbnail/").status_code == 404
    assert _client(world, "police").get(f"{base}{gate.pk}/thumbnail/").status_code == 403
    assert owner.get(f"{base}{gate.pk + children.pk + 1}/thumbnail/").status_code == 404
    # Each look in the activity's trail, the refused ones not.
    assert _events(session, "view") == [
        f"photo #{gate.pk} thumbnail", f"photo #{children.pk} thumbnail",
        f"photo #{gate.pk} thumbnail", f"photo #{gate.pk} thumbnail",
    ]  # fmt: skip


def _migration() -> Any:
    import importlib

    return importlib.import_module("tipnet.prevention.migrations.0010_photo_thumbnails")


def test_it_fills_the_thumbnail_of_a_photo_stored_without_one(world):
    from types import SimpleNamespace

    from django.apps import apps

    session = record(world)
    photo = services_photos.add_photo(Actor.command(world.users["prevention"]), session,
                                      _landscape((1024, 768)), "Before thumbnails")  # fmt: skip
    made = ActivityPhoto.objects.get(pk=photo.pk).thumbnail
    ActivityPhoto.objects.filter(pk=photo.pk).update(thumbnail=None, thumbnail_width=0,
                                                     thumbnail_height=0)  # fmt: skip
    base = f"/prevention/{session.pk}/photos/{photo.pk}/"
    owner = _client(world, "prevention")
    # Until it is filled: the list shows the photo itself, the thumbnail address gives it too.
    listing = owner.get(f"/prevention/{session.pk}/photos/").text
    assert f'<img src="{base}" width="1024" height="768"' in listing
    assert "/thumbnail/" not in listing
    assert owner.get(f"{base}thumbnail/").content == ActivityPhoto.objects.get().image
    _migration().fill_thumbnails(apps, SimpleNamespace(connection=connection))
    filled = ActivityPhoto.objects.get()
    assert (filled.thumbnail_width, filled.thumbnail_height) == (320, 240)
    assert Image.open(io.BytesIO(filled.thumbnail)).size == (320, 240)
    assert abs(len(filled.thumbnail) - len(made)) < len(made) // 2  # as the upload makes it
    _no_metadata(filled.thumbnail)
    listing = owner.get(f"/prevention/{session.pk}/photos/").text
    assert f'<img src="{base}thumbnail/" width="320" height="240"' in listing
    # Run again: nothing left to do, nothing changed.
    _migration().fill_thumbnails(apps, SimpleNamespace(connection=connection))
    assert ActivityPhoto.objects.get().thumbnail == filled.thumbnail


def test_the_list_page_loads_a_fraction_of_the_photos_bytes(world):
    import re

    session = record(world)
    actor = Actor.command(world.users["prevention"])
    services_photos.add_photo(actor, session, _landscape(), "The parade")
    services_photos.add_photo(actor, session, _landscape((1536, 2048)), "The banner")
    owner = _client(world, "prevention")
    listing = owner.get(f"/prevention/{session.pk}/photos/").text
    shown = re.findall(r'<img src="([^"]+)"', listing)
    linked = re.findall(r'<a href="([^"]+)" data-full-photo>', listing)
    assert len(shown) == len(linked) == 2 and all(src.endswith("/thumbnail/") for src in shown)
    before = sum(len(owner.get(url).content) for url in linked)  # what the list loaded before
    after = sum(len(owner.get(url).content) for url in shown)
    assert before > 200_000 and after * 4 < before, (before, after)
