from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = "Verification"

    def ready(self):
        from . import signals  # noqa: F401  (evidence files go when their entry goes)
