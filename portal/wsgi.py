import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from portal.request_limits import BodyDeadline
from portal.startup import freeze_startup_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = BodyDeadline(get_wsgi_application(), settings.REQUEST_BODY_SECONDS)
freeze_startup_objects()
