"""The facet lists of the search pages, as a visitor finds them.

Each list is a ``nav`` named after its facet: ``"Sectors"`` on CKAN 2.11,
``"Filter by: Sectors"`` on CKAN 2.12, whose facet links are also
htmx-boosted (the page is swapped in place and the address pushed).
"""

from __future__ import annotations

__all__ = ["facet_links"]


def facet_links(page, title: str, has_text: str | None = None):
    """The links of the facet list ``title``, those reading ``has_text`` only
    if given."""
    selector = f"nav[aria-label='{title}'] a, nav[aria-label='Filter by: {title}'] a"
    if has_text is None:
        return page.locator(selector)
    return page.locator(selector, has_text=has_text)
