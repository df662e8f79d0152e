"""The test harness's kept answers (tests/harness.py) equal fresh ones.

If they did not, every other test would run against a CKAN that is not the
one deployed: plugins found by stale entry points, schemas or declarations
read from a stale file, tables left unmigrated.
"""

from __future__ import annotations

import importlib.metadata

import ckan.plugins.core as plugins_core
import pytest
import sqlalchemy as sa
import yaml
from ckan import model
from ckan.config.declaration import Declaration
from ckan.config.declaration import load as declaration_load

from tests import harness


def test_entry_points_are_those_installed():
    for group, name in [
        ("ckan.plugins", "imnet"),
        ("ckan.plugins", "scheming_datasets"),
    ]:
        kept = plugins_core.entry_points(group=group, name=name)
        assert list(kept) == list(
            importlib.metadata.entry_points(group=group, name=name)
        )
        assert kept[0].load().__name__  # the plugin's class
    assert not plugins_core.entry_points(group="ckan.plugins", name="no-such-plugin")


def test_a_yaml_file_is_read_again_once_it_changes(tmp_path):
    path = tmp_path / "schema.yaml"
    path.write_text("fields:\n- name: title\n")
    with path.open() as stream:
        first = yaml.safe_load(stream)
    first["fields"].append({"name": "changed by its caller"})
    with path.open() as stream:
        assert yaml.safe_load(stream) == {"fields": [{"name": "title"}]}
    path.write_text("fields:\n- name: title\n- name: notes\n")
    with path.open() as stream:
        assert yaml.safe_load(stream) == {
            "fields": [{"name": "title"}, {"name": "notes"}]
        }
    assert yaml.safe_load("a: 1") == {"a": 1}  # a string, as before


def _core_declaration(loader) -> Declaration:
    declaration = Declaration()
    loader(declaration)
    return declaration


def _options(declaration: Declaration) -> dict[str, tuple]:
    """Every option's key and what CKAN declares of it; a placeholder made at
    random for each load (a secret's) as ``random``."""
    other = _core_declaration(declaration_load.handler._types["core"].original)
    return {
        str(key): (
            option.flags,
            option.default,
            option.description,
            option.validators,
            option.example,
            option.legacy_key,
            option.placeholder
            if option.placeholder == other[key].placeholder
            else "random",
        )
        for key, option in (
            (key, declaration[key]) for key in declaration.iter_options()
        )
    }


def test_ckans_config_declaration_is_the_one_ckan_loads():
    kept_loader = declaration_load.handler._types["core"]
    assert kept_loader.original is not kept_loader
    fresh = _options(_core_declaration(kept_loader.original))
    assert len(fresh) > 150
    for _ in range(2):  # parsed and validated the first time, kept the second
        assert _options(_core_declaration(kept_loader)) == fresh


@pytest.mark.usefixtures("clean_db")
def test_migrations_run_unless_at_their_head(migrate_db_for):
    ran: list[str] = []
    harness.migrate("imnet", ran.append)
    assert ran == []  # clean_db left the tables at their head
    model.Session.execute(sa.text("UPDATE imnet_alembic_version SET version_num = 'x'"))
    harness.migrate("imnet", ran.append)
    assert ran == ["imnet"]
    model.Session.execute(
        sa.text("UPDATE imnet_alembic_version SET version_num = :v"),
        {"v": harness._head("imnet")[0]},
    )
    model.Session.commit()
