"""The select2 boxes of CKAN's forms, used as a person uses them.

CKAN 2.11 ships select2 3.5 (the box is ``#s2id_<field id>``, suggestions
``.select2-result-label``); CKAN 2.12 ships select2 4.1 (the box is the
``.select2-container`` that follows the field, suggestions
``.select2-results__option``). The selectors here match either, so every
journey runs unchanged on both versions.
"""

from __future__ import annotations

__all__ = ["box", "open_box", "pick", "shown", "suggestions", "choose_suggestion"]

_SUGGESTIONS = (
    ".select2-result-selectable .select2-result-label, "
    ".select2-results__option--selectable"
)


def box(field: str) -> str:
    """The selector of the select2 box that stands for the field ``field``
    (its id, such as ``field-data_owner``)."""
    return f"#s2id_{field}, #{field} + .select2-container"


def open_box(page, field: str) -> None:
    """Open the box as a click does; typing then goes to its search (select2
    4 focuses it a moment after the click: keys typed before are lost)."""
    page.click(box(field))
    page.wait_for_function(
        "() => document.activeElement &&"
        " document.activeElement.matches('.select2-search__field, .select2-input')"
    )


def suggestions(page) -> list[str]:
    """The texts of the suggestions the open box shows, once it shows some."""
    page.wait_for_selector(_SUGGESTIONS)
    return page.eval_on_selector_all(_SUGGESTIONS, "e => e.map(x => x.innerText)")


def choose_suggestion(page, text: str) -> None:
    """Click the open box's suggestion that reads ``text``."""
    page.click(
        f".select2-result-label:has-text('{text}'), "
        f".select2-results__option--selectable:has-text('{text}')"
    )


def pick(page, field: str, text: str) -> None:
    """Choose ``text`` in a box: open it, type, click the suggestion."""
    open_box(page, field)
    page.keyboard.type(text)
    choose_suggestion(page, text)


def shown(page, field: str) -> str:
    """What the box shows as chosen."""
    return page.inner_text(box(field))
