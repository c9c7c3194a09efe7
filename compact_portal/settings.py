"""Settings for Compact Portal, read from the environment only.

`DJANGO_ENV` picks the posture: "development" (the default, used by the demo and the test
suite) or "production" (secrets and hosts must come from the environment, cookies are secure).
`DATABASE_URL` selects PostgreSQL (otherwise SQLite under var/); `CELERY_BROKER_URL` selects
Redis (otherwise a filesystem broker that needs no server).
"""

from datetime import date
from email.utils import parseaddr
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "compact_portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "simple_history",
    "django_celery_beat",
    "axes",
    "signatories",
    "undertakings",
    "consultations",
    "disputes",
    "funding",
    "reviews",
]
if not PRODUCTION:
    # The benchmark, the scale builder and the fault run: development tools, never installed in production.
    INSTALLED_APPS.append("tools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "compact_portal.middleware.SessionTimeoutMiddleware",
    "compact_portal.middleware.AdminRequiresMFAMiddleware",
    "compact_portal.middleware.DeniedAccessLogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "compact_portal.urls"
WSGI_APPLICATION = "compact_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "libraries": {
                "portal_navigation": "compact_portal.templatetags.portal_navigation",
                "portal_forms": "compact_portal.templatetags.portal_forms",
                "portal_tables": "compact_portal.templatetags.portal_tables",
                "report_figures": "compact_portal.templatetags.report_figures",
            },
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "compact_portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Connections may be kept between requests (CONN_MAX_AGE seconds); each is checked before it is
# reused, so a database restart costs the requests during the restart and none after it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # bin/test puts the SQLite test database in a file so that a real Celery worker in
    # another process can share it in the integration tests.
    if env.str("TEST_DATABASE_FILE", default=""):
        DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_FILE")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "signatories.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_URL_PATH = "/accounts/login/"
LOGIN_REDIRECT_URL = "signatories:dashboard"

# django-allauth: email is the login; an address must be verified before the account is used.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "signatories.accounts.PortalAccountAdapter"  # emails in our voice; the board lands on its queue
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_FORMS = {
    "signup": "signatories.forms.SignupForm",
    "login": "signatories.forms.LoginForm",
    "reset_password": "signatories.forms.ResetPasswordForm",
    "reset_password_from_key": "signatories.forms.ResetPasswordKeyForm",
    "add_email": "signatories.forms.AddEmailForm",
    "change_password": "signatories.forms.ChangePasswordForm",
    "set_password": "signatories.forms.SetPasswordForm",
    "reauthenticate": "signatories.forms.ReauthenticateForm",
    "confirm_reauthentication_code": "signatories.forms.ConfirmReauthenticationCodeForm",
}
# Failed sign-ins are counted by django-axes (below); allauth keeps its other limits in production.
ACCOUNT_RATE_LIMITS = {"login_failed": False} if PRODUCTION else False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Compact Portal"
MFA_ADAPTER = "compact_portal.mfa.PortalMFAAdapter"
MFA_FORMS = {
    "authenticate": "signatories.forms.MFAAuthenticateForm",
    "reauthenticate": "signatories.forms.MFAReauthenticateForm",
    "activate_totp": "signatories.forms.ActivateTOTPForm",
}
# Authenticator secrets are encrypted with this Fernet key (compact_portal/mfa.py).
MFA_ENCRYPTION_KEY = env.str("MFA_ENCRYPTION_KEY", default="")
if not MFA_ENCRYPTION_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("Set MFA_ENCRYPTION_KEY in the environment (a Fernet key).")
    from compact_portal.mfa_keys import derived_key

    MFA_ENCRYPTION_KEY = derived_key(SECRET_KEY)
# Confirming who you are again (before adding an authenticator, for one) takes a code emailed
# to your verified address or your authenticator, never the password alone: someone who has
# only the password cannot enrol an authenticator of their own.
ACCOUNT_REAUTHENTICATION_METHODS = ("code", "mfa")
# Board members and staff need a second factor for every page they use (the admin, the board's
# pages, panels and reviews). Off in development so that the demo's printed logins work
# straight away; always on in production.
ADMIN_REQUIRES_MFA = env.bool("ADMIN_REQUIRES_MFA", default=PRODUCTION)

# django-axes: lock out the pair (address tried, client address) after repeated failed
# sign-ins, so that nobody can lock someone else out from elsewhere, and nobody is locked out
# because they share an address. The lock-out lasts 15 minutes and doubles with each further
# failure (compact_portal.security.lockout_cool_off).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = "compact_portal.security.lockout_cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind a reverse proxy the client's address is in a header the proxy sets: name the header
# (CLIENT_IP_HEADER, as in request.META) and how many proxies stand in front (PROXY_COUNT).
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="HTTP_X_FORWARDED_FOR")
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = (CLIENT_IP_HEADER,)
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_USERNAME_CALLABLE = "compact_portal.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_VERBOSE = False

# Sessions end after 30 minutes without a request and 12 hours after signing in.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
# Sessions are kept in the database and read from it on each request: who is signed in is never
# decided by a cache.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Storage of uploads and generated PDFs ------------------------------------------------------
# Attachments and annual review PDFs go through Django's storage API (STORAGES["default"]): a
# folder outside the static root (MEDIA_ROOT) by default, or an S3-compatible object store when
# AWS_STORAGE_BUCKET_NAME is set, so that several web servers and workers see the same files.
# Either way they are served only through views that check permissions (compact_portal.downloads):
# streamed, or for the object store a redirect to a signed address that lasts a minute.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "uploads")))
MEDIA_SIGNED_URL_SECONDS = env.int("MEDIA_SIGNED_URL_SECONDS", default=60)
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _endpoint,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            # Self-hosted stores (MinIO, Ceph, Garage) answer on one host name: path-style addresses.
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path" if _endpoint else "auto"),
            "signature_version": "s3v4",
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": MEDIA_SIGNED_URL_SECONDS,
        },
    }
# Downloads from the object store are redirects to signed addresses, unless browsers cannot reach
# the store (an internal endpoint): then MEDIA_SIGNED_URLS=0 streams them through the portal.
MEDIA_SIGNED_URLS = env.bool("MEDIA_SIGNED_URLS", default=True)
# Superseded annual review PDFs (not the latest of their review, not the one the public gets)
# are removed this many days after they were built; 0 keeps them all.
ANNUAL_REVIEW_PDF_RETENTION_DAYS = env.int("ANNUAL_REVIEW_PDF_RETENTION_DAYS", default=365)
# --- end of storage ------------------------------------------------------------------------------

MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# At most this many files in one request (Django answers 400 beyond it); a case holds at most
# MAX_CASE_ATTACHMENTS documents (disputes/services.py).
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=5)
MAX_CASE_ATTACHMENTS = env.int("MAX_CASE_ATTACHMENTS", default=30)


CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Email: console in development unless EMAIL_URL is given (smtp://user:pass@host:port).
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
# A mail server that accepts a connection and then stalls must not hold a worker for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
if env.str("EMAIL_FILE_PATH", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Compact Portal <compact@localhost>")

# Celery: Redis when CELERY_BROKER_URL is set, else kombu's filesystem transport (no server).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
# Django's cache holds only what can be lost at any moment (the sign-in rate limits of
# django-allauth): CACHE_URL (for example redis://127.0.0.1:6379/1), else files under var/ that
# the web server and the workers share. No page, record or access decision is kept in it.
CACHES = {"default": env.cache_url_config(env.str("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}"))}
CACHES["default"].setdefault(
    "KEY_PREFIX", f"compact-portal:{DATABASES['default']['NAME']}"
)  # one cache, several databases
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# When the broker is down: workers keep trying to reconnect, at start-up too; a web request that
# queues a task gives up after about a second (compact_portal.emails then falls back) instead
# of waiting for the broker.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 2,
        "socket_keepalive": True,
        "health_check_interval": 10,
    }
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp): our own scripts, styles, fonts and images only; no
# inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

PORTAL_NAME = "Compact Portal"
# The accessibility statement (/accessibility/): where people ask for another format or report a
# problem (the Compact board's secretariat), and when the statement was prepared and last reviewed.
COMPACT_CONTACT_EMAIL = env.str("COMPACT_CONTACT_EMAIL", default=parseaddr(DEFAULT_FROM_EMAIL)[1])
ACCESSIBILITY_STATEMENT_PREPARED_ON = date.fromisoformat(
    env.str("ACCESSIBILITY_STATEMENT_PREPARED_ON", default="2026-12-06")
)
ACCESSIBILITY_STATEMENT_REVIEWED_ON = date.fromisoformat(
    env.str("ACCESSIBILITY_STATEMENT_REVIEWED_ON", default="2026-12-06")
)
# The 360Giving prefix of the grant identifiers published at /funding/360giving.json and .csv:
# a funder registers its own with 360Giving and sets it here.
GRANT_IDENTIFIER_PREFIX = env.str("GRANT_IDENTIFIER_PREFIX", default="360G-compactportal")

# Sent reminders are deleted this many days after they were sent (signatories.reminders.delete_old,
# daily): the outbox would otherwise grow by every reminder ever written.
REMINDER_RETENTION_DAYS = env.int("REMINDER_RETENTION_DAYS", default=730)

# --- Logging ------------------------------------------------------------------------------------
# Plain lines by default; LOG_FORMAT=json writes one JSON object a line (compact_portal.logs) for
# a log collector.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "compact_portal.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json" if LOG_FORMAT == "json" else "plain"}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "compact_portal.security": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
# --- end of logging ------------------------------------------------------------------------------

# --- Health --------------------------------------------------------------------------------------
# /healthz answers "ok" (200) when the database, the cache and the broker answer, and 503
# otherwise. Which of them failed is told only to staff and to callers that send
# "Authorization: Bearer <HEALTHZ_TOKEN>". Load balancers probe over plain HTTP: no redirect.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# --- end of health -------------------------------------------------------------------------------
