"""Place search folds romanisations and knows well-known other names ("Poipet" for Paoy
Paet): each area gets its other names from geo/data/other_names.csv and its search text is
recomputed, parents first, so that databases loaded before find them too."""

from django.db import migrations, models


def recompute(apps, schema_editor):
    from tipnet.geo.names import other_names, search_text

    Area = apps.get_model("geo", "Area")
    known = other_names()
    texts: dict[str, str] = {}
    batch = []
    # A path sorts after its parent's path, so a parent's text is ready before its children.
    for area in Area.objects.order_by("path").only(
        "code", "official_code", "parent_id", "name_km", "name_en"
    ).iterator(chunk_size=2000):
        area.other_names = known.get(area.code, "") if area.code == area.official_code else ""
        parent_text = texts.get(area.parent_id, "") if area.parent_id else ""
        area.search_text = search_text(area.name_km, area.name_en, area.other_names, parent_text)
        texts[area.code] = area.search_text
        batch.append(area)
        if len(batch) == 2000:
            Area.objects.bulk_update(batch, ["other_names", "search_text"])
            batch = []
    if batch:
        Area.objects.bulk_update(batch, ["other_names", "search_text"])


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_gazetteer")]
    operations = [
        migrations.AddField(
            model_name="area",
            name="other_names",
            field=models.CharField(blank=True, max_length=300, verbose_name="other names"),
        ),
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
