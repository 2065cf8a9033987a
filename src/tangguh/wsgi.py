"""WSGI entry point: `gunicorn tangguh.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from tangguh.core.startup import freeze_loaded_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangguh.settings")
application = get_wsgi_application()
freeze_loaded_objects()
