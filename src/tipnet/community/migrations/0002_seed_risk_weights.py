"""The risk flags' default weights and labels (community/risk.py FLAGS); administrators change
them afterwards. ``seed`` is also called by tests after a flushing test emptied the table."""

from django.db import migrations

# The defaults as this migration seeds them (risk.FLAGS may change later; these do not).
DEFAULTS = [
    ("minor", 50, "Under 18 at departure", "អាយុក្រោម ១៨ ឆ្នាំ ពេលចាកចេញ"),
    ("last_contact_alarm", 60, "Last contact: in danger or wants to come home",
     "ទំនាក់ទំនងចុងក្រោយ៖ មានគ្រោះថ្នាក់ ឬចង់ត្រឡប់មកផ្ទះវិញ"),
    ("lost_contact", 50, "Lost contact", "បាត់ទំនាក់ទំនង"),
    ("documents_held_by_others", 40, "Documents kept by the broker or employer",
     "ឯកសារត្រូវបានរក្សាទុកដោយមេខ្យល់ ឬនិយោជក"),
    ("unlicensed_broker", 40, "Broker without a licence", "មេខ្យល់គ្មានអាជ្ញាប័ណ្ណ"),
    ("no_passport_abroad", 40, "No passport for a foreign destination",
     "គ្មានលិខិតឆ្លងដែន សម្រាប់ទៅបរទេស"),
    ("known_exploitation", 35, "Destination or sector with known exploitation",
     "គោលដៅ ឬវិស័យ ដែលគេដឹងថាមានការកេងប្រវ័ញ្ច"),
    ("no_visa_or_permit_abroad", 30, "No visa or work permit for work abroad",
     "គ្មានទិដ្ឋាការ ឬប័ណ្ណអនុញ្ញាតការងារ សម្រាប់ធ្វើការនៅបរទេស"),
    ("contract_not_understood", 30, "Contract in a language the migrant cannot read",
     "កិច្ចសន្យាជាភាសា ដែលចំណាកស្រុកមិនអាចអានបាន"),
    ("debt_for_journey", 30, "Debt for the journey", "ជំពាក់បំណុលសម្រាប់ការធ្វើដំណើរ"),
    ("no_contract", 20, "No written contract for work", "គ្មានកិច្ចសន្យាការងារជាលាយលក្ខណ៍អក្សរ"),
    ("online_offer", 15, "Offer seen online", "ការផ្តល់ការងារតាមអនឡាញ"),
    ("agency_licence_missing", 10, "Agency named without a licence number",
     "ទីភ្នាក់ងារ គ្មានលេខអាជ្ញាប័ណ្ណ"),
]  # fmt: skip


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    weight = apps.get_model("community", "RiskWeight")
    for order, (code, value, label_en, label_km) in enumerate(DEFAULTS, start=1):
        weight.objects.get_or_create(
            code=code,
            defaults={"weight": value, "label_en": label_en, "label_km": label_km,
                      "sort_order": order * 10},
        )  # fmt: skip


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("community", "RiskWeight").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("community", "0001_migration_register")]
    operations = [migrations.RunPython(seed, unseed)]
