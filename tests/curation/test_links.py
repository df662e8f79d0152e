"""One link check against real servers on loopback: statuses, limits, refusals."""

from __future__ import annotations

import time

import pytest

from ckanext.imnet.curation import links
from tests.curation.link_server import BIG_BODY_BYTES, LinkServer

# Loopback servers answer the tests: only where the setting lets them.
ALLOW_LOOPBACK = pytest.mark.ckan_config("ckanext.imnet.links.allow_private", "true")


@pytest.fixture
def server():
    with LinkServer() as running:
        yield running


@ALLOW_LOOPBACK
def test_a_working_link_is_ok_with_its_content_type(server):
    outcome = links.check_url(server.url("/ok"))
    assert outcome == links.Outcome(links.OK, 200, "", "text/csv")
    # A HEAD was enough: nothing was downloaded.
    assert server.requests == [("HEAD", "/ok")]


@ALLOW_LOOPBACK
@pytest.mark.parametrize("path, code", [("/missing", 404), ("/error", 500)])
def test_a_link_the_server_answers_with_an_error_is_broken(server, path, code):
    outcome = links.check_url(server.url(path))
    assert outcome.status == links.BROKEN
    assert outcome.http_status == code
    assert outcome.error  # the server's reason, e.g. "Not Found"


@ALLOW_LOOPBACK
def test_a_server_refusing_head_is_asked_with_a_small_get(server):
    outcome = links.check_url(server.url("/no-head"))
    assert outcome.status == links.OK
    assert server.requests == [("HEAD", "/no-head"), ("GET", "/no-head")]


@ALLOW_LOOPBACK
def test_an_empty_file_shorter_than_the_range_asked_is_ok(server):
    assert links.check_url(server.url("/empty")).status == links.OK


@ALLOW_LOOPBACK
def test_a_redirect_to_a_working_link_is_followed(server):
    outcome = links.check_url(server.url("/moved"))
    assert (outcome.status, outcome.http_status, outcome.error) == (links.OK, 200, "")
    assert ("HEAD", "/ok") in server.requests


@ALLOW_LOOPBACK
@pytest.mark.ckan_config("ckanext.imnet.links.max_redirects", "3")
def test_endless_redirects_are_followed_only_so_far(server):
    outcome = links.check_url(server.url("/loop"))
    assert outcome.status == links.BROKEN
    assert outcome.error == "Too many redirects"
    assert len(server.requests) == 4  # the link and three redirects


@ALLOW_LOOPBACK
@pytest.mark.ckan_config("ckanext.imnet.links.read_timeout", "0.5")
def test_a_server_too_slow_to_answer_is_unreachable(server):
    started = time.monotonic()
    outcome = links.check_url(server.url("/slow"))
    assert outcome == links.Outcome(links.UNREACHABLE, None, "Timed out")
    assert time.monotonic() - started < 2.5


@ALLOW_LOOPBACK
@pytest.mark.ckan_config("ckanext.imnet.links.max_bytes", "1024")
def test_a_big_file_is_not_downloaded(server):
    outcome = links.check_url(server.url("/big"))
    assert outcome.status == links.OK
    assert outcome.content_type == "application/zip"
    # The client went away after a little: the server could not send it all.
    time.sleep(0.2)
    assert server.sent_bytes < BIG_BODY_BYTES / 10


def test_nothing_listening_is_unreachable():
    with LinkServer() as stopped:
        url = stopped.url("/ok")
    outcome = links.check_url(url.replace("127.0.0.1", "localhost"))
    assert outcome.status in (links.REFUSED, links.UNREACHABLE)


def test_a_loopback_address_is_refused_without_a_request(server):
    outcome = links.check_url(server.url("/ok"))
    assert outcome.status == links.REFUSED
    assert "127.0.0.1" in outcome.error
    assert server.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/",
        "http://10.1.2.3/data.csv",
        "http://192.168.0.10/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
    ],
)
def test_private_link_local_and_multicast_addresses_are_refused(url):
    assert links.check_url(url).status == links.REFUSED


def test_a_redirect_to_a_private_address_is_refused(server, monkeypatch):
    # The first hop is on loopback (the test's server, let through by name
    # only for this test); the redirect it answers points inside the network.
    allowed = links.address_allowed
    monkeypatch.setattr(
        links,
        "address_allowed",
        lambda address: address == "127.0.0.1" or allowed(address),
    )
    outcome = links.check_url(server.url("/to-private"))
    assert outcome.status == links.REFUSED
    assert "10.255.255.1" in outcome.error
    assert server.requests == [("HEAD", "/to-private")]


@pytest.mark.parametrize(
    "url", ["ftp://example.org/file.csv", "file:///etc/passwd", "not a url", ""]
)
def test_links_other_than_http_are_not_requested(url):
    outcome = links.check_url(url)
    assert outcome.status in (links.REFUSED, links.BROKEN)
    assert outcome.status != links.OK


def test_a_name_that_resolves_elsewhere_at_connection_time_is_still_refused(
    server, monkeypatch
):
    # As if the host had resolved to a public address when checked and to
    # loopback when connected (DNS rebinding): the connection itself is refused.
    monkeypatch.setattr(links, "_check_host", lambda host, port: None)
    outcome = links.check_url(server.url("/ok"))
    assert outcome.status == links.REFUSED
    assert server.requests == []
