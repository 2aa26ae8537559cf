"""Photos for the demo's activities, drawn here (nothing is downloaded): a parade banner for
Anti-Human Trafficking Day and a Child Peer Group session, the second marked as showing children
who can be recognised, with the consent it needs. Both go through services_photos.add_photo, so
they are re-encoded, stored encrypted and audited as any upload."""

from __future__ import annotations

import io

from tipnet.core.actor import Actor
from tipnet.prevention import services_photos
from tipnet.prevention.models import Activity


def _picture(sky: tuple[int, int, int], people: int, banner: tuple[int, int, int]) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 640), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 430, 960, 640), fill=(196, 170, 120))  # the road or the schoolyard
    draw.rectangle((120, 110, 840, 220), fill=banner, outline=(255, 255, 255), width=6)
    for n in range(people):
        x = 40 + n * (880 // max(people - 1, 1))
        y = 360 + (n % 3) * 25
        colour = ((n * 53) % 200 + 30, (n * 97) % 200 + 30, (n * 31) % 200 + 30)
        draw.ellipse((x - 18, y - 70, x + 18, y - 34), fill=(150, 105, 80))
        draw.rectangle((x - 22, y - 32, x + 22, y + 40), fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def add_demo_photos(officer: Actor, parade: Activity, session: Activity) -> None:
    services_photos.add_photo(
        officer,
        parade,
        _picture((150, 200, 240), 14, (200, 30, 45)),
        caption="Anti-Human Trafficking Day parade on Poipet market road",
    )
    services_photos.add_photo(
        officer,
        session,
        _picture((235, 225, 200), 7, (30, 90, 170)),
        caption="Child Peer Group session at the secondary school",
        children_recognisable=True,
        consent="Parents' written consent, collected by the school director",
    )
