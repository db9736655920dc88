from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Job alerts and saved jobs"

    def ready(self):
        from applications.signals import candidate_data_requested

        from .export import alerts_and_saved_jobs

        candidate_data_requested.connect(alerts_and_saved_jobs, dispatch_uid="alerts_candidate_data")
