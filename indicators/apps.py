from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Số liệu"

    def ready(self) -> None:
        # Each app declares its figures in <app>/indicators.py, found like admin modules.
        autodiscover_modules("indicators")
        # The services tell which units' records they wrote; the summary rows of those units follow.
        from lamtheo.lib.tallies import on_records_changed

        from .summary import refresh

        on_records_changed(refresh)
