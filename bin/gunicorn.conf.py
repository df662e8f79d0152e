"""gunicorn settings for serving the catalogue in production (README,
*Deployment*): ``CKAN_INI=/etc/ckan/ckan.ini gunicorn -c bin/gunicorn.conf.py``.

Environment: ``IMNET_BIND`` (default 127.0.0.1:8080, behind a reverse proxy
that serves /webassets and TLS), ``IMNET_WORKERS`` (default: 2 per core + 1).
"""

from __future__ import annotations

import multiprocessing
import os

wsgi_app = "ckanext.imnet.wsgi:application"
bind = os.environ.get("IMNET_BIND", "127.0.0.1:8080")
# Synchronous workers: CKAN keeps per-request state in thread-unsafe globals.
worker_class = "sync"
workers = int(os.environ.get("IMNET_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Each worker builds its own application (see ckanext/imnet/wsgi.py).
preload_app = False
# A worker streaming a whole-catalogue inventory export (minutes at 100,000
# datasets) sends no heartbeat: the timeout must outlast it.
timeout = 600
graceful_timeout = 30
# Recycle workers now and then: bounds the memory a long-lived worker gathers.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("IMNET_ACCESS_LOG") or None
errorlog = "-"
