from __future__ import annotations

from tipnet.testing import login


def test_it_remembers_the_language_on_the_user(cast, client):
    police = cast.users["police"]
    login(client, police)
    client.post("/language/", {"language": "km", "next": "/people/"})
    police.refresh_from_db()
    assert police.language == "km"
    client.cookies.clear()  # another browser: the choice follows the user
    login(client, police)
    assert '<html lang="km">' in client.get("/").text


def test_it_shows_each_role_what_it_can_do(cast, client):
    tiles = {
        "admin": {"audit", "admin"},
        "auditor": {"audit", "people"},
        "police": {"people"},
        "analyst": {"people"},
        "volunteer": set(),
        "prevention": set(),
    }
    for username, expected in tiles.items():
        client.logout()
        login(client, cast.users[username])
        page = client.get("/").text
        shown = {k for k in ("people", "audit", "admin") if f'data-tile="{k}"' in page}
        assert shown == expected, username


def test_it_shows_what_waits_for_the_user(cast, client):
    login(client, cast.users["police"])
    page = client.get("/").text
    assert "without a date of birth" in page
    assert "Security events" not in page


def test_it_serves_its_own_assets(cast, client):
    login(client, cast.users["police"])
    page = client.get("/").text
    assert "https://" not in page.split("<body")[0]  # no CDN in the head
    assert "/static/tipnet/tipnet.css" in page
