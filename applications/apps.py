from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self):
        from accounts.signals import account_email

        from .emails import queue_account_email

        account_email.connect(queue_account_email, dispatch_uid="applications_account_email")
