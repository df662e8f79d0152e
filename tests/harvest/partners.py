"""Partner catalogues on loopback: a CKAN site's API and DCAT-AP feeds.

Each partner is a real HTTP server on 127.0.0.1 in a thread, answering as
the real thing does (a CKAN 2.10 site's action API; DCAT-AP 2 RDF/XML and
DCAT-AP 3 Turtle feeds paged with Hydra), and can be told to misbehave:
``mode`` ``"fail"`` answers 500, ``"hang"`` never answers, ``"malformed"``
serves a broken document. Every request is recorded (path and query).
"""

from __future__ import annotations

import copy
import datetime
import http.server
import json
import re
import threading
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = [
    "Partner",
    "serve",
    "ckan_site",
    "ckan_package",
    "now_iso",
    "feed",
    "dcat_ap2_pages",
    "dcat_ap3_pages",
    "located",
]

Answer = tuple[int, str, bytes]


class Partner:
    """A running partner: its base URL, what it serves, what it was asked."""

    def __init__(self, answer: Callable[[Partner, str, dict[str, str]], Answer]):
        self.answer = answer
        self.mode = "ok"
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.url = ""
        self.released = threading.Event()
        # For a CKAN site: its datasets; for a feed: its pages by path.
        self.datasets: list[dict[str, Any]] = []
        self.pages: dict[str, bytes] = {}


class _Handler(http.server.BaseHTTPRequestHandler):
    partner: Partner

    def _reply(self, head: bool) -> None:
        parsed = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        self.partner.requests.append((parsed.path, query))
        if self.partner.mode == "hang":
            # As a partner that accepted the connection and went silent.
            self.partner.released.wait(30)
            return
        if self.partner.mode == "fail":
            status, kind, body = 500, "text/html", b"<h1>Internal Server Error</h1>"
        else:
            status, kind, body = self.partner.answer(self.partner, parsed.path, query)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._reply(head=False)

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's name
        self._reply(head=True)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def serve(partner: Partner) -> Iterator[Partner]:
    """The partner on a loopback port for the duration of the block."""
    handler = type("Handler", (_Handler,), {"partner": partner})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    partner.url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield partner
    finally:
        partner.released.set()
        server.shutdown()
        server.server_close()


# -- a CKAN site ------------------------------------------------------------------

_RANGE = re.compile(r"metadata_modified:\[(\S+) TO \*\]")


def _ckan_answer(partner: Partner, path: str, query: dict[str, str]) -> Answer:
    """CKAN's action API: the calls a harvester makes, as CKAN answers them."""
    action = path.rsplit("/", 1)[-1] if path.startswith("/api/3/action/") else ""
    if action in ("status_show", "site_read"):
        result: Any = (
            True
            if action == "site_read"
            else {"ckan_version": "2.10.5", "site_title": "Partner portal"}
        )
        return _ok(result)
    if action == "package_show":
        for dataset in partner.datasets:
            if query.get("id") in (dataset["id"], dataset["name"]):
                return _ok(dataset)
        return _error(404, "Not found", "Not Found Error")
    if action == "package_search":
        return _search(partner, query)
    return _error(400, f"Bad request - Action name not known: {action}", "")


def _search(partner: Partner, query: dict[str, str]) -> Answer:
    try:
        rows = min(int(query.get("rows", "10")), 1000)
        start = int(query.get("start", "0"))
    except ValueError:
        return _error(409, "Invalid integer", "Validation Error")
    found = [d for d in partner.datasets if d.get("state") == "active"]
    since = _RANGE.search(query.get("fq", ""))
    if since:
        threshold = since.group(1).rstrip("Z")
        found = [d for d in found if d["metadata_modified"] >= threshold]
    if query.get("sort") == "id asc":
        found.sort(key=lambda d: d["id"])
    page = found[start : start + rows]
    return _ok({"count": len(found), "results": page, "sort": query.get("sort", "")})


def _ok(result: Any) -> Answer:
    body = {
        "help": "https://partner.example.org/api/3/action/help_show",
        "success": True,
    }
    return (
        200,
        "application/json;charset=utf-8",
        json.dumps({**body, "result": result}).encode(),
    )


def _error(status: int, message: str, kind: str) -> Answer:
    body = {"success": False, "error": {"message": message, "__type": kind}}
    return status, "application/json;charset=utf-8", json.dumps(body).encode()


def ckan_site(datasets: list[dict[str, Any]]) -> Partner:
    """A partner's CKAN site with these datasets (``package_show`` dicts)."""
    partner = Partner(_ckan_answer)
    partner.datasets = copy.deepcopy(datasets)
    return partner


def ckan_package(
    name: str,
    title: str,
    *,
    organization: tuple[str, str] = ("wfp-myanmar", "World Food Programme (WFP)"),
    tags: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
    extras: dict[str, str] | None = None,
    modified: str = "2026-01-10T08:30:00.000000",
    **fields: Any,
) -> dict[str, Any]:
    """A dataset as a CKAN 2.10 site's ``package_show`` gives it."""
    org_name, org_title = organization
    return {
        "id": _uuid(name),
        "name": name,
        "title": title,
        "notes": f"{title}, published by {org_title}.",
        "type": "dataset",
        "state": "active",
        "private": False,
        "license_id": "cc-by",
        "license_title": "Creative Commons Attribution",
        "author": None,
        "maintainer": "IM Officer",
        "maintainer_email": "im@partner.example.org",
        "version": None,
        "url": f"https://partner.example.org/dataset/{name}",
        "metadata_created": "2025-11-02T04:00:00.000000",
        "metadata_modified": modified,
        "creator_user_id": "7c1a8d9e-0000-4000-8000-000000000001",
        "owner_org": "5b2e6f1a-0000-4000-8000-000000000002",
        "num_tags": len(tags),
        "num_resources": 1,
        "isopen": True,
        "organization": {
            "id": "5b2e6f1a-0000-4000-8000-000000000002",
            "name": org_name,
            "title": org_title,
            "type": "organization",
            "is_organization": True,
            "state": "active",
        },
        "tags": [
            {"id": _uuid(t), "name": t, "display_name": t, "state": "active"}
            for t in tags
        ],
        "groups": [
            {"id": _uuid(g), "name": g, "title": g.title(), "display_name": g.title()}
            for g in groups
        ],
        "extras": [{"key": k, "value": v} for k, v in (extras or {}).items()],
        "resources": [
            {
                "id": _uuid(name + "-csv"),
                "package_id": _uuid(name),
                "name": f"{title} (CSV)",
                "format": "CSV",
                "url": f"https://partner.example.org/dataset/{name}/data.csv",
                "url_type": None,
                "mimetype": "text/csv",
                "created": "2025-11-02T04:00:00.000000",
                "last_modified": None,
                "position": 0,
                "state": "active",
            }
        ],
        "relationships_as_object": [],
        "relationships_as_subject": [],
        **fields,
    }


def _uuid(seed: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://partner.example.org/{seed}"))


def now_iso() -> str:
    """The present moment as CKAN writes ``metadata_modified``."""
    return datetime.datetime.utcnow().isoformat()


# -- DCAT-AP feeds ------------------------------------------------------------------


def _feed_answer(partner: Partner, path: str, query: dict[str, str]) -> Answer:
    key = path + (f"?page={query['page']}" if "page" in query else "")
    body = partner.pages.get(key)
    if body is None:
        return 404, "text/plain", b"Not found"
    if partner.mode == "malformed":
        body = body[: len(body) // 2]  # a feed cut off half way
    kind = "application/rdf+xml" if body.lstrip().startswith(b"<") else "text/turtle"
    return 200, f"{kind}; charset=utf-8", body


def feed(pages: dict[str, bytes]) -> Partner:
    """A DCAT feed serving these pages (path, with ``?page=N`` after the first)."""
    partner = Partner(_feed_answer)
    partner.pages = pages
    return partner


_AP2_HEAD = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF
  xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"
  xmlns:dcat="http://www.w3.org/ns/dcat#"
  xmlns:dct="http://purl.org/dc/terms/"
  xmlns:foaf="http://xmlns.com/foaf/0.1/"
  xmlns:locn="http://www.w3.org/ns/locn#"
  xmlns:skos="http://www.w3.org/2004/02/skos/core#"
  xmlns:hydra="http://www.w3.org/ns/hydra/core#"
  xmlns:vcard="http://www.w3.org/2006/vcard/ns#">
"""

_EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
_EU_ACCESS = "http://publications.europa.eu/resource/authority/access-right/"


def _ap2_dataset(
    slug: str,
    title: str,
    *,
    publisher: str,
    place: str,
    wkt: str,
    themes: tuple[str, ...],
    keywords: tuple[str, ...],
    temporal: tuple[str, str] = ("2024-01-01", "2024-12-31"),
) -> str:
    base = "https://data.partner-ap2.example.org"
    theme_xml = "".join(
        f'\n    <dcat:theme rdf:resource="{_EU_THEME}{t}"/>' for t in themes
    )
    keyword_xml = "".join(f"\n    <dcat:keyword>{k}</dcat:keyword>" for k in keywords)
    return f"""
  <dcat:Dataset rdf:about="{base}/dataset/{slug}">
    <dct:identifier>{slug}</dct:identifier>
    <dct:title xml:lang="en">{title}</dct:title>
    <dct:description xml:lang="en">{title} collected by the partner.</dct:description>
    <dct:issued rdf:datatype="http://www.w3.org/2001/XMLSchema#date">2024-02-01</dct:issued>
    <dct:publisher>
      <foaf:Agent rdf:about="{base}/organization/{publisher.split()[0].lower()}">
        <foaf:name>{publisher}</foaf:name>
      </foaf:Agent>
    </dct:publisher>{theme_xml}{keyword_xml}
    <dct:spatial>
      <dct:Location>
        <skos:prefLabel>{place}</skos:prefLabel>
        <locn:geometry rdf:datatype="http://www.opengis.net/ont/geosparql#wktLiteral">{wkt}</locn:geometry>
      </dct:Location>
    </dct:spatial>
    <dct:temporal>
      <dct:PeriodOfTime>
        <dcat:startDate rdf:datatype="http://www.w3.org/2001/XMLSchema#date">{temporal[0]}</dcat:startDate>
        <dcat:endDate rdf:datatype="http://www.w3.org/2001/XMLSchema#date">{temporal[1]}</dcat:endDate>
      </dct:PeriodOfTime>
    </dct:temporal>
    <dcat:distribution>
      <dcat:Distribution rdf:about="{base}/dataset/{slug}/csv">
        <dct:title>{title} (CSV)</dct:title>
        <dcat:accessURL rdf:resource="{base}/dataset/{slug}"/>
        <dcat:downloadURL rdf:resource="{base}/files/{slug}.csv"/>
        <dct:format>CSV</dct:format>
      </dcat:Distribution>
    </dcat:distribution>
  </dcat:Dataset>"""


def dcat_ap2_pages(path: str = "/catalog.rdf") -> dict[str, bytes]:
    """A DCAT-AP 2 catalogue in RDF/XML, two pages (``hydra:PagedCollection``)."""
    rakhine = "POLYGON((92.2 17.4, 94.9 17.4, 94.9 21.4, 92.2 21.4, 92.2 17.4))"
    sittwe = "POINT(92.9 20.15)"
    first = _ap2_dataset(
        "nutrition-survey-2024",
        "Nutrition survey 2024",
        publisher="UNICEF Myanmar",
        place="Rakhine State",
        wkt=rakhine,
        themes=("HEAL",),
        keywords=("nutrition", "children"),
    )
    second = _ap2_dataset(
        "water-points",
        "Water points",
        publisher="Solidarites International",
        place="Sittwe Township",
        wkt=sittwe,
        themes=("ENVI",),
        keywords=("wash", "water"),
    )
    # An end before its start: the IM schema refuses it, with a message.
    wrong = _ap2_dataset(
        "market-prices",
        "Market prices",
        publisher="UNICEF Myanmar",
        place="Kachin",
        wkt=rakhine,
        themes=("ECON",),
        keywords=("markets",),
        temporal=("2024-06-30", "2024-01-01"),
    )
    paging = """
  <hydra:PagedCollection rdf:about="{url}">
    <hydra:totalItems rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">3</hydra:totalItems>
    <hydra:itemsPerPage rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">2</hydra:itemsPerPage>
    <hydra:firstPage>{first}</hydra:firstPage>
    <hydra:lastPage>{last}</hydra:lastPage>{next}
  </hydra:PagedCollection>"""

    def page(number: int, datasets: str) -> bytes:
        url = f"PARTNER{path}" + (f"?page={number}" if number > 1 else "")
        follow = (
            f"\n    <hydra:nextPage>PARTNER{path}?page=2</hydra:nextPage>"
            if number == 1
            else ""
        )
        body = (
            _AP2_HEAD
            + """  <dcat:Catalog rdf:about="https://data.partner-ap2.example.org/catalog">
    <dct:title>Partner open data</dct:title>
  </dcat:Catalog>"""
            + datasets
            + paging.format(
                url=url,
                first=f"PARTNER{path}",
                last=f"PARTNER{path}?page=2",
                next=follow,
            )
            + "\n</rdf:RDF>\n"
        )
        return body.encode()

    return {path: page(1, first + second), f"{path}?page=2": page(2, wrong)}


_AP3_PREFIXES = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix locn: <http://www.w3.org/ns/locn#> .
@prefix gsp: <http://www.opengis.net/ont/geosparql#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _ap3_dataset(slug: str, title: str, place: str, theme: str, access: str) -> str:
    base = "https://catalogue.partner-ap3.example.org"
    return f"""
<{base}/datasets/{slug}> a dcat:Dataset ;
    dct:identifier "{slug}" ;
    dct:title "{title}"@en ;
    dct:description "{title}, from the partner's DCAT-AP 3 catalogue."@en ;
    dct:publisher <{base}/agents/fao> ;
    dcat:theme <{_EU_THEME}{theme}> ;
    dcat:keyword "{title.split()[0].lower()}"@en ;
    dct:accessRights <{_EU_ACCESS}{access}> ;
    dct:spatial [ a dct:Location ;
        skos:prefLabel "{place}"@en ;
        locn:geometry [ a locn:Geometry ;
            gsp:asWKT "POINT(96.1 19.7)"^^gsp:wktLiteral ] ] ;
    dcat:distribution [ a dcat:Distribution ;
        dct:title "{title} (XLSX)"@en ;
        dcat:accessURL <{base}/datasets/{slug}> ;
        dcat:downloadURL <{base}/files/{slug}.xlsx> ] .
"""


def dcat_ap3_pages(path: str = "/catalog.ttl") -> dict[str, bytes]:
    """A DCAT-AP 3 catalogue in Turtle, two pages (``hydra:PartialCollectionView``
    with ``hydra:next``, as ckanext-dcat serves it)."""
    agent = """
<https://catalogue.partner-ap3.example.org/agents/fao> a foaf:Agent ;
    foaf:name "Food and Agriculture Organization (FAO)"@en .
"""
    catalog = """
<https://catalogue.partner-ap3.example.org/catalog> a dcat:Catalog ;
    dct:title "Partner catalogue (DCAT-AP 3)"@en .
"""

    def page(number: int, datasets: str) -> bytes:
        url = f"<PARTNER{path}" + (f"?page={number}>" if number > 1 else ">")
        follow = f" ;\n    hydra:next <PARTNER{path}?page=2>" if number == 1 else ""
        view = (
            f"\n{url} a hydra:PartialCollectionView ;\n"
            f"    hydra:first <PARTNER{path}> ;\n"
            f"    hydra:last <PARTNER{path}?page=2>{follow} .\n"
        )
        return (_AP3_PREFIXES + catalog + agent + datasets + view).encode()

    return {
        path: page(
            1,
            _ap3_dataset(
                "crop-calendar", "Crop calendar", "Nay Pyi Taw", "AGRI", "PUBLIC"
            ),
        ),
        f"{path}?page=2": page(
            2,
            _ap3_dataset(
                "rice-production",
                "Rice production",
                "Ayeyarwady Region",
                "AGRI",
                "RESTRICTED",
            ),
        ),
    }


def located(pages: dict[str, bytes], partner: Partner) -> dict[str, bytes]:
    """The pages with their self links pointing at the running partner."""
    return {k: v.replace(b"PARTNER", partner.url.encode()) for k, v in pages.items()}
