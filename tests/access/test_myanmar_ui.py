"""Every word a visitor reads on a Myanmar page is Myanmar.

The main pages are crawled in Myanmar as each kind of user, and their visible
text (plus the attributes a user reads: placeholders, titles, labels, the
values of buttons) is searched for English words. What is honestly not for
translation is removed first, and only that: the values of the test data
(titles, names, formats, user names -- data is shown as its owner wrote it),
proper nouns and acronyms, addresses and numbers. Any other Latin word left
over fails the test, with its context.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import ckan.plugins.toolkit as tk
import pytest
from babel.support import Translations

from ckanext.imnet import owners

from .conftest import act, headers_for

I18N = os.path.join(os.path.dirname(__file__), "..", "..", "ckanext", "imnet", "i18n")

SITE_TITLE_MY = "IM ကွန်ရက် ဒေတာ စာရင်း (စမ်းသပ်)"

# Names and acronyms that stay as they are in Myanmar text.
PROPER_NOUNS = {
    "MIMU", "IM", "CKAN", "API", "DCAT", "RDF", "JSON", "JSON-LD", "Turtle", "CSV",
    "XLSX", "PDF", "GeoJSON", "Pcode", "Pcodes", "URL", "Markdown", "OpenStreetMap",
    "Leaflet", "OCHA", "IASC", "UN", "NGO", "INGO", "SADD", "ID", "GPS", "IDP",
    "English", "Twitter", "Facebook", "Gravatar",
}  # fmt: skip
# Shown as written: licence names of the register (ckan/model/license.py), marks.
AS_WRITTEN = {
    "Creative Commons Attribution Share-Alike", "Creative Commons Attribution",
    "Creative Commons CCZero", "Creative Commons Non-Commercial",
    "Open Data Commons Public Domain Dedication and License (PDDL)",
    "Open Data Commons Open Database License (ODbL)",
    "Open Data Commons Attribution License", "GNU Free Documentation License",
    "UK Open Government Licence (OGL)", "Open Database License",
    "Open Data",  # the alt text of the footer's Open Definition badge, as it reads
    "my-organization",  # an example of a URL name, which is Latin letters
}  # fmt: skip
# Form fields hold data being edited, not the page's words.
# Code (a command, a field name) is not prose.
_INVISIBLE = {"script", "style", "noscript", "template", "head", "textarea", "code"}
_MYANMAR = re.compile("[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]")
_READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class _VisibleText(HTMLParser):
    """The text of a page that a visitor reads, chunk by chunk."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in _INVISIBLE:
            self._hidden += 1
            return
        for name in _READ_ATTRIBUTES:
            if attributes.get(name):
                self.chunks.append(attributes[name])
        if attributes.get("data-bs-content"):
            # A popover's content: HTML shown when its link is clicked.
            popover = _VisibleText()
            popover.feed(attributes["data-bs-content"])
            self.chunks.extend(popover.chunks)
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.chunks.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in _INVISIBLE and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.chunks.append(data.strip())


def _normal(text: str) -> str:
    return " ".join(text.split())


def english_in(html: str, data_values: set[str]) -> list[str]:
    """Chunks of visible text that hold English a translator should have replaced.

    A chunk without Myanmar script is untranslated if any English word is
    left; a Myanmar chunk may keep a term as a loanword (CKAN's own Myanmar
    catalogue writes "Dataset များ"), so it fails on a run of three or more.
    """
    parser = _VisibleText()
    parser.feed(html)
    found = []
    pieces = {_normal(part) for v in data_values for part in [v, *v.splitlines()]}
    # Longest first, so that a title is removed before a word inside it.
    values = sorted((v for v in pieces if v), key=len, reverse=True)
    for chunk in parser.chunks:
        text = _normal(chunk)
        # A long title is cut short in lists ("Ministry of Health and...").
        if text.endswith("...") and any(v.startswith(text[:-3]) for v in values):
            continue
        for value in values:
            text = text.replace(value, " ")
        # Addresses, paths, identifiers, hashes and Pcodes are data too.
        text = re.sub(
            r"\S+@\S+|https?://\S+|/\S*|\b[0-9a-f]{8,}\b|\bMMR[0-9A-Z]*\b", " ", text
        )
        for noun in PROPER_NOUNS:
            text = re.sub(rf"(?<![\w-]){re.escape(noun)}(?![\w-])", " ", text)
        runs = re.findall(
            r"[A-Za-z][A-Za-z'’.-]*(?:[\s,]+[A-Za-z][A-Za-z'’.-]*)*", text
        )
        if _MYANMAR.search(text):
            runs = [run for run in runs if len(run.split()) >= 3]
        if any(re.search(r"[A-Za-z]{2}", run) for run in runs):
            found.append(chunk)
    return found


def _data_values(people, datasets) -> set[str]:
    # The site user, named after the site's id, is a member of organisations.
    values = {SITE_TITLE_MY, *AS_WRITTEN, tk.config["ckan.site_id"]}
    # The managed list of data owners is data: its names, as they are written.
    for owner in owners.directory().owners():
        values.update(owner.names)
    for user in people.values():
        values.update(
            str(user.get(key) or "")
            for key in (
                "name",
                "display_name",
                "fullname",
                "title",
                "email",
                "description",
                "about",
            )
        )
    for dataset in datasets.values():
        shown = act(people["mimu"], "package_show", id=dataset["id"])
        values.update(
            str(shown.get(key) or "")
            for key in ("title", "name", "notes", "data_owner", "source",
                        "access_conditions", "sensitivity_rationale", "version",
                        "methodology", "indicators", "contact_name", "author",
                        "maintainer", "license_title", "sample_size")
        )  # fmt: skip
        for resource in shown.get("resources", []):
            values.update({resource.get("name") or "", resource.get("format") or ""})
        values.update(tag["display_name"] for tag in shown.get("tags", []))
    return values


PAGES = {
    "anonymous": [
        "/",
        "/dataset/",
        "/dataset/data-public",
        "/dataset/data-restricted",
        "/organization/",
        "/organization/owning-org",
        "/organization/about/owning-org",
        "/dataset/data-public/resource/{public_resource}",
        "/user/login",
        "/user/register",
        "/about",
        "/gaps",
        "/gaps/townships?category=wash&state=MMR001",
    ],
    "loner": [
        "/",
        "/dataset/",
        "/dataset/data-restricted",
        "/dataset/data-restricted/request-access",
        "/dashboard/datasets",
        "/dashboard/data-requests",
    ],
    "member": [
        "/",
        "/dataset/",
        "/dataset/data-confidential",
        "/dataset/data-strictly-confidential",
        "/dataset/activity/data-public",
        "/organization/owning-org",
        "/dashboard/",
        "/user/owner-member",
        "/user/edit/owner-member",
        "/dataset/data-restricted/resource/{restricted_resource}",
    ],
    "owner": [
        "/dataset/data-restricted",
        "/dataset/new",
        "/dataset/edit/data-restricted",
        "/dashboard/data-reviews",
        "/organization/members/owning-org",
        "/organization/edit/owning-org",
        "/dataset/resources/data-restricted",
        "/dataset/data-restricted/resource/new",
    ],
    "mimu": [
        "/",
        "/dataset/",
        "/dataset/data-strictly-confidential",
        "/dashboard/data-reviews",
        "/ckan-admin/audit-log",
        "/ckan-admin/",
        "/ckan-admin/notifications",
        "/user/",
        "/gaps",
        "/gaps/judge?category=wash&place=MMR013",
    ],
}


@pytest.mark.ckan_config("ckanext.imnet.site_title_my", SITE_TITLE_MY)
@pytest.mark.parametrize("persona", list(PAGES))
def test_every_main_page_reads_in_myanmar(app, people, datasets, persona):
    user = None if persona == "anonymous" else people[persona]
    values = _data_values(people, datasets)
    headers = headers_for(user)
    english = {}
    resources = {
        f"{level}_resource": datasets[level]["resources"][0]["id"]
        for level in ("public", "restricted")
    }
    for path in (p.format(**resources) for p in PAGES[persona]):
        response = app.get(f"/my_MM{path}", headers=headers)
        assert response.status_code == 200, path
        if found := english_in(response.get_data(as_text=True), values):
            english[path] = found
    assert not english, "\n".join(
        f"{path}: {chunks}" for path, chunks in english.items()
    )


REQUEST = {
    "purpose": "Planning water trucking in Sittwe camps",
    "organization": "Local NGO",
    "accept_conditions": True,
}


@pytest.mark.ckan_config("ckanext.imnet.site_title_my", SITE_TITLE_MY)
def test_request_pages_read_in_myanmar_and_withdrawn_is_not_revoked(
    app, people, datasets, smtp
):
    restricted = datasets["restricted"]["id"]
    withdrawn = act(
        people["loner"], "imnet_access_request_create", id=restricted, **REQUEST
    )
    act(people["loner"], "imnet_access_request_withdraw", id=withdrawn["id"])
    revoked = act(
        people["outsider"], "imnet_access_request_create", id=restricted, **REQUEST
    )
    act(people["owner"], "imnet_access_request_approve", id=revoked["id"])
    act(people["owner"], "imnet_access_request_revoke", id=revoked["id"], reason="End")
    values = _data_values(people, datasets) | {"End"}
    for request in (withdrawn, revoked):
        # What the requester wrote and accepted is shown as stored.
        shown = act(people["mimu"], "imnet_access_request_show", id=request["id"])
        values |= {v for v in shown.values() if isinstance(v, str)}
    pages = [
        (people["loner"], "/dashboard/data-requests"),
        (people["loner"], f"/data-requests/{withdrawn['id']}"),
        (people["outsider"], f"/data-requests/{revoked['id']}"),
        (people["owner"], "/dashboard/data-reviews?state=all"),
        (people["owner"], f"/data-requests/{revoked['id']}"),
        (people["mimu"], "/ckan-admin/audit-log"),
    ]
    english = {}
    for user, path in pages:
        response = app.get(f"/my_MM{path}", headers=headers_for(user))
        assert response.status_code == 200, path
        if found := english_in(response.get_data(as_text=True), values):
            english[path] = found
    assert not english, english

    # The two ends read differently: the requester withdrew; access was revoked.
    mine = app.get(
        f"/my_MM/data-requests/{withdrawn['id']}", headers=headers_for(people["loner"])
    ).get_data(as_text=True)
    theirs = app.get(
        f"/my_MM/data-requests/{revoked['id']}", headers=headers_for(people["outsider"])
    ).get_data(as_text=True)
    myanmar = Translations.load(I18N, ["my_MM"], "ckanext-imnet")
    withdrawn_label = myanmar.gettext("Withdrawn")
    revoked_label = myanmar.gettext("Revoked")
    assert _MYANMAR.search(withdrawn_label) and _MYANMAR.search(revoked_label)
    assert withdrawn_label != revoked_label
    assert not set(withdrawn_label.split()) & set(revoked_label.split())
    assert withdrawn_label in mine and revoked_label not in mine
    assert revoked_label in theirs and withdrawn_label not in theirs


@pytest.mark.ckan_config("ckanext.imnet.site_title_my", SITE_TITLE_MY)
def test_the_not_found_page_reads_in_myanmar_and_hides_which_is_hidden(
    app, people, datasets
):
    values = _data_values(people, datasets)
    missing = app.get("/my_MM/dataset/no-such-dataset")
    hidden = app.get("/my_MM/dataset/data-confidential")
    assert missing.status_code == hidden.status_code == 404
    assert not english_in(missing.get_data(as_text=True), values)
    assert not english_in(hidden.get_data(as_text=True), values)
    assert "Not Found" not in hidden.get_data(as_text=True)
