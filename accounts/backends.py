"""The sign-in backend: Django's, reading a signed-in person's reviewer groups with the account itself.

Every page of the hiring workspace asks `User.reviewer_groups`; read here in the query that loads the
session's user, it costs no query of its own (one fewer on every staff page).
"""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Q, StringAgg, Value

from .models import REVIEWER_GROUPS, User


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            # Stop here: Django's own backend, listed after this one only to read sessions signed in before it
            # existed, would check the same password a second time.
            raise PermissionDenied
        return user

    def get_user(self, user_id):
        names = StringAgg(
            "groups__name", delimiter=Value(","), filter=Q(groups__name__in=REVIEWER_GROUPS), default=Value("")
        )
        try:
            user = User._default_manager.annotate(reviewer_group_names=names).get(pk=user_id)
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        user.keep_reviewer_groups(user.reviewer_group_names)
        return user
