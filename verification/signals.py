"""Evidence files go from storage once their entry is deleted (with its application: retention, account deletion)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from applications.services import _delete_files_on_commit

from .models import VerificationEntry


@receiver(post_delete, sender=VerificationEntry, dispatch_uid="verification_evidence_delete")
def delete_evidence_file(sender, instance, **kwargs):
    _delete_files_on_commit(instance.evidence.storage, [instance.evidence.name])
