from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self):
        from accounts.signals import account_email
        from postings import panels

        from .candidate_checks import posting_panel
        from .emails import queue_account_email

        account_email.connect(queue_account_email, dispatch_uid="applications_account_email")
        # A signed-in candidate's checks on each open posting's page, which postings renders without knowing of them.
        panels.register(posting_panel)
