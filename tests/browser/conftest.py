"""A live CKAN server and a headless Chromium (Debian's) for journey tests."""

from __future__ import annotations

import os
import re
import socket
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("IMNET_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium keeps trying to reach Google's services, which this
# closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(request, ckan_config, monkeypatch):
    """The test app served over HTTP on a free local port.

    CKAN builds absolute redirects from ``ckan.site_url``, so the site URL is
    the server's own address, set before the app is made.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setitem(ckan_config, "ckan.site_url", f"http://127.0.0.1:{port}")
    app = request.getfixturevalue("app")
    server = make_server("127.0.0.1", port, app.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs it")
    from playwright.sync_api import sync_playwright

    # Playwright gives the browser a fresh temporary profile.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Nothing beyond the test server is fetched: map tiles and any other
    # outside resource are refused, so tests need no network.
    context.route(
        re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort()
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def latrines(clean_db, clean_index):
    """The dataset "latrines" of the WASH Cluster, whose editor is the user
    "wash-owner" (password ``PASSWORD`` of the publish journey)."""
    import ckan.tests.factories as factories

    from tests.browser.test_publish_journey import PASSWORD
    from tests.factories import im_dataset

    user = factories.User(name="wash-owner", password=PASSWORD)
    org = factories.Organization(
        name="wash-cluster",
        title="WASH Cluster",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    return im_dataset(name="latrines", title="Latrines", owner_org=org["id"])
