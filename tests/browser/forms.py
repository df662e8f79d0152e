"""The buttons of CKAN's dataset forms.

CKAN 2.12 puts an "Unpublish" button (``name=save``,
``value=go-metadata-unpublish``) before "Update Dataset" in the edit form: a
journey that saves clicks the button that saves, not the first one named save.
"""

from __future__ import annotations

__all__ = ["SAVE", "wait_for_module"]

SAVE = "button[name=save]:not([value=go-metadata-unpublish])"


def wait_for_module(page, name: str) -> None:
    """Wait until CKAN has started the JavaScript module ``name`` on the page.

    CKAN starts its modules once the page's translations have loaded (an
    extra request after the page itself): a click before that finds the form
    without the module's behaviour.
    """
    page.wait_for_function(
        "name => !!(window.ckan && ckan.module && ckan.module.instances"
        " && (ckan.module.instances[name] || []).length)",
        arg=name,
    )
