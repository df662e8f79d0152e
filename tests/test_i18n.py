"""The Myanmar catalogue translates every message, placeholders intact."""

from __future__ import annotations

import os
import re

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.factories import im_dataset

I18N = os.path.join(os.path.dirname(__file__), "..", "ckanext", "imnet", "i18n")


def _catalogue(path):
    with open(os.path.join(I18N, path), "rb") as f:
        return read_po(f)


def _first(message_id):
    """The singular of a plural message's id, or the id."""
    return message_id[0] if isinstance(message_id, tuple) else message_id


def test_every_message_has_a_myanmar_translation_with_its_placeholders():
    template = _catalogue("ckanext-imnet.pot")
    myanmar = _catalogue("my_MM/LC_MESSAGES/ckanext-imnet.po")
    ids = {_first(m.id) for m in template if m.id}
    assert len(ids) > 150
    missing, broken = [], []
    for message in myanmar:
        if not message.id or _first(message.id) not in ids:
            continue
        ids.discard(_first(message.id))
        # A plural message has several forms: each keeps the placeholders.
        forms = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        if not all(forms) or message.fuzzy:
            missing.append(message.id)
        elif any(
            sorted(re.findall(r"\{\w*\}", _first(message.id)))
            != sorted(re.findall(r"\{\w*\}", form))
            for form in forms
        ):
            broken.append(message.id)
    assert not ids, f"not in the Myanmar catalogue: {sorted(ids)}"
    assert not missing, f"untranslated: {missing}"
    assert not broken, f"placeholders differ: {broken}"


def test_the_email_templates_are_in_the_catalogue():
    ids = {_first(m.id) for m in _catalogue("ckanext-imnet.pot")}
    assert "Dear {name}," in ids
    assert "Your access ends soon: {title}" in ids


def test_the_myanmar_catalogue_has_the_plural_forms_of_cores():
    # Flask-Babel merges every catalogue into one and keeps the plural rule of
    # the last: a rule of two forms would look up CKAN's plural messages under
    # a form its one-form Myanmar catalogue does not have, and show English.
    import ckan

    core = os.path.join(
        os.path.dirname(ckan.__file__), "i18n", "my_MM", "LC_MESSAGES", "ckan.po"
    )
    with open(core, "rb") as f:
        core_catalogue = read_po(f)
    ours = _catalogue("my_MM/LC_MESSAGES/ckanext-imnet.po")
    assert ours.num_plurals == core_catalogue.num_plurals == 1
    assert ours.plural_expr == core_catalogue.plural_expr


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_myanmar_search_page_counts_its_results_in_myanmar(app):
    org = factories.Organization()
    for _ in range(3):
        im_dataset(owner_org=org["id"])
    page = app.get("/my_MM/dataset/").get_data(as_text=True)
    assert "datasets found" not in page
    assert "3 ခု တွေ့ရှိခဲ့ပါသည်" in page


def test_the_core_messages_we_translate_are_cores_word_for_word():
    # A message listed in i18n_core.py that CKAN or the extension it names
    # no longer uses would never be looked up: the page would show English.
    import ckan
    import ckanext.activity
    import ckanext.harvest
    import ckanext.spatial
    import werkzeug.http
    from ckanext.activity.logic.validators import VALIDATORS_PACKAGE_ACTIVITY_TYPES

    from ckanext.imnet import i18n_core

    with open(
        os.path.join(os.path.dirname(ckan.__file__), "i18n", "ckan.pot"), "rb"
    ) as f:
        core = {_first(m.id) for m in read_po(f) if m.id}
    in_templates = set()
    # Core's templates too: CKAN 2.12's ckan.pot lacks some of their messages.
    for extension in (ckan, ckanext.activity, ckanext.spatial, ckanext.harvest):
        templates = os.path.join(os.path.dirname(extension.__file__), "templates")
        for folder, _dirs, files in os.walk(templates):
            for name in files:
                if not name.endswith((".html", ".txt")):
                    continue
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    in_templates.update(re.findall(r"_\('([^']+)'\)", f.read()))
    # Shown through _() of a value: activity types, a dataset's state, statuses.
    values = {kind.title() for kind in VALIDATORS_PACKAGE_ACTIVITY_TYPES}
    values |= {"active", "draft", "deleted"}
    values |= set(werkzeug.http.HTTP_STATUS_CODES.values())  # error page titles
    values |= _harvest_values()
    # ckanext-harvest's templates and views in full (some quote with ", some
    # split a message over lines), as Babel reads them
    harvest = os.path.dirname(ckanext.harvest.__file__)
    method_map = [("**/tests/**", "ignore"), ("**.py", "python")]
    method_map += [("**/templates/**.html", "ckan")]
    for _file, _line, message, _comments, _context in extract_from_dir(
        harvest, method_map
    ):
        in_templates.add(_first(message))
    # Core's templates that this package overrides keep the words of the CKAN
    # they were copied from; where a newer CKAN rewords one (2.12's sysadmin
    # notice), the override still asks for the listed message.
    overrides = os.path.join(os.path.dirname(i18n_core.__file__), "templates")
    for _file, _line, message, _comments, _context in extract_from_dir(
        overrides, [("**.html", "ckan")]
    ):
        in_templates.add(_first(message))
    known = core | in_templates | values
    unknown = [m for m in i18n_core.MESSAGES if m not in known]
    if tk.check_ckan_version(min_version="2.12"):
        unknown += [m for m in i18n_core.CKAN_2_12_MESSAGES if m not in known]
    unknown += [s for s, _p in i18n_core.PLURAL_MESSAGES if s not in known]
    assert not unknown


def _harvest_values():
    """What ckanext-harvest's pages show through _() of a value."""
    import ckan.plugins as p
    from ckanext.harvest.interfaces import IHarvester
    from ckanext.harvest.model import UPDATE_FREQUENCIES
    from ckanext.harvest.plugin import Harvest

    values = {f.title() for f in UPDATE_FREQUENCIES}  # helper harvest_frequencies
    values |= {"New", "Running", "Finished"}  # a job's status
    values |= {"added", "updated", "deleted", "not modified"}  # its records'
    values |= set(Harvest().dataset_facets({}, "harvest").values())  # facet titles
    for harvester in p.PluginImplementations(IHarvester):  # the source form
        info = harvester.info()
        values |= {info["title"], info["description"]}
    # core's search_result_text.html words a count from the type's name
    for text in (
        "{number} %s found",
        '{number} %s found for "{query}"',
        "No %ss found",
        'No %ss found for "{query}"',
    ):
        values.add(text % "harvest")
    return values


def test_cores_javascript_messages_are_in_myanmar(ckan_config, monkeypatch, tmp_path):
    # What `ckan run` and `ckan translation js` build for the browser.
    import json

    from ckan.lib import i18n

    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(tmp_path))
    i18n.build_js_translations()
    with open(tmp_path / "i18n" / "js" / "my_MM.js", encoding="utf-8") as f:
        catalogue = json.load(f)
    assert catalogue["Close"][1] == "ပိတ်ရန်"
    assert catalogue["Input is too short, must be at least one character"][1] != ""
