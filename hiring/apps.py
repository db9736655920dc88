from django.apps import AppConfig


class HiringConfig(AppConfig):
    name = "hiring"
    verbose_name = "Hiring"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from applications import sections
        from applications.signals import application_submitted, candidate_data_requested

        from .candidate_area import application_lines, application_page
        from .candidate_data import interviews_and_offers
        from .emails import queue_manager_notice
        from .models import RejectionReason, forget_offered_reasons

        application_submitted.connect(queue_manager_notice, dispatch_uid="hiring_manager_notice")
        candidate_data_requested.connect(interviews_and_offers, dispatch_uid="hiring_candidate_data")
        # The candidate's interviews and offers in their own area, which applications shows without knowing of them.
        sections.register(page=application_page, lines=application_lines)
        # The reasons' list is cached for the move forms (RejectionReasonQuerySet.offered_choices).
        post_save.connect(forget_offered_reasons, sender=RejectionReason, dispatch_uid="hiring_reason_saved")
        post_delete.connect(forget_offered_reasons, sender=RejectionReason, dispatch_uid="hiring_reason_deleted")
        # A data migration may add or change reasons without the model's signals.
        post_migrate.connect(forget_offered_reasons, sender=self, dispatch_uid="hiring_reasons_migrated")
