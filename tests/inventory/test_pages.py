"""The "Download inventory" buttons of the search and organisation pages."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from tests.inventory.conftest import read_csv


class _Links(HTMLParser):
    """The inventory links of a page, by format."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "a" and found.get("data-imnet-inventory"):
            self.links[found["data-imnet-inventory"]] = found["href"]


def _inventory_links(html: str) -> dict[str, str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def test_the_search_page_offers_its_search_as_csv_and_xlsx(app, datasets):
    args = "q=dataset&sector=cccm&ext_bbox=92,9,101,28&sort=name+asc&page=2"
    page = app.get(f"/dataset/?{args}")

    links = _inventory_links(page.body)
    assert set(links) == {"csv", "xlsx"}
    assert "Download inventory" in page.body
    for fmt, link in links.items():
        url = urlsplit(link)
        assert url.path == f"/dataset/inventory.{fmt}"
        # The search as it stands, from its first page.
        assert parse_qs(url.query) == {
            "q": ["dataset"],
            "sector": ["cccm"],
            "ext_bbox": ["92,9,101,28"],
            "sort": ["name asc"],
        }
    rows = read_csv(app.get(links["csv"]))
    assert [r["Title"] for r in rows] == ["Dataset public", "Dataset restricted"]


def test_an_organisation_page_offers_its_datasets_with_its_filters(app, datasets):
    page = app.get("/organization/owning-org?q=dataset&sensitivity=public")

    links = _inventory_links(page.body)
    url = urlsplit(links["xlsx"])
    assert url.path == "/organization/owning-org/inventory.xlsx"
    assert parse_qs(url.query) == {"q": ["dataset"], "sensitivity": ["public"]}
    rows = read_csv(app.get(links["csv"]))
    assert [r["Title"] for r in rows] == ["Dataset public"]


def test_the_button_reads_in_myanmar(app, datasets):
    page = app.get("/my_MM/dataset/")

    assert "ဒေတာ စာရင်း ဒေါင်းလုဒ်" in page.body
    assert _inventory_links(page.body)["csv"].startswith("/my_MM/dataset/inventory.csv")
