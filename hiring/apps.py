from django.apps import AppConfig


class HiringConfig(AppConfig):
    name = "hiring"
    verbose_name = "Hiring"

    def ready(self):
        from applications.signals import application_submitted, candidate_data_requested

        from .candidate_data import interviews_and_offers
        from .emails import queue_manager_notice

        application_submitted.connect(queue_manager_notice, dispatch_uid="hiring_manager_notice")
        candidate_data_requested.connect(interviews_and_offers, dispatch_uid="hiring_candidate_data")
