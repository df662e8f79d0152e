"""Is a resource's link still working? One safe check of one URL.

The least a link checker needs, written with ``requests`` (ckanext-check-link
does not fit the access policy: it fetches any address, follows any redirect,
downloads whole bodies and shows its reports to whoever sees the resource):

* **time and size limits**: connect and read timeouts; a ``HEAD`` first, and
  when a server refuses it, a ranged, streamed ``GET`` of which at most
  ``ckanext.imnet.links.max_bytes`` are read -- a file is never downloaded;
* **no requests inside the network**: the host is resolved and every address
  checked before connecting, each redirect's target too, and the connection
  itself is checked once made (a name that resolves to another address the
  second time gets nowhere). Loopback, private, link-local, multicast and
  other non-global addresses are refused unless
  ``ckanext.imnet.links.allow_private`` is on;
* at most ``ckanext.imnet.links.max_redirects`` redirects are followed.

A check ends in one of four statuses: ``ok`` (the server answered 2xx),
``broken`` (it answered an error, or redirected too often), ``unreachable``
(no answer: unknown host, no connection, timeout, TLS failure) or
``refused`` (not requested: not http(s), or an address inside the network).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ckanext.imnet import config

__all__ = [
    "ERRORS",
    "TOO_MANY_REDIRECTS",
    "NOT_HTTP",
    "INSIDE_NETWORK",
    "NOT_A_URL",
    "HOST_NOT_FOUND",
    "TIMED_OUT",
    "TLS_ERROR",
    "NO_CONNECTION",
    "OK",
    "BROKEN",
    "UNREACHABLE",
    "REFUSED",
    "STATUSES",
    "FAILING",
    "Outcome",
    "check_url",
    "host_of",
    "address_allowed",
]

OK = "ok"
BROKEN = "broken"
UNREACHABLE = "unreachable"
REFUSED = "refused"
STATUSES = (OK, BROKEN, UNREACHABLE, REFUSED)
# Statuses of a link that does not work for its users ("refused" is the
# checker's own decision, not the link's fault).
FAILING = (BROKEN, UNREACHABLE)

_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 8192

# The checker's own errors, stored in English (``link_display`` translates
# them); a server's answer is stored with its reason phrase ("Not Found").
TOO_MANY_REDIRECTS = "Too many redirects"
NOT_HTTP = "Only http and https links are checked"
INSIDE_NETWORK = "Address inside the network not checked"
NOT_A_URL = "Not a valid URL"
HOST_NOT_FOUND = "Host not found"
TIMED_OUT = "Timed out"
TLS_ERROR = "TLS error"
NO_CONNECTION = "Could not connect"
ERRORS = (
    TOO_MANY_REDIRECTS,
    NOT_HTTP,
    INSIDE_NETWORK,
    NOT_A_URL,
    HOST_NOT_FOUND,
    TIMED_OUT,
    TLS_ERROR,
    NO_CONNECTION,
)


@dataclass(frozen=True)
class Outcome:
    """What a check found."""

    status: str
    http_status: int | None = None
    error: str = ""
    content_type: str = ""


class _Refused(Exception):
    """An address the checker may not connect to."""


def address_allowed(address: str) -> bool:
    """May the checker connect to this IP address? Global unicast only, unless
    ``ckanext.imnet.links.allow_private`` is on."""
    if config.links_allow_private():
        return True
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def host_of(url: str) -> str:
    """The host of a URL, lower case ("" if it has none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _check_host(host: str, port: int) -> None:
    """Resolve ``host``; refuse it if any of its addresses is not allowed."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for info in infos:
        address = str(info[4][0])
        if not address_allowed(address):
            raise _Refused(address)


def _guard(sock: socket.socket) -> socket.socket:
    """The connection as made: refused if its peer is not an allowed address."""
    address = str(sock.getpeername()[0])
    if not address_allowed(address):
        sock.close()
        raise _Refused(address)
    return sock


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _guard(super()._new_conn())


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _guard(super()._new_conn())


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    """An adapter whose connections are checked once made."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPPool,
            "https": _GuardedHTTPSPool,
        }


def _session() -> requests.Session:
    session = requests.Session()
    # No proxy from the environment: the connection checked is the one made.
    session.trust_env = False
    adapter = _GuardedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = config.links_user_agent()
    return session


def _request(session: requests.Session, method: str, url: str) -> requests.Response:
    headers = {"Range": f"bytes=0-{config.links_max_bytes() - 1}"}
    return session.request(
        method,
        url,
        headers=headers if method == "GET" else None,
        allow_redirects=False,
        stream=True,
        timeout=config.links_timeouts(),
    )


def _read_a_little(response: requests.Response) -> None:
    """Read at most ``max_bytes`` of the body, then let the connection go."""
    budget = config.links_max_bytes()
    try:
        for chunk in response.iter_content(_CHUNK):
            budget -= len(chunk)
            if budget <= 0:
                break
    finally:
        response.close()


def _one_hop(session: requests.Session, url: str) -> requests.Response:
    """HEAD, or a small GET when it answers an error (servers that do not
    implement HEAD, or refuse it, say so with any error code)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    _check_host(parts.hostname or "", port)
    response = _request(session, "HEAD", url)
    response.close()
    if response.status_code >= 400:
        response = _request(session, "GET", url)
        _read_a_little(response)
    return response


def _refusal(url: str) -> Outcome | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Outcome(REFUSED, error=NOT_HTTP)
    return None


def _follow(session: requests.Session, url: str) -> Outcome:
    for _hop in range(config.links_max_redirects() + 1):
        refusal = _refusal(url)
        if refusal is not None:
            return refusal
        response = _one_hop(session, url)
        location = response.headers.get("Location")
        if response.status_code in _REDIRECTS and location:
            url = urljoin(url, location)
            continue
        content_type = response.headers.get("Content-Type", "")
        # 416: the file is there, shorter than the range asked (an empty one).
        if response.status_code < 400 or response.status_code == 416:
            return Outcome(OK, response.status_code, "", content_type)
        return Outcome(
            BROKEN, response.status_code, response.reason or "", content_type
        )
    return Outcome(BROKEN, None, TOO_MANY_REDIRECTS)


def check_url(url: str) -> Outcome:
    """Check one link (see the module); never raises for a bad link."""
    try:
        urlsplit(url).port  # noqa: B018 - a bad port raises here
    except ValueError:
        return Outcome(BROKEN, error=NOT_A_URL)
    session = _session()
    try:
        return _follow(session, url)
    except _Refused as refused:
        return Outcome(REFUSED, error=f"{INSIDE_NETWORK}: {refused}")
    except socket.gaierror:
        return Outcome(UNREACHABLE, error=HOST_NOT_FOUND)
    except requests.Timeout:
        return Outcome(UNREACHABLE, error=TIMED_OUT)
    except requests.exceptions.SSLError:
        return Outcome(UNREACHABLE, error=TLS_ERROR)
    except requests.ConnectionError as error:
        if isinstance(error.__context__, _Refused):
            return Outcome(REFUSED, error=INSIDE_NETWORK)
        return Outcome(UNREACHABLE, error=NO_CONNECTION)
    except (requests.RequestException, ValueError, UnicodeError):
        return Outcome(BROKEN, error=NOT_A_URL)
    finally:
        session.close()
