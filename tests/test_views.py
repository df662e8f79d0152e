"""The township autocomplete behind the dataset form."""

from __future__ import annotations


def suggestions(app, text, lang=""):
    url = f"{lang}/imnet/api/townships"
    return app.get(url, query_string={"incomplete": text}).json["ResultSet"]["Result"]


def test_townships_are_found_by_name_pcode_and_state(app):
    assert {"Name": "MMR013041", "label": "Kamaryut (Yangon)"} in suggestions(
        app, "kamar"
    )
    assert suggestions(app, "MMR013041")[0]["Name"] == "MMR013041"
    assert all(s["Name"].startswith("MMR012") for s in suggestions(app, "rakhine"))


def test_townships_are_found_by_myanmar_name(app):
    found = suggestions(app, "ကမာရွတ်")
    assert found and found[0]["Name"] == "MMR013041"


def test_retired_townships_are_not_suggested(app):
    assert "MMR013008" not in [s["Name"] for s in suggestions(app, "Hlaingtharya")]


def test_suggestions_are_limited(app):
    assert len(suggestions(app, "")) == 20
