"""ckanext-harvest's pages read in Myanmar under /my_MM/.

ckanext-harvest ships no Myanmar; our catalogue gives its messages
(``i18n_core.py``) and our templates replace the words it writes outside
``_()``. A sysadmin crawls the source list, the new-source form, a source's
pages, its admin page, its jobs and the report of a finished job with errors,
and of a source whose job is still running; the visible text is searched for
English as in ``tests/access/test_myanmar_ui.py``.
"""

from __future__ import annotations

import datetime
import os
import re
from typing import Any

import pytest
from babel.support import Translations
from ckanext.harvest.model import (
    HarvestGatherError,
    HarvestJob,
    HarvestObject,
    HarvestObjectError,
)

from tests.access.conftest import headers_for
from tests.access.test_myanmar_ui import AS_WRITTEN, SITE_TITLE_MY, english_in
from tests.harvest.conftest import create_source, harvested_dataset

I18N = os.path.join(os.path.dirname(__file__), "..", "..", "ckanext", "imnet", "i18n")
URL = "http://127.0.0.1:9/catalog.ttl"
GATHER_ERROR = "Unable to get content for URL: http://127.0.0.1:9/catalog.ttl"
OBJECT_ERROR = "Error parsing the RDF file"


def _finished_job_with_errors(source: dict[str, Any]) -> HarvestJob:
    """A finished job: one record added, one that failed, one gather error."""
    now = datetime.datetime.utcnow()
    job = HarvestJob(
        source_id=source["id"],
        status="Finished",
        gather_started=now,
        gather_finished=now,
        finished=now,
    )
    job.save()
    HarvestObject(
        guid="added-record", job=job, source=job.source, report_status="added"
    ).save()
    failed = HarvestObject(
        guid="failed-record", job=job, source=job.source, report_status="errored"
    )
    failed.save()
    HarvestObjectError(
        object=failed, message=OBJECT_ERROR, stage="Import", line=3
    ).save()
    HarvestGatherError(job=job, message=GATHER_ERROR).save()
    return job


@pytest.fixture
def sources(roles):
    org = roles["org"]["id"]
    finished = create_source(
        roles["admin"], org, URL, title="Partner DCAT feed", name="partner-feed"
    )
    dataset = harvested_dataset(finished, org, "Harvested township list")
    job = _finished_job_with_errors(finished)
    running = create_source(
        roles["admin"],
        org,
        "http://127.0.0.1:9/other.ttl",
        title="Second partner feed",
        name="second-feed",
        frequency="WEEKLY",
    )
    HarvestJob(source_id=running["id"], status="Running").save()
    return {
        **roles,
        "finished": finished,
        "running": running,
        "dataset": dataset,
        "job_id": job.id,
    }


def _data_values(sources) -> set[str]:
    # The errors a harvester stored are shown as it wrote them.
    values = {SITE_TITLE_MY, *AS_WRITTEN, GATHER_ERROR, OBJECT_ERROR}
    values |= {"added-record", "failed-record", sources["job_id"]}
    values |= {job.id for job in HarvestJob.filter()}
    for source in (sources["finished"], sources["running"]):
        values |= {source["title"], source["name"], source["url"]}
    dataset = sources["dataset"]
    values |= {dataset["title"], dataset["name"], "New."}  # its notes
    for org in (sources["org"], sources["other_org"]):
        values |= {org["title"], org["name"]}
    values |= {sources["sysadmin"]["name"], sources["sysadmin"]["fullname"] or ""}
    return values


def _pages(sources) -> list[str]:
    name, running = sources["finished"]["name"], sources["running"]["name"]
    return [
        "/harvest",
        "/harvest?q=nothing-matches-this",
        "/harvest/new",
        f"/harvest/{name}",
        f"/harvest/about/{name}",
        f"/harvest/admin/{name}",
        f"/harvest/{name}/job",
        f"/harvest/{name}/job/last",
        f"/harvest/{name}/job/{sources['job_id']}",
        f"/harvest/edit/{name}",
        f"/harvest/admin/{running}",
        f"/harvest/{running}/job",
        f"/harvest/{running}",
    ]


@pytest.mark.ckan_config("ckanext.imnet.site_title_my", SITE_TITLE_MY)
def test_every_harvest_page_reads_in_myanmar_for_a_sysadmin(app, sources):
    headers = headers_for(sources["sysadmin"])
    values = _data_values(sources)
    english = {}
    for path in _pages(sources):
        response = app.get(f"/my_MM{path}", headers=headers)
        assert response.status_code == 200, path
        if found := english_in(response.get_data(as_text=True), values):
            english[path] = found
    assert not english, "\n".join(
        f"{path}: {chunks}" for path, chunks in english.items()
    )


# What a tester found in English on these pages, as ckanext-harvest writes it.
TRANSLATED = [
    "Harvest Sources", "Add Harvest Source", "Search harvest sources...",
    "Frequency", "Weekly", "Generic DCAT RDF Harvester", "Create Harvest Source",
    "Harvest sources allow importing remote metadata into this catalog. Remote "
    "sources can be other catalogs such as other CKAN instances, CSW servers or "
    "Web Accessible Folders (WAF) (depending on the actual harvesters enabled "
    "for this instance).",
    "This should include the http:// part of the URL", "Source type",
    "Harvests remote CKAN instances", "Update frequency", "Manual", "Configuration",
    "No organization", "Save", "View harvest source",
    "There is no description for this harvest source", "Source", "Last Harvest Job",
    "View full job report", "Reharvest", "Jobs", "Harvest Jobs", "Job Report",
    "Back to job list", "Error Summary", "Only the 20 most frequent errors are shown",
    "Job Errors", "Document Errors", "Error Report", "documents with errors",
    "Remote content", "Local content", "Count", "Message", "Started", "Finished",
    "Running", "added", "not modified", "errors", "Not yet", "Delete source",
    "Delete and clear source", "There already is an unrun job for this source",
    "Stop this job", "There are no datasets associated to this harvest source.",
    "(line {line})",
]  # fmt: skip


def _visible(html: str) -> str:
    from tests.access.test_myanmar_ui import _VisibleText

    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(" ".join(chunk.split()) for chunk in parser.chunks)


@pytest.mark.ckan_config("ckanext.imnet.site_title_my", SITE_TITLE_MY)
def test_the_english_a_tester_found_is_myanmar(app, sources):
    myanmar = Translations.load(I18N, ["my_MM"], "ckanext-imnet")
    headers = headers_for(sources["sysadmin"])
    text = "\n".join(
        _visible(app.get(f"/my_MM{path}", headers=headers).get_data(as_text=True))
        for path in _pages(sources)
    )
    for english in TRANSLATED:
        translated = myanmar.gettext(english)
        assert translated != english, english
        if "{line}" in english:
            english, translated = english.format(line=3), translated.format(line=3)
        assert translated in text, english
        # A whole line, or a word among others that are Myanmar.
        assert not re.search(rf"(^|\s){re.escape(english)}($|\s)", text, re.M), english


@pytest.mark.ckan_config("ckanext.imnet.site_title_my", SITE_TITLE_MY)
def test_harvests_messages_after_an_action_are_myanmar(app, sources):
    myanmar = Translations.load(I18N, ["my_MM"], "ckanext-imnet")
    headers = headers_for(sources["sysadmin"])
    refresh = f"/my_MM/harvest/refresh/{sources['finished']['id']}"
    started = app.get(refresh, headers=headers, follow_redirects=True)
    again = app.get(refresh, headers=headers, follow_redirects=True)
    missing = app.get("/my_MM/harvest/admin/no-such-source", headers=headers)
    for page, english in (
        (started, "Harvest will start shortly. Refresh this page for updates."),
        (again, "A harvest job has already been scheduled for this source"),
        (missing, "Harvest source not found"),
    ):
        html = _visible(page.get_data(as_text=True))
        assert english not in html
        assert myanmar.gettext(english) in html, english


@pytest.mark.ckan_config("ckanext.imnet.site_title_my", SITE_TITLE_MY)
def test_a_harvested_datasets_provenance_and_a_wrong_configuration_read_in_myanmar(
    app, sources
):
    user = sources["sysadmin"]
    values = _data_values(sources)
    page = app.get(
        f"/my_MM/dataset/{sources['dataset']['name']}", headers=headers_for(user)
    ).get_data(as_text=True)
    provenance = re.search(
        r'<section class="imnet-provenance".*?</section>', page, re.S
    )
    assert provenance
    assert not english_in(provenance.group(0), values)
    assert "အခြား ကတ်တလောက်မှ စုဆောင်းယူထားသော ဒေတာအစု" in provenance.group(0)

    form = app.get("/my_MM/harvest/new", headers=headers_for(user))
    token = re.search(
        r'name="_csrf_token" value="([^"]+)"', form.get_data(as_text=True)
    )
    assert token
    config = '{"sensitivity": "secret"}'
    refused = app.post(
        "/my_MM/harvest/new",
        headers=headers_for(user),
        data={
            "_csrf_token": token.group(1),
            "url": "http://127.0.0.1:9/partner.ttl",
            "title": "Cluster catalogue",
            "name": "cluster-catalogue",
            "source_type": "dcat_rdf",
            "frequency": "WEEKLY",
            "config": config,
            "owner_org": sources["org"]["id"],
            "save": "",
        },
    )
    assert refused.status_code == 200
    html = refused.get_data(as_text=True)
    values |= {
        "Cluster catalogue",
        "cluster-catalogue",
        "http://127.0.0.1:9/partner.ttl",
    }
    values |= {config, '"sensitivity": "secret"', "secret"}
    refusal = "သည် ဤတန်ဖိုးများထဲတွင် မပါပါ"
    assert refusal in html
    # The refusal quotes the values the configuration may take: code, not prose.
    english = [chunk for chunk in english_in(html, values) if refusal not in chunk]
    assert not english
