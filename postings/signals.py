"""The board's version follows every row the board, the feeds and the sitemap show.

Connected by PostingsConfig.ready(). What they show: postings, their
requirements (in the Indeed description), locations, care settings, and the
levels with their duties. Bulk changes send no signal: JobPostingQuerySet's
update() and bulk_create() bump the version themselves.
"""

from django.db.models.signals import post_delete, post_save

from roles.models import Responsibility, RoleLevel

from .models import BoardVersion, CareSetting, JobPosting, Location, PostingRequirement


def board_changed(sender, **kwargs):
    BoardVersion.bump()


def connect_board_signals():
    for model in (JobPosting, PostingRequirement, Location, CareSetting, RoleLevel, Responsibility):
        post_save.connect(board_changed, sender=model, dispatch_uid=f"board_changed_save_{model._meta.label}")
        post_delete.connect(board_changed, sender=model, dispatch_uid=f"board_changed_delete_{model._meta.label}")
