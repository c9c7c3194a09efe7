"""gunicorn's settings for Compact Portal: `gunicorn -c deploy/gunicorn.conf.py compact_portal.wsgi`.

Each can be changed from the environment: PORT (listen on all addresses on that port, as
platforms with a Procfile expect) or GUNICORN_BIND (default 127.0.0.1:8000, behind a reverse
proxy), WEB_CONCURRENCY (worker processes), GUNICORN_THREADS, GUNICORN_TIMEOUT and
FORWARDED_ALLOW_IPS (the proxies whose X-Forwarded-* headers are believed)."""

import multiprocessing
import os

_port = os.environ.get("PORT", "")
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{_port}" if _port else "127.0.0.1:8000")  # nosec B104 - a platform's router
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# Pages answer in well under a second; annual review PDFs are built by the workers, not here.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so that a slow leak never grows for long.
max_requests = 1000
max_requests_jitter = 100
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"  # nosec B108 - gunicorn's heartbeat files, kept off a slow disk
