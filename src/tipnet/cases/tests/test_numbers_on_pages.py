"""A verdict typed with Khmer digits on the real form, and the case page writing its amounts,
sentences and dates in the page's language while the case number stays as written."""

from __future__ import annotations

from datetime import date

from tipnet.cases.models import Charge, Offence
from tipnet.testing import login


def _speaks(user, language):
    user.language = language  # the language a user chose is the one their pages come in
    user.save(update_fields=["language"])


def _to_trial(client, world, suspect):
    url = f"/cases/{world.case.pk}/suspects/{suspect.pk}/"
    steps = [("arrest", "២០២៦-០១-១២", {}),
             ("forwarded", "2026-01-20", {"organisation": world.cast.orgs["prosecution_bmc"].pk}),
             ("judicial_investigation", "2026-02-05", {"organisation": world.court.pk}),
             ("indicted", "2026-04-01", {"organisation": world.court.pk}),
             ("trial", "2026-06-01", {"organisation": world.court.pk})]  # fmt: skip
    offence = Offence.objects.get(law="TIP2008", article="10")
    for kind, on, extra in steps:
        response = client.post(url + "step/", {"kind": kind, "date": on, **extra})
        assert response.status_code == 302, response.content.decode()[:2000]
        if kind == "arrest":
            posted = client.post(
                url + "charge/", {"offence": offence.pk, "charged_on": "២០២៦-០២-០១"}
            )
            assert posted.status_code == 302, posted.content.decode()[:2000]


def test_it_takes_a_verdict_typed_in_khmer_digits_and_shows_it_in_both_languages(world, client):
    login(client, world.cast.users["police"])
    _to_trial(client, world, world.suspect_a)
    client.logout()
    login(client, world.cast.users["prosecutor"])
    charge = Charge.objects.get(suspect=world.suspect_a)
    response = client.post(f"/cases/{world.case.pk}/charges/{charge.pk}/verdict/", {
        "verdict": "convicted", "verdict_on": "២០២៦-០៧-១៥", "verdict_court": "first_instance",
        "prison_years": "១០", "prison_months": "០", "prison_days": "០",
        "suspended_years": "0", "suspended_months": "0", "suspended_days": "0",
        "fine_amount": "២០,០០០,០០០", "fine_currency": "KHR",
        "compensation_amount": "1,500.50", "compensation_currency": "USD",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    charge.refresh_from_db()
    assert (charge.verdict_on, charge.prison_years) == (date(2026, 7, 15), 10)
    assert (charge.fine_amount, charge.charged_on) == (20_000_000, date(2026, 2, 1))
    assert str(charge.compensation_amount) == "1500.50"

    prosecutor = world.cast.users["prosecutor"]
    _speaks(prosecutor, "km")
    khmer = client.get(f"/cases/{world.case.pk}/").text
    assert "២០,០០០,០០០ រៀល" in khmer and "១,៥០០.៥០ ដុល្លារអាមេរិក" in khmer
    assert "១៥ កក្កដា ២០២៦" in khmer and "១០ ឆ្នាំ" in khmer
    assert "20000000.00" not in khmer and "2026-07-15" not in khmer
    # Identifiers stay as written: the case number keeps its Western digits.
    assert (
        world.case.number in khmer
        and world.case.number.translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")) not in khmer
    )

    _speaks(prosecutor, "en")
    english = client.get(f"/cases/{world.case.pk}/").text
    assert "fine 20,000,000 riel" in english and "compensation 1,500.50 US dollars" in english
    assert "15 Jul 2026" in english and "10 y 0 m 0 d prison" in english


def test_it_counts_the_case_list_in_khmer_digits(world, client):
    police = world.cast.users["police"]
    login(client, police)
    _speaks(police, "km")
    khmer = client.get("/cases/").text
    assert "<p data-count>សំណុំរឿងចំនួន ១</p>" in khmer
    _speaks(police, "en")
    assert "<p data-count>1 case</p>" in client.get("/cases/").text


def test_it_imports_khmer_digits_and_a_grouped_fine_as_the_forms_take_them(cast, client):
    from tipnet.cases.tests.test_import import _csv, _post, _rows

    rows = _rows(4)[12:]  # case 3: each suspect convicted on the first charge, with a fine
    khmer = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
    for row in rows:
        row["reported_on"] = row["reported_on"].isoformat().translate(khmer)
        if row.get("fine_amount"):
            row["fine_amount"] = "២០,០០០,០០០"
    login(client, cast.users["police"])
    response = _post(client, _csv(rows).encode(), "cases.csv")
    assert response.status_code == 302, response.content.decode()[:3000]
    fined = Charge.objects.filter(fine_amount__isnull=False).select_related("suspect__case")
    assert [c.fine_amount for c in fined] == [20_000_000, 20_000_000]  # both suspects
    assert {c.suspect.case.reported_on for c in fined} == {date(2024, 1, 4)}
