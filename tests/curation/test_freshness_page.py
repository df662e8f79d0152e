"""Freshness on the pages: the dataset page, search results, the confirm button,
in English and Myanmar; and the reminder digest in Myanmar."""

from __future__ import annotations

import pytest
from ckan.cli.cli import ckan

from tests.access.conftest import headers_for
from tests.curation.conftest import aged, dataset_of


def _html(app, url, user=None):
    return app.get(url, headers=headers_for(user)).get_data(as_text=True)


@pytest.fixture
def overdue(people):
    return aged(
        dataset_of(people["org"], "overdue-sites", title_my="စခန်းများ စာရင်း"),
        50,
    )


def test_everyone_sees_how_current_a_dataset_is_on_its_page(app, people, overdue):
    html = _html(app, "/dataset/overdue-sites")
    assert "Freshness" in html and "Overdue" in html
    assert "Update frequency: Monthly." in html
    assert "Description last updated on" in html
    assert "Confirm still current" not in html  # not for visitors


def test_the_dataset_page_speaks_myanmar(app, people, overdue):
    html = _html(app, "/my_MM/dataset/overdue-sites")
    assert "အချိန်လွန်နေပြီ" in html  # Overdue
    assert "အသစ်ပြင်ဆင်သည့် အကြိမ်နှုန်း- လစဉ်။" in html  # Monthly
    assert "Update frequency" not in html


def test_search_results_carry_the_freshness_badge(app, people, overdue):
    aged(dataset_of(people["org"], "fresh-3w"), 2)
    html = _html(app, "/dataset/")
    assert "imnet-freshness-overdue" in html and "imnet-freshness-fresh" in html
    assert "Most out of date first" in html


@pytest.mark.parametrize("who", ("owner", "editor", "mimu"))
def test_data_owners_confirm_with_one_click_and_a_note(app, people, overdue, who):
    assert "Confirm still current" in _html(app, "/dataset/overdue-sites", people[who])
    response = app.post(
        "/dataset/overdue-sites/confirm-current",
        headers=headers_for(people[who]),
        data={"note": "No new round this year"},
        follow_redirects=False,
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dataset/overdue-sites")
    html = _html(app, "/dataset/overdue-sites", people[who])
    assert "Last confirmed as current on" in html
    assert "imnet-freshness-fresh" in html
    assert "No new round this year" in html  # the note, for curators
    assert "No new round this year" not in _html(app, "/dataset/overdue-sites")


@pytest.mark.parametrize(
    ("url", "data", "field", "message"),
    (
        (
            "confirm-current",
            {"note": "N" * 2001},
            "#imnet-confirm-note",
            "Must be at most 2000 characters",
        ),
        (
            "review",
            {"state": "changes_requested", "comment": ""},
            "#imnet-review-comment",
            "comment",
        ),
        (
            "review",
            {"state": "maybe", "comment": "Typed with care"},
            "#imnet-review-comment",
            "",
        ),
        (
            "endorse",
            {"endorsed": "true", "note": "E" * 2001},
            "#imnet-endorse-note",
            "2000",
        ),
    ),
)
def test_a_refused_curation_form_comes_back_as_entered_with_its_message(
    app, people, overdue, url, data, field, message
):
    response = app.post(
        f"/dataset/overdue-sites/{url}",
        headers=headers_for(people["mimu"]),
        data=data,
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "imnet-curation-form-error" in html
    assert message in html.split("imnet-curation-form-error")[1].split("</div>")[0]
    typed = data.get("note") or data.get("comment")
    if typed:
        assert typed in html
    assert "Overdue Sites" in html  # the dataset page itself


def test_a_member_cannot_confirm(app, people, overdue):
    response = app.post(
        "/dataset/overdue-sites/confirm-current",
        headers=headers_for(people["member"]),
        data={},
    )
    assert response.status_code == 403
    assert "imnet-freshness-overdue" in _html(app, "/dataset/overdue-sites")


def test_confirming_a_hidden_dataset_answers_as_for_a_missing_one(app, people):
    dataset_of(people["org"], "secret-list", sensitivity="strictly_confidential")
    for name in ("secret-list", "no-such-dataset"):
        response = app.post(
            f"/dataset/{name}/confirm-current",
            headers=headers_for(people["outsider"]),
            data={},
        )
        assert response.status_code == 404
        assert "Dataset not found" in response.get_data(as_text=True)


@pytest.mark.ckan_config("ckanext.imnet.mail.locale", "my_MM")
def test_the_digest_is_written_in_the_mail_language(people, overdue, smtp, cli):
    result = cli.invoke(ckan, ["imnet", "curation", "remind"])
    assert result.exit_code == 0, result.output
    [digest] = smtp.to("owner@example.org")
    assert smtp.subject(digest) == ("ပြင်ဆင်ရန် သို့မဟုတ် ခေတ်မီဆဲဖြစ်ကြောင်း အတည်ပြုရန် ဒေတာအစု 1 ခု")
    body = smtp.body(digest)
    assert "စခန်းများ စာရင်း" in body  # the Myanmar title
    assert "လစဉ်" in body  # Monthly
