"""The buttons of CKAN's dataset forms.

CKAN 2.12 puts an "Unpublish" button (``name=save``,
``value=go-metadata-unpublish``) before "Update Dataset" in the edit form: a
journey that saves clicks the button that saves, not the first one named save.
The dataset form's first button is a hidden save, the one Enter clicks
(``package_form.html``): a journey clicks the one people see.
"""

from __future__ import annotations

__all__ = ["SAVE", "submit", "wait_for_module"]

SAVE = "button[name=save]:not([value=go-metadata-unpublish]):not([hidden])"


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


def submit(page, selector: str) -> None:
    """Click the submit button ``selector`` and wait for the page the server
    answers with.

    ``wait_for_load_state`` right after a click returns at once for the page
    already loaded: a check after it may read the form as it was before it
    was sent. The answer is a navigation even when it is the same address
    (the form again, with its errors).
    """
    with page.expect_navigation():
        page.click(selector)
