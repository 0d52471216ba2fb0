from django.apps import AppConfig


class OparlConfig(AppConfig):
    name = "oparl"
    verbose_name = "OParl 1.1"

    def ready(self) -> None:
        from oparl import cache, signals

        signals.connect()
        cache.connect()
