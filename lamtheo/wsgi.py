import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")

from lamtheo.security import refuse_development_key  # noqa: E402 - needs DJANGO_SETTINGS_MODULE set

refuse_development_key()
application = get_wsgi_application()
