"""Django settings for tangguh, read from the environment (see README, "Configuration")."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from tangguh import conf

BASE_DIR = Path(__file__).resolve().parent
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
DATA_DIR = conf.data_dir()
if TESTING and not conf.env_str("DATA_DIR"):
    DATA_DIR = Path(tempfile.gettempdir()) / "tangguh-tests"

DEBUG = conf.env_bool("DEBUG", False)
SECRET_KEY = conf.secret_key(DATA_DIR)
TANGGUH_REGISTRY_KEY = conf.registry_key(DATA_DIR)
ALLOWED_HOSTS = conf.env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = conf.env_list("CSRF_TRUSTED_ORIGINS", [])

# HTTPS hardening is on unless the site is served over plain HTTP (the local demo, development).
HTTPS = conf.env_bool("HTTPS", not DEBUG and not TESTING)
SECURE_SSL_REDIRECT = HTTPS and conf.env_bool("SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = conf.env_int("HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind nginx (see contrib/): trust its X-Forwarded-Proto and X-Real-IP headers.
BEHIND_PROXY = conf.env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = False

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "tangguh.core",
    "tangguh.regions",
    "tangguh.accounts",
    "tangguh.catalogues",
    "tangguh.nomenclature",
    "tangguh.disasters",
    "tangguh.risk",
    "tangguh.preparedness",
    "tangguh.planning",
    "tangguh.spm",
    "tangguh.resilience",
    "tangguh.coordination",
    "tangguh.poverty",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tangguh.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tangguh.core.middleware.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tangguh.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "tangguh.urls"
WSGI_APPLICATION = "tangguh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tangguh.core.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "tangguh.core.renderers.FastSelectRenderer"


def _database() -> dict[str, object]:
    url = conf.env_str("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["OPTIONS"] = _sqlite_options()
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "tangguh.sqlite3",
        "CONN_MAX_AGE": 60,
        "OPTIONS": _sqlite_options(),
    }


def _sqlite_options() -> dict[str, object]:
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock up front so
    # two writers queue on the busy timeout instead of failing with "database is locked".
    return {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # A deliberately slow hash protects stored passwords; tests create hundreds of users and
    # would spend minutes hashing. Production keeps Django's default (PBKDF2).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Sign-in throttling per account and client address together (core/throttle.py): after
# LOGIN_FAILURE_LIMIT failures of one pair within the window, that pair waits LOGIN_DELAY_SECONDS
# before its next try, doubling with each further failure up to LOGIN_MAX_DELAY_SECONDS. No
# account is ever locked from everywhere.
LOGIN_FAILURE_LIMIT = conf.env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = conf.env_int("LOGIN_FAILURE_WINDOW", 15 * 60)
LOGIN_DELAY_SECONDS = conf.env_int("LOGIN_DELAY_SECONDS", 2)
LOGIN_MAX_DELAY_SECONDS = conf.env_int("LOGIN_MAX_DELAY_SECONDS", 5 * 60)

LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LANGUAGE_CODE = conf.env_str("LANGUAGE", "id")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise conf.ConfigError(f"TANGGUH_LANGUAGE={LANGUAGE_CODE!r}: use id or en")
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "tangguh_language"
TIME_ZONE = conf.env_str("TIME_ZONE", "Asia/Makassar")
# SPM: days after a quarter ends within which its report is on time (later reports are late).
TANGGUH_SPM_DEADLINE_DAYS = conf.env_int("SPM_DEADLINE_DAYS", 15)
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_MAX_AGE = 3600

# A form or API body larger than this is refused (413 in the API) before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = conf.env_int("MAX_REQUEST_BYTES", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Uploaded files (region files, imports) larger than this are refused with a message.
MAX_UPLOAD_BYTES = conf.env_int("MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Maps draw the official boundaries without any tile layer; set a tile URL template
# (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png) only where the office is online.
MAP_TILE_URL = conf.env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = conf.env_str("MAP_TILE_ATTRIBUTION", "")
# A background job running longer than this is stopped by its worker and marked failed, and
# taken to have lost its worker when seen from elsewhere (core/jobs.py).
JOB_TIME_LIMIT_SECONDS = conf.env_int("JOB_TIME_LIMIT", 2 * 60 * 60)
# The file reader's limits (core/importing/files.py): a file past one is refused at once.
IMPORT_MAX_UNPACKED_BYTES = conf.env_int("IMPORT_MAX_UNPACKED_MB", 64) * 1024 * 1024
IMPORT_MAX_WORKBOOK_UNPACKED_BYTES = conf.env_int("IMPORT_MAX_WORKBOOK_UNPACKED_MB", 24) * 2**20
IMPORT_MAX_XLS_BYTES = conf.env_int("IMPORT_MAX_XLS_MB", 12) * 2**20
IMPORT_MAX_ROWS = conf.env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_COLUMNS = conf.env_int("IMPORT_MAX_COLUMNS", 256)
IMPORT_MAX_CELLS = conf.env_int("IMPORT_MAX_CELLS", 2_000_000)
IMPORT_MAX_LINE_CHARS = conf.env_int("IMPORT_MAX_LINE_CHARS", 2 * 1024 * 1024)
IMPORT_MAX_CELL_CHARS = conf.env_int("IMPORT_MAX_CELL_CHARS", 1024 * 1024)
# Plausible years per kind of record (core/plausible.py): (first year, years ahead of today).
PLAUSIBLE_YEARS = {
    "disasters": (conf.env_int("FIRST_DISASTER_YEAR", 1800), 0),
    "risk": (conf.env_int("FIRST_ASSESSMENT_YEAR", 2000), 5),
    "climate": (conf.env_int("FIRST_ASSESSMENT_YEAR", 2000), 10),
    "plans": (conf.env_int("FIRST_PLAN_YEAR", 2000), 10),
    "assessments": (conf.env_int("FIRST_ASSESSMENT_YEAR", 2000), 5),
}
# Sent with every response by core.middleware.SecurityHeadersMiddleware (see conf.py).
CONTENT_SECURITY_POLICY = conf.content_security_policy(MAP_TILE_URL)

# Email (the coordination digest): the console by default; SMTP in production, e.g.
# TANGGUH_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with TANGGUH_EMAIL_HOST.
EMAIL_BACKEND = conf.env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = conf.env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = conf.env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = conf.env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = conf.env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = conf.env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = conf.env_str("EMAIL_FROM", "tangguh <noreply@localhost>")
# The address of the site as people reach it, for links in emails.
SITE_URL = conf.env_str("SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tangguh.accounts.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "tangguh.core.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": [
        "tangguh.core.parsers.LimitedJSONParser",
        "tangguh.core.parsers.LimitedFormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "tangguh.core.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tangguh.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "PAGE_SIZE": 25,  # core.pagination.PAGE_SIZES[0]
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "tangguh API",
    "DESCRIPTION": (
        "tangguh's regions, accounts, change log, disaster events, risk, preparedness, "
        "nomenclature, planning (proposals, matches, work plans, decisions, sync matrix), "
        "resilience (instruments, assessments), SPM, coordination (stakeholders, commitments, "
        "follow-up items) and poverty (BPS statistics, the household registry, measures, "
        "programmes, targets). "
        "Authenticate with a token "
        "(`Authorization: Token KEY`, from `tangguh create-token USERNAME`) or a session."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets of the same field name in several apps get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "KindEnum": "tangguh.regions.models.Kind",  # the name it had before programmes
        "PovertyProgrammeKindEnum": "tangguh.poverty.models.Programme.Kind",
        "LevelEnum": "tangguh.regions.models.Level",  # also an instrument's verifying level
    },
    # Every error each operation can answer, and corrections to inferred types (core/openapi.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tangguh.core.openapi.postprocess_contract",
    ],
}

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A refusal (403, and any 4xx) is one line: its traceback tells nothing worth the noise.
    "filters": {"one_line_refusals": {"()": "tangguh.core.logs.OneLineRefusals"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["one_line_refusals"],
        }
    },
    "root": {"handlers": ["console"], "level": conf.env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
