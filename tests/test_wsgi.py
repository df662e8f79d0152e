"""The WSGI application that gunicorn serves in production (README, Deployment)."""

from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Run in a process of its own: building the application loads the plugins and
# configuration anew, which must not disturb this test process's CKAN.
_SERVE_ONE_REQUEST = """
from werkzeug.test import Client
from ckanext.imnet.wsgi import application
response = Client(application).get("/api/3/action/status_show")
print(response.status_code, response.get_json()["success"])
"""


def test_a_wsgi_server_can_import_the_application_and_serve_the_api():
    env = {**os.environ, "CKAN_INI": os.path.join(ROOT, "test.ini")}
    result = subprocess.run(
        [sys.executable, "-c", _SERVE_ONE_REQUEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "200 True"


def test_without_ckan_ini_the_application_says_what_is_missing():
    env = {k: v for k, v in os.environ.items() if k != "CKAN_INI"}
    result = subprocess.run(
        [sys.executable, "-c", "import ckanext.imnet.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "Set CKAN_INI" in result.stderr
