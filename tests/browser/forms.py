"""The buttons of CKAN's dataset forms.

CKAN 2.12 puts an "Unpublish" button (``name=save``,
``value=go-metadata-unpublish``) before "Update Dataset" in the edit form: a
journey that saves clicks the button that saves, not the first one named save.
"""

from __future__ import annotations

__all__ = ["SAVE"]

SAVE = "button[name=save]:not([value=go-metadata-unpublish])"
