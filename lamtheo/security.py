"""The site never serves with the development secret key unless DEBUG is on.

Settings cannot refuse the key themselves: tests, `makemigrations --check` and other commands load them
with DEBUG off and no key, and they sign nothing. Serving is where the key matters (sessions, CSRF,
password-reset links), so the WSGI entry point refuses it, and `check --deploy` reports it as an error.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY_MESSAGE = (
    "SECRET_KEY is the development key while DEBUG is off: set SECRET_KEY (or SECRET_KEY_FILE) to a "
    "long random value, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
    "Khóa bí mật đang là khóa phát triển: đặt SECRET_KEY trước khi chạy thật."
)


def uses_development_key() -> bool:
    return settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY


def refuse_development_key() -> None:
    """Called before the WSGI application is built (lamtheo/wsgi.py, and runserver through it)."""
    if not settings.DEBUG and uses_development_key():
        raise ImproperlyConfigured(DEVELOPMENT_KEY_MESSAGE)


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs) -> list[Error]:
    if uses_development_key():
        return [Error(DEVELOPMENT_KEY_MESSAGE, id="lamtheo.E001")]
    return []
