"""One settings module, driven by the environment (healthchecks style).

SQLite is the embedded default; DATABASE_URL switches to PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).lower() in ("1", "true", "yes", "on")


def envsecret(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (for container secrets)."""
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.getenv(name, default)


DEBUG = envbool("DEBUG", "false")
# Tests and management commands may run on this key; serving with DEBUG off never does
# (lamtheo.security.refuse_development_key, called by lamtheo/wsgi.py, and the deploy check).
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = envsecret("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = [h for h in os.getenv("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.getenv("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_filters",
    "django_htmx",
    "ninja",
    "django_tasks_db",
    "lamtheo",
    "audit",
    "org",
    "accounts",
    "members",
    "documents",
    "directives",
    "indicators",
    "jobs",
    "study",
]

# Long work (the member export of a province) runs in the background: `manage.py db_worker`
# (django-tasks-db) takes the tasks from the database; `make demo` starts one beside the server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.ActorMiddleware",
    "lamtheo.lib.request_memo.RequestMemoMiddleware",
    "lamtheo.api.MethodNotAllowedMiddleware",
]

ROOT_URLCONF = "lamtheo.urls"
# Bootstrap classes and the project's field template for every form (lamtheo.lib.forms).
FORM_RENDERER = "lamtheo.lib.forms.BootstrapRenderer"
WSGI_APPLICATION = "lamtheo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lamtheo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.actor",
                "lamtheo.navigation.nav",
            ],
            "builtins": ["lamtheo.templatetags.kit"],
        },
    },
]

SQLITE_PATH = os.getenv("SQLITE_PATH", str(BASE_DIR / "var" / "lamtheo.sqlite3"))
DATABASE_URL = os.getenv("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"]["TEST"] = {"NAME": os.getenv("TEST_DB_NAME", "test_lamtheo")}
else:
    Path(SQLITE_PATH).parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # IMMEDIATE avoids "database is locked" upgrades from read to write locks.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Requests per API token (ninja's rate format: "1200/min", "50000/day"). Counted in the cache: per process
# with the default local-memory cache.
API_RATE_LIMIT = os.getenv("API_RATE_LIMIT", "1200/min")

# Lockout after repeated failed logins (accounts/login.py): per (account, address), per account from
# anywhere (a higher limit, a shorter lock), per address for any name; counter rows capped.
LOGIN_MAX_FAILURES = int(os.getenv("LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.getenv("LOGIN_LOCKOUT_MINUTES", "15"))
LOGIN_ACCOUNT_MAX_FAILURES = int(os.getenv("LOGIN_ACCOUNT_MAX_FAILURES", "20"))
LOGIN_ACCOUNT_LOCKOUT_MINUTES = int(os.getenv("LOGIN_ACCOUNT_LOCKOUT_MINUTES", "5"))
LOGIN_ADDRESS_MAX_FAILURES = int(os.getenv("LOGIN_ADDRESS_MAX_FAILURES", "50"))
LOGIN_ADDRESS_LOCKOUT_MINUTES = int(os.getenv("LOGIN_ADDRESS_LOCKOUT_MINUTES", "15"))
LOGIN_THROTTLE_MAX_ROWS = int(os.getenv("LOGIN_THROTTLE_MAX_ROWS", "10000"))

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS behind a proxy (docs/install.md, "Production checklist"): the proxy terminates TLS and says so.
BEHIND_HTTPS_PROXY = envbool("BEHIND_HTTPS_PROXY", "false")
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SECURE_HSTS_SECONDS = int(os.getenv("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

# Paths to external programs (optional: features degrade when absent).
SOFFICE_PATH = os.getenv("SOFFICE_PATH", "soffice")
# The warm PDF converter (unoserver, `manage.py pdf_server`): host:port, "" to always start a one-shot soffice.
PDF_SERVER = os.getenv("PDF_SERVER", "127.0.0.1:2003")
# The Python that has LibreOffice's uno module (Debian: python3-uno for /usr/bin/python3).
UNO_PYTHON = os.getenv("UNO_PYTHON", "")
# Make the PDF copy right after issuing a document (LibreOffice, ~2 s); off in most tests.
DOCUMENTS_PDF_ON_ISSUE = envbool("DOCUMENTS_PDF_ON_ISSUE", "true")
# The real seed documents, an extra corpus for the tests when present (the project has its own samples).
SEEDS_DIR = Path(os.getenv("SEEDS_DIR", str(BASE_DIR.parent / "shared" / "seeds")))
# Uploads waiting for the next step (import preview and save, documents read but not registered):
# one folder per area, never under MEDIA_ROOT (lamtheo/lib/uploads.py).
UPLOAD_STAGING_DIR = os.getenv("UPLOAD_STAGING_DIR", str(BASE_DIR / "var" / "uploads"))
