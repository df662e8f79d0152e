"""The Myanmar catalogue translates every message, placeholders intact."""

from __future__ import annotations

import os
import re

from babel.messages.pofile import read_po

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
