"""Settings for Catalyst Admin, read from the environment through django-environ.

The embedded defaults need nothing running: SQLite (WAL) and Celery's filesystem
transport, both under ``var/``. Point ``DATABASE_URL`` and ``CELERY_BROKER_URL`` at
PostgreSQL and Redis to run the compose or CI way.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "[::1]"]),
)

DEBUG = env("DEBUG")
# Django's technical 404/500 pages (URL patterns, tracebacks with settings) are shown only when
# asked for, even with DEBUG on: `make run` runs with DEBUG for its conveniences (static files
# from the apps, the development key, the demo world), and a person gets the console's own
# 404 and 500 pages (catalyst_admin.middleware.NoTechnicalPagesMiddleware).
TECHNICAL_ERROR_PAGES = env.bool("TECHNICAL_ERROR_PAGES", default=False)

# --- Secrets and the demo world -------------------------------------------------------------
# SECRET_KEY signs sessions, CSRF tokens and password resets. With DEBUG on (``make run``) a
# public development key is used when none is given; with DEBUG off the app refuses to start
# without one rather than sign with a key anyone can read.
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off, set the SECRET_KEY environment variable to a long "
            "random value (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "django-insecure-catalyst-admin-development-only-key"
# Secrets that must be used again (IAM access keys' secrets, for Signature Version 4) are stored
# encrypted with this Fernet key (32 url-safe base64-encoded bytes: ``python -c 'from
# cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'``). Empty: a key
# derived from SECRET_KEY, so changing SECRET_KEY makes existing access keys unusable.
SECRETS_ENCRYPTION_KEY = env("SECRETS_ENCRYPTION_KEY", default="")
# ``manage.py seed_demo`` builds the demo world (users with DEMO_PASSWORD) only with DEBUG on,
# with DEMO_WORLD=1, or with --i-know-this-is-not-production.
DEMO_WORLD = env.bool("DEMO_WORLD", default=False)
# --- end of secrets and the demo world -------------------------------------------------------

ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
DEMO_PASSWORD = env("DEMO_PASSWORD", default="catalyst-demo")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "formtools",
    "django_celery_beat",
    "django_celery_results",
    "axes",
    "catalyst_admin",
    "identity",
    "accounts",
    "spaces",
    "billing",
    "vpc",
    "genai",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "catalyst_admin.middleware.ContentSecurityPolicyMiddleware",
    "catalyst_admin.middleware.NoTechnicalPagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "catalyst_admin.middleware.RequestContextMiddleware",
    "accounts.aws.console.middleware.AwsConsoleSessionMiddleware",
    # Last, as django-axes asks: turns a sign-in that hit the failure limit (Django admin's login,
    # which goes through authenticate()) into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "catalyst_admin.urls"
WSGI_APPLICATION = "catalyst_admin.wsgi.application"
ASGI_APPLICATION = "catalyst_admin.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spaces.context_processors.console",
                "catalyst_admin.context_processors.csp",
            ],
            # {% url %} remembering its answers (catalyst_admin/templatetags/console_urls.py).
            "builtins": ["catalyst_admin.templatetags.console_urls", "catalyst_admin.templatetags.console_dates"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'catalyst.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, the worker and beat read while one of them writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# Persistent connections, SQLite's too: a gunicorn worker (each of its threads: Django keeps a
# connection per thread) and a Celery worker process reuse theirs for this many seconds instead of
# opening one per request. Through Django's WSGI handler a signed-in hello world cost 5.3 ms of CPU
# with a new SQLite connection (the WAL file checkpointed and removed when the last connection
# closes, made again on the next open; Django's SQL functions registered anew) and 0.75 ms with it
# kept; under gunicorn 7.4 and 4.1 ms (bench/pages.py). 0 opens one per request; the health check
# replaces a connection the database dropped (a PostgreSQL restart) at the start of the next
# request instead of failing it.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("CONN_HEALTH_CHECKS", default=True))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "identity.User"
# Argon2id first (argon2-cffi; its parameters and why in catalyst_admin/hashers.py): new passwords
# and every sign-in with an older hash get it; the older hashers stay after it so that existing
# PBKDF2 hashes still check and are upgraded then.
PASSWORD_HASHERS = [
    "catalyst_admin.hashers.ConsoleArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
]
# AxesStandaloneBackend first: it refuses a locked-out sign-in before any password is checked
# (Django admin's login; the console's own sign-in forms ask catalyst_admin.signin_throttle).
# Then Django's ModelBackend, reading a signed-in person with one SQL statement (issue 17). Sessions
# made before it (under django.contrib.auth.backends.ModelBackend) are signed out once.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "identity.people.backends.ModelBackend",
]
LOGIN_URL = "identity:signin"
LOGIN_REDIRECT_URL = "spaces:list"
LOGOUT_REDIRECT_URL = "identity:signin"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

FORM_RENDERER = "catalyst_admin.forms.ConsoleFormRenderer"
CSRF_FAILURE_VIEW = "catalyst_admin.views.csrf_failure"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_ENGINE = "catalyst_admin.sessions"

# The REST API under /api/v1/ (catalyst_admin.api; plumbing in catalyst_admin.rest). A personal
# access token as "Authorization: Bearer <PAT>", or the console's session (with CSRF).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "identity.people.api.authentication.PersonalAccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["catalyst_admin.rest_defaults.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "catalyst_admin.rest_defaults.Cursor",
    "DEFAULT_THROTTLE_CLASSES": [
        "catalyst_admin.rest_defaults.TokenRateThrottle",
        "catalyst_admin.rest_defaults.AddressRateThrottle",
    ],
    # Per credential (token or signed-in person) and per client address.
    "DEFAULT_THROTTLE_RATES": {
        "api_token": env("API_THROTTLE_PER_TOKEN", default="600/min"),
        "api_address": env("API_THROTTLE_PER_ADDRESS", default="1200/min"),
    },
    "EXCEPTION_HANDLER": "catalyst_admin.rest.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "catalyst_admin.rest.CatalystSchema",
    # DRF's APIClient sends JSON, the only body the API reads.
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# The largest request body the API reads, in bytes (a larger one is a 413).
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=64 * 1024)
SPECTACULAR_SETTINGS = {
    "TITLE": "Catalyst Admin REST API",
    "DESCRIPTION": (
        "What the CodeCatalyst console does that the AWS API does not: spaces, projects, members, "
        "invitations, teams, activity, billing, account connections, SSO and operations. Authenticate "
        "with a personal access token (`Authorization: Bearer <PAT>`) or the console's session. Every "
        "error is `{code, message, field}`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI's assets come from drf-spectacular-sidecar: /api/docs/ works without internet access.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SpaceRoleEnum": "spaces.roles.SpaceRole",
        "ProjectRoleEnum": "spaces.roles.ProjectRole",
        "ConnectionStatusEnum": "accounts.connections.models.AccountConnection.Status",
        "TierEnum": "billing.models.Tier",
    },
}

# Email: verification codes and invitations. EMAIL_URL (django-environ: smtp://user:password@host:587,
# smtp+tls://…, consolemail://, …) in production; without it, the embedded run writes each message
# as a file under var/outbox/ for a person to open (the README's "Email in the embedded run").
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = _email.get("EMAIL_PORT", 25)
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "outbox"
# The sender of every message.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="CodeCatalyst <no-reply@codecatalyst.local>")
# Where people reach this console: the start of the absolute links in emails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Celery: the filesystem transport under var/ needs no Redis for `make run`.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    _control_dir = VAR_DIR / "celery" / "control"
    for _folder in (_queue_dir, _processed_dir, _control_dir):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "control_folder": str(_control_dir),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A message a killed worker took but never acknowledged (acks_late) goes back to the queue once
    # it has been out this long, checked every 10 s: a crashed sync is retried within a minute, not
    # Redis' hour. Longer than a run (a sync of 100k users takes ~30 s).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=45),
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
    }
CELERY_RESULT_BACKEND = "django-db"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# The IAM Identity Center group sync (identity.sync).
# A run that would remove more than this share of a space's SSO members (and at least
# SYNC_REMOVAL_GUARD_MIN people) changes nothing and is held until an operator approves it.
SYNC_MAX_REMOVAL_SHARE = env.float("SYNC_MAX_REMOVAL_SHARE", default=0.30)
SYNC_REMOVAL_GUARD_MIN = env.int("SYNC_REMOVAL_GUARD_MIN", default=3)
# A run's detail page names who it added, updated and removed: at most this many of each kind per
# run (its counts stay exact; the page says "and N more"), so a first sync of 100,000 people does
# not double its writes.
SYNC_CHANGES_NAMED_PER_KIND = env.int("SYNC_CHANGES_NAMED_PER_KIND", default=1000)
# How long a run holds its identity store's lease without renewing it (it renews it between its
# phases: after the read, before the writes); a run a killed worker left behind is taken over, and
# "Sync now" is free again, after this.
SYNC_LEASE_SECONDS = env.int("SYNC_LEASE_SECONDS", default=60)
# A failed directory read is retried after this many seconds, then twice that (three tries in all).
SYNC_RETRY_BASE_SECONDS = env.float("SYNC_RETRY_BASE_SECONDS", default=10)
# The schedule each new Identity Center application gets, in minutes.
SYNC_DEFAULT_INTERVAL_MINUTES = env.int("SYNC_DEFAULT_INTERVAL_MINUTES", default=30)
# A change in the emulated IAM Identity Center (a user added to or removed from a group, disabled,
# renamed) syncs the store's applications this many seconds after it commits; the changes made
# meanwhile join that run (issue 17 §2). Off: only the schedule and "Sync now" sync.
SYNC_ON_DIRECTORY_CHANGE = env.bool("SYNC_ON_DIRECTORY_CHANGE", default=True)
SYNC_DIRECTORY_DEBOUNCE_SECONDS = env.float("SYNC_DIRECTORY_DEBOUNCE_SECONDS", default=1.0)
# A dotted path to a directory source class taking the store, replacing every store's own
# (the tests use it to make reads fail or block); empty means each store's client.
SYNC_DIRECTORY_SOURCE = env("SYNC_DIRECTORY_SOURCE", default="")

# Identity stores read through AWS IAM Identity Center (boto3's identitystore client) when the
# store names no Region or endpoint of its own. Credentials come from boto3's usual chain.
IDENTITYSTORE_REGION = env("IDENTITYSTORE_REGION", default="us-east-1")
IDENTITYSTORE_ENDPOINT_URL = env("IDENTITYSTORE_ENDPOINT_URL", default="")
# Ask for pages smaller than the API's default of 100 (None: the API's default).
IDENTITYSTORE_PAGE_SIZE = env.int("IDENTITYSTORE_PAGE_SIZE", default=None)

# Billing: the tier catalogue (prices and allowances), a JSON file an operator may replace.
# The EC2 client CodeCatalyst's VPC connections read EC2 with (accounts/aws/ec2/client.py):
# "builtin" (the emulation, the default) or "boto3" (AWS STS AssumeRole into the VPC role, then
# EC2, with boto3's usual credentials). Empty endpoints: AWS's own; set both to moto's server
# (http://127.0.0.1:5000) to run against it.
EC2_CLIENT_BACKEND = env("EC2_CLIENT_BACKEND", default="builtin")
EC2_CLIENT_STS_ENDPOINT_URL = env("EC2_CLIENT_STS_ENDPOINT_URL", default="")
EC2_CLIENT_EC2_ENDPOINT_URL = env("EC2_CLIENT_EC2_ENDPOINT_URL", default="")
BILLING_TIERS_FILE = env("BILLING_TIERS_FILE", default=str(BASE_DIR / "billing" / "tiers.json"))

# Generative AI: how long an emulated Amazon Q request stays "In progress" before the worker
# completes it (seconds; this emulator runs no model).
GENAI_REQUEST_SECONDS = env.int("GENAI_REQUEST_SECONDS", default=20)

# Sign-in throttling (django-axes, database handler): every sign-in form — AWS Builder ID, the SSO
# access portal, the AWS Management Console and /admin/ — counts failures, and after
# AXES_FAILURE_LIMIT of them within AXES_COOLOFF_TIME it refuses every further try, even with the
# right password, until the cool-off has passed since the last failure. "Per user and per address":
# the limit applies to each user name (whatever the address: a distributed guess at one account)
# and, separately, to each client address (whatever the user names: one address spraying many).
# The user name is the form's own: the email for Builder ID (and the user name on /admin/),
# "aws:<account ID>:<IAM user name>" for the AWS console, "sso:<application ID>:<user name>" for
# an access portal. Operators unlock with `manage.py axes_reset_username <name>`,
# `axes_reset_ip <address>` or `axes_reset`, or by deleting the Access attempt in Django admin.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success does not wipe the failures: it would also wipe the address's count, so one could
# guess at others' accounts without end by signing in to one's own between guesses.
AXES_RESET_ON_SUCCESS = False
# The lockout page, in the look of the console the form belongs to; 429 Too Many Requests.
AXES_LOCKOUT_CALLABLE = "catalyst_admin.signin_throttle.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# The address counted is REMOTE_ADDR only: a header such as X-Forwarded-For is the client's to
# choose, and trusting it would let anyone pick a fresh address for every guess.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Every failed sign-in (WARNING "AXES: New/Repeated login failure by …") and lockout
        # (WARNING "AXES: Locking out … after repeated login failures.").
        "axes": {"level": env("AXES_LOG_LEVEL", default="INFO")},
    },
}

if not DEBUG:
    # Production: HTTPS only. `python manage.py check --deploy` passes with a real key and host.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- AWS-compatible codecatalyst API (aws_api.codecatalyst) and the HTTPS listener ---------------
# Calls a minute with one personal access token before ThrottlingException (429).
AWS_API_RATE_LIMIT_PER_MINUTE = env.int("AWS_API_RATE_LIMIT_PER_MINUTE", default=600)
# Larger request bodies are refused (413) before they are read.
AWS_API_MAX_BODY_BYTES = env.int("AWS_API_MAX_BODY_BYTES", default=1024 * 1024)
# `make run` (runconsole) also serves the console over HTTPS on this port, with a self-signed
# certificate it creates once under VAR_DIR/tls/ (botocore >= 1.44 sends bearer tokens only over HTTPS).
TLS_PORT = env.int("TLS_PORT", default=8443)
TLS_DIR = VAR_DIR / "tls"

# --- Content-Security-Policy (catalyst_admin.middleware.ContentSecurityPolicyMiddleware) -------
# Scripts and styles come from our static files, or from a tag carrying the request's nonce.
CSP_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
# Django's admin sets a few inline styles (change_list.html, its widgets' JavaScript): its pages
# alone may use them. Its scripts are all static files.
CSP_POLICY_EXCEPTIONS = {
    # Swagger UI (drf-spectacular's split view: its scripts are files) has one inline <style>.
    "/api/docs/": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    ),
    "/admin/": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    ),
}
# --- end of Content-Security-Policy -------------------------------------------------------------
