"""The deployer's site title and description, in Myanmar on Myanmar pages.

CKAN's templates read ``g.site_title`` and ``g.site_description`` (header, page
titles, footer, about page); ``g`` falls back to CKAN's app globals, so a value
set on ``g`` for one request replaces them on that page only.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import flask

from ckanext.imnet import config

__all__ = ["register"]


def register(app: flask.Flask) -> flask.Flask:
    """Have the Flask app put the site texts in the page's language on ``g``."""
    app.before_request(_localize)
    return app


def _localize() -> None:
    if not config.is_myanmar(config.request_locale()):
        return
    if title := config.site_title_my():
        tk.g.site_title = title
    if description := config.site_description_my():
        tk.g.site_description = description
