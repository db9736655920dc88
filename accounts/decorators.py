"""Who may open a view, by kind of account: shared by the apps that serve staff (hiring, verification)."""

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404


def reviewer_required(view):
    """Signed in (else the sign-in page) and a reviewer (else 404, so nothing here is revealed)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_reviewer:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return login_required(wrapped)
