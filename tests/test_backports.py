"""CKAN fixes applied until the pinned CKAN has them (``backports``)."""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.core as plugins_core
import pytest

from ckanext.imnet import backports

pytestmark = pytest.mark.skipif(
    not hasattr(plugins_core, "find_system_plugins"),
    reason="CKAN 2.12 has no system plugins to find: nothing to backport",
)


def test_iterating_over_plugins_finds_the_system_plugins_once(monkeypatch):
    scans = []

    def find_system_plugins() -> list[str]:
        # CKAN 2.11.5's: reads every installed distribution's entry points.
        scans.append(1)
        return ["synchronous_search"]

    monkeypatch.setattr(plugins_core, "find_system_plugins", find_system_plugins)
    backports.install()
    expected = [plugin.name for plugin in p.PluginImplementations(p.IConfigurer)]
    for _ in range(50):
        found = [plugin.name for plugin in p.PluginImplementations(p.IConfigurer)]
        assert found == expected
    assert "imnet" in expected
    assert len(scans) == 1


def test_each_caller_gets_a_list_of_its_own(monkeypatch):
    monkeypatch.setattr(
        plugins_core, "find_system_plugins", lambda: ["synchronous_search"]
    )
    backports.install()
    backports.install()  # again: changes nothing
    first = plugins_core.find_system_plugins()
    first.append("added-by-a-caller")
    assert plugins_core.find_system_plugins() == ["synchronous_search"]
