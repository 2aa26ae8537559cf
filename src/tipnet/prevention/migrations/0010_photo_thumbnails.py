"""A thumbnail for each photo (the list loaded every full image before): the fields, and a
thumbnail made for the photos already stored, from their stored (already cleaned) pixels,
decrypted and encrypted again through the model's fields, a few photos at a time."""

from django.db import migrations, models

import tipnet.core.encryption

BATCH = 20  # photos of up to 2048 px held in memory at once


def fill_thumbnails(apps, schema_editor):
    from tipnet.prevention.photos import thumbnail_of

    photo_model = apps.get_model("prevention", "ActivityPhoto")
    photos = photo_model.objects.using(schema_editor.connection.alias)
    last = 0
    while True:
        batch = list(
            photos.filter(thumbnail__isnull=True, pk__gt=last)
            .order_by("pk")
            .only("pk", "image", "content_type")[:BATCH]
        )
        for photo in batch:
            try:
                small = thumbnail_of(photo.image, photo.content_type)
            except (OSError, ValueError, SyntaxError, TypeError):
                continue  # unreadable: the list keeps showing the photo itself
            photos.filter(pk=photo.pk).update(
                thumbnail=small.data, thumbnail_width=small.width, thumbnail_height=small.height
            )
        if len(batch) < BATCH:
            return
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("prevention", "0009_encrypt_photo_caption_consent")]

    operations = [
        migrations.AddField(
            model_name="activityphoto",
            name="thumbnail",
            field=tipnet.core.encryption.EncryptedBinaryField(
                blank=True, null=True, verbose_name="thumbnail"
            ),
        ),
        migrations.AddField(
            model_name="activityphoto",
            name="thumbnail_height",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="activityphoto",
            name="thumbnail_width",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(fill_thumbnails, migrations.RunPython.noop),
    ]
