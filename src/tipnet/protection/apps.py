from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "tipnet.protection"
    verbose_name = _("Victim protection")
