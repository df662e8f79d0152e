"""The WSGI application for a production server (gunicorn, uWSGI).

CKAN's PyPI distribution ships no ``wsgi.py``; this is the one its
deployment documentation describes, importable from an installed package:
``gunicorn -c bin/gunicorn.conf.py`` (or ``ckanext.imnet.wsgi:application``
with any WSGI server). The configuration file is named by ``CKAN_INI``.
Each worker process imports this module and builds its own application (no
pre-loading in the master: database connections must not be shared across
a fork).
"""

from __future__ import annotations

import os
from logging.config import fileConfig
from typing import Any

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

__all__ = ["application"]


def _application() -> Any:
    path = os.environ.get("CKAN_INI")
    if not path:
        raise RuntimeError("Set CKAN_INI to the path of the CKAN configuration file")
    path = os.path.abspath(path)
    fileConfig(path, disable_existing_loggers=False)
    return make_app(CKANConfigLoader(path).get_config())


application = _application()
