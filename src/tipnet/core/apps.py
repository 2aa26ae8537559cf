from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tipnet.core"
    verbose_name = _("tipnet")

    def ready(self) -> None:
        from tipnet.core.numbers import accept_khmer_digits

        accept_khmer_digits()
