"""The gap matrix recipe: when a cell is complete, partial, empty or not
applicable.

The rules are declared in a YAML file (``data/gap_recipe.yaml`` in the package,
or the file named by ``ckanext.imnet.gaps.recipe``) and documented there and
in the README. This module reads it and applies it to the facts of one cell:
how many datasets the viewer may see at each admin level, SADD value,
freshness state and sensitivity level.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml

from ckanext.imnet import config, vocab
from ckanext.imnet.access import policy

__all__ = [
    "COMPLETE",
    "PARTIAL",
    "EMPTY",
    "NOT_APPLICABLE",
    "STATES",
    "REASONS",
    "DEFAULT_PATH",
    "Facts",
    "Rule",
    "Recipe",
    "Verdict",
    "load",
    "current",
]

COMPLETE = "complete"
PARTIAL = "partial"
EMPTY = "empty"
NOT_APPLICABLE = "not_applicable"
STATES = (COMPLETE, PARTIAL, EMPTY, NOT_APPLICABLE)
# Why a cell with datasets is only partial: no dataset is fine enough, current,
# disaggregated by sex/age, open; or each condition is met by another dataset.
REASONS = ("coarser", "stale", "no_sadd", "on_request_only", "not_together")

DEFAULT_PATH = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "data", "gap_recipe.yaml"
)

# (admin_level, sadd, freshness, sensitivity) -> datasets
Facts = Mapping[tuple[str, str, str, str], int]


@dataclass(frozen=True)
class Rule:
    """What a category needs for a complete cell."""

    admin_level: str
    sadd: bool


@dataclass(frozen=True)
class Verdict:
    """A cell's state by the recipe, and why it is not complete."""

    state: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recipe:
    """The declared rules of the gap matrix."""

    admin_levels: tuple[str, ...]
    stale: frozenset[str]
    sadd_values: frozenset[str]
    categories: dict[str, Rule]
    not_applicable: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    def fine_enough(self, category: str, admin_level: str) -> bool:
        """True if data at ``admin_level`` is as fine as the category expects."""
        rule = self.categories.get(category)
        if rule is None or admin_level not in self.admin_levels:
            return False
        expected = self.admin_levels.index(rule.admin_level)
        return self.admin_levels.index(admin_level) >= expected

    def judge(self, category: str, place: str, facts: Facts) -> Verdict:
        """The state of one cell from the datasets the viewer may see in it."""
        if (category, place) in self.not_applicable:
            return Verdict(NOT_APPLICABLE)
        present = {key: n for key, n in facts.items() if n > 0}
        if not present:
            return Verdict(EMPTY)
        rule = self.categories.get(category, Rule("township", False))
        checks = {
            "coarser": lambda k: self.fine_enough(category, k[0]),
            "no_sadd": lambda k: not rule.sadd or k[1] in self.sadd_values,
            "stale": lambda k: k[2] not in self.stale,
            "on_request_only": lambda k: policy.is_open_data({"sensitivity": k[3]}),
        }
        if any(all(check(key) for check in checks.values()) for key in present):
            return Verdict(COMPLETE)
        reasons = tuple(
            reason
            for reason, check in checks.items()
            if not any(check(key) for key in present)
        )
        return Verdict(PARTIAL, reasons or ("not_together",))


def load(path: str) -> Recipe:
    """Read a recipe file; a mistake in it is an error naming the file."""
    with open(path, encoding="utf-8") as stream:
        raw = yaml.safe_load(stream) or {}
    levels = tuple(str(level) for level in raw.get("admin_levels") or ())
    known = set(vocab.values("data_category"))
    categories: dict[str, Rule] = {}
    for name, spec in (raw.get("categories") or {}).items():
        level = str((spec or {}).get("admin_level") or "")
        if name not in known or level not in levels:
            raise ValueError(
                f"{path}: category {name!r} must be a data_category value with an "
                f"admin_level among {list(levels)}"
            )
        categories[name] = Rule(level, bool(spec.get("sadd")))
    return Recipe(
        admin_levels=levels,
        stale=frozenset(raw.get("stale") or ()),
        sadd_values=frozenset(raw.get("sadd_values") or ()),
        categories=categories,
        not_applicable=frozenset(
            (str(item["category"]), str(item["place"]))
            for item in raw.get("not_applicable") or ()
        ),
    )


@functools.lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> Recipe:
    return load(path)


def current() -> Recipe:
    """The recipe in force (the configured file, else the package's)."""
    path = config.gap_recipe_path() or DEFAULT_PATH
    return _cached(path, os.path.getmtime(path))
