"""The demo holds verified hires, a discrepancy, references answered and pending, and credentials at each threshold."""

from django.core.management import call_command
from django.utils import timezone

from applications.models import Application
from verification import gate
from verification.expiry import Expiring, expiring
from verification.models import Reference, VerificationEntry


def test_the_demo_shows_every_part_of_verification(catalog):
    call_command("seed_demo")
    today = timezone.localdate()

    hires = Application.objects.filter(stage=Application.Stage.HIRED)
    assert hires and all(gate.readiness(hire).ready for hire in hires)
    assert VerificationEntry.objects.filter(result=VerificationEntry.Result.DISCREPANCY).exists()
    assert Reference.objects.answered().count() == 2
    assert Reference.objects.filter(answered_at__isnull=True).count() == 1
    thresholds = {Expiring.from_row(row).threshold(today) for row in expiring(today)}
    assert thresholds == {7, 30, 90}
