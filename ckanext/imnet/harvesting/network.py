"""How long a partner's server may take to answer a harvester."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from ckanext.imnet import config

__all__ = ["timeout", "with_timeout"]


def timeout() -> int:
    """Seconds a harvester waits for a partner (``ckanext.imnet.harvest.timeout``)."""
    return config.harvest_timeout()


_timeout = timeout


class _BoundedAdapter(HTTPAdapter):
    """Requests that do not say how long to wait wait ``timeout()``."""

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        return super().send(
            request,
            stream=stream,
            timeout=timeout or _timeout(),
            verify=verify,
            cert=cert,
            proxies=proxies,
        )


def with_timeout(session: requests.Session) -> requests.Session:
    """The session, its requests bounded by ``timeout()`` unless they say.

    ckanext-dcat's harvester asks without a timeout: a partner that never
    answers would hold the gather consumer for ever.
    """
    adapter = _BoundedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
