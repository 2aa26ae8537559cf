"""The offence list, seeded from the domain facts. Arts. 8 and 10 of the 2008 law were checked
against the law; the rest are marked unverified for administrators to check and correct."""

from django.db import migrations

OFFENCES = [
    # law, article, English, Khmer, penalty, category, verified
    ("TIP2008", "8", "Unlawful removal (force, threat, deception, abuse of power, enticement, or taking a minor from lawful custody)",
     "ការនាំចេញដោយខុសច្បាប់ (ដោយកម្លាំង ការគំរាមកំហែង ការបោកប្រាស់ ការរំលោភអំណាច ការល្បួង ឬការនាំអនីតិជនចេញពីអាណាព្យាបាលស្របច្បាប់)",
     "", "removal", True),
    ("TIP2008", "10", "Unlawful removal with purpose (profit, sexual aggression, pornography, marriage against will, adoption, any form of exploitation)",
     "ការនាំចេញដោយខុសច្បាប់ក្នុងគោលបំណង (ប្រាក់ចំណេញ ការរំលោភផ្លូវភេទ អាសអាភាស អាពាហ៍ពិពាហ៍ប្រឆាំងនឹងឆន្ទៈ ការសុំកូនចិញ្ចឹម ឬការកេងប្រវ័ញ្ចគ្រប់ទម្រង់)",
     "7–15 years; 15–20 years if the victim is a minor, the offender a public official abusing authority, or an organised group",
     "removal", True),
    ("TIP2008", "12", "Selling, buying or exchanging a person with purpose (article number unverified)",
     "ការលក់ ទិញ ឬដោះដូរមនុស្សក្នុងគោលបំណង (លេខមាត្រាមិនទាន់ផ្ទៀងផ្ទាត់)", "", "sale", False),
    ("TIP2008", "15", "Cross-border transfer of a person with purpose (article number unverified)",
     "ការផ្ទេរមនុស្សឆ្លងដែនក្នុងគោលបំណង (លេខមាត្រាមិនទាន់ផ្ទៀងផ្ទាត់)", "", "transfer", False),
    ("TIP2008", "17", "Transporting a person with purpose (article number unverified)",
     "ការដឹកជញ្ជូនមនុស្សក្នុងគោលបំណង (លេខមាត្រាមិនទាន់ផ្ទៀងផ្ទាត់)", "", "transport", False),
    ("TIP2008", "19", "Receiving a person with purpose (article number unverified)",
     "ការទទួលមនុស្សក្នុងគោលបំណង (លេខមាត្រាមិនទាន់ផ្ទៀងផ្ទាត់)", "", "receipt", False),
    ("TIP2008", "24", "Procuring prostitution (article number unverified)",
     "ការជួញដូរប្រាក់ពីពេស្យាចារ (លេខមាត្រាមិនទាន់ផ្ទៀងផ្ទាត់)", "", "prostitution", False),
    ("TIP2008", "40", "Child pornography (article number unverified)",
     "រូបភាពអាសអាភាសកុមារ (លេខមាត្រាមិនទាន់ផ្ទៀងផ្ទាត់)", "", "pornography", False),
    ("TIP2008", "42", "Indecency against a minor under fifteen (article number unverified)",
     "អំពើអាសអាភាសលើអនីតិជនអាយុក្រោមដប់ប្រាំឆ្នាំ (លេខមាត្រាមិនទាន់ផ្ទៀងផ្ទាត់)", "", "indecency", False),
]


def seed(apps, schema_editor):
    Offence = apps.get_model("cases", "Offence")
    for law, article, en, km, penalty, category, verified in OFFENCES:
        Offence.objects.get_or_create(
            law=law, article=article,
            defaults={"title_en": en, "title_km": km, "penalty": penalty, "category": category,
                      "verified": verified},
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_case_database")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
