"""The activity types and topics tipnet ships with (issue 13, from the seeds); administrators
add, rename or retire entries in the admin afterwards."""

from django.db import migrations

ACTIVITY_TYPES = [
    # code, English, Khmer
    ("awareness_session", "Awareness session", "វគ្គផ្សព្វផ្សាយការយល់ដឹង"),
    ("village_meeting", "Monthly village meeting", "កិច្ចប្រជុំភូមិប្រចាំខែ"),
    ("vsn_workshop", "Village Safety Net workshop", "សិក្ខាសាលាកម្មវិធីបណ្ដាញសុវត្ថិភាពភូមិ"),
    ("peer_group_session", "Child Peer Group session", "វគ្គក្រុមកុមារអប់រំមិត្ត"),
    ("school_session", "School session", "វគ្គផ្សព្វផ្សាយនៅសាលារៀន"),
    ("public_event", "Public event or parade (Anti-Human Trafficking Day, 12 December)",
     "ព្រឹត្តិការណ៍សាធារណៈ ឬការដង្ហែក្បួន (ទិវាប្រឆាំងការជួញដូរមនុស្ស ១២ ធ្នូ)"),
    ("training", "Training", "វគ្គបណ្ដុះបណ្ដាល"),
    ("refresher_training", "Refresher training", "វគ្គបណ្ដុះបណ្ដាលរំលឹកឡើងវិញ"),
    ("workshop", "National or provincial workshop", "សិក្ខាសាលាថ្នាក់ជាតិ ឬថ្នាក់ខេត្ត"),
    ("campaign_activity", "Information campaign activity", "សកម្មភាពយុទ្ធនាការផ្សព្វផ្សាយព័ត៌មាន"),
    ("media_broadcast", "Media broadcast", "ការផ្សាយតាមប្រព័ន្ធផ្សព្វផ្សាយ"),
    ("door_to_door", "Door-to-door visit", "ការចុះផ្សព្វផ្សាយតាមខ្នងផ្ទះ"),
]  # fmt: skip

TOPICS = [
    ("safe_migration", "Safe migration", "ចំណាកស្រុកប្រកបដោយសុវត្ថិភាព"),
    ("trafficking_law", "Trafficking law", "ច្បាប់ស្ដីពីការបង្ក្រាបអំពើជួញដូរមនុស្ស"),
    ("child_rights", "Child rights", "សិទ្ធិកុមារ"),
    ("online_scams", "Online recruitment scams", "ការបោកប្រាស់ជ្រើសរើសការងារតាមអនឡាញ"),
    ("referral_pathways", "Referral pathways", "យន្តការបញ្ជូនករណី"),
    ("signs_of_trafficking", "Signs of trafficking", "សញ្ញាសម្គាល់នៃការជួញដូរមនុស្ស"),
    ("documents_before_departure", "Legal documents and contracts before departure",
     "ឯកសារស្របច្បាប់ និងកិច្ចសន្យា មុនចេញដំណើរ"),
    ("domestic_violence", "Domestic violence", "អំពើហិង្សាក្នុងគ្រួសារ"),
    ("child_protection", "Child protection", "កិច្ចការពារកុមារ"),
    ("other", "Other", "ផ្សេងៗ"),
]  # fmt: skip


def seed(apps, schema_editor):
    for model, rows in (("ActivityType", ACTIVITY_TYPES), ("Topic", TOPICS)):
        Model = apps.get_model("prevention", model)
        for order, (code, en, km) in enumerate(rows, start=1):
            Model.objects.get_or_create(
                code=code, defaults={"name_en": en, "name_km": km, "sort_order": order * 10}
            )


class Migration(migrations.Migration):
    dependencies = [("prevention", "0001_activities_participants_attendance")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
