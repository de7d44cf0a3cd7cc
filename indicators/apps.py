from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Số liệu"

    def ready(self) -> None:
        # Each app declares its figures in <app>/indicators.py, found like admin modules.
        autodiscover_modules("indicators")
