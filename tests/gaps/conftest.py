"""The curation tests' people and helpers, for the gap matrix."""

from __future__ import annotations

from tests.curation.conftest import _test_app, people  # noqa: F401 - fixtures
