"""The CKAN 2.12 requirement files stay in step with the default (2.11) ones.

``make test CKAN_VERSION=2.12`` installs ``dev-requirements-2.12.txt``; a
package added to or upgraded in ``requirements.txt`` alone would be missing
or older there, and only the 2.12 run would notice, if it ran.
"""

from __future__ import annotations

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Pinned differently on CKAN 2.12: CKAN itself, and what CKAN 2.12's own
# dev extra pins (ckanext-harvest's test helpers use it at run time).
DIFFER_ON_2_12 = {"ckan", "factory-boy", "faker"}


def _pins(name: str) -> dict[str, str]:
    """Package name (normalised, extras dropped) -> pinned version."""
    pins = {}
    with open(os.path.join(ROOT, name), encoding="utf-8") as lines:
        for line in lines:
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-"):
                continue
            package, _, version = line.partition("==")
            package = re.sub(r"\[.*\]", "", package)
            pins[re.sub(r"[-_.]+", "-", package).lower()] = version
    return pins


def test_ckan_2_12_installs_the_same_stack_as_2_11():
    default, on_2_12 = _pins("requirements.txt"), _pins("requirements-2.12.txt")
    assert set(on_2_12) == set(default)
    for package, version in default.items():
        if package not in DIFFER_ON_2_12:
            assert on_2_12[package] == version, package
    assert on_2_12["ckan"] == "2.12.0"


def test_ckan_2_12_installs_the_same_test_tools_as_2_11():
    default = _pins("dev-requirements.txt")
    on_2_12 = _pins("dev-requirements-2.12.txt")
    assert set(on_2_12) == set(default)
    for package, version in default.items():
        if package != "ckan":
            assert on_2_12[package] == version, package
    assert on_2_12["ckan"] == "2.12.0"
