"""The gap matrix recipe: when a cell is complete, partial, empty or not
applicable.

The rules are declared in a YAML file (``data/gap_recipe.yaml`` in the package,
or the file named by ``ckanext.imnet.gaps.recipe``) and documented there and
in the README. This module reads it and applies it to the facts of one cell:
how many datasets the viewer may see at each admin level, SADD value,
freshness state and sensitivity level -- and, in the ``assessments`` row, how
many registry assessments at each admin level, SADD value, status and access
to their results (``gaps.index``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import yaml

from ckanext.imnet import config, vocab
from ckanext.imnet.access import policy

from . import index

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
# disaggregated by sex/age, open; only assessments under way, or completed ones
# whose results are not available; or each condition is met by another dataset.
REASONS = (
    "coarser",
    "stale",
    "no_sadd",
    "on_request_only",
    "under_way",
    "no_results",
    "not_together",
)

DEFAULT_PATH = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "data", "gap_recipe.yaml"
)

# (admin_level, sadd, freshness, sensitivity) -> datasets; for an assessment
# (admin_level, sadd, status, access to its results) -> assessments
FactsKey = tuple[str, str, str, str]
Facts = Mapping[FactsKey, int]


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
    # Registry statuses whose assessment has results (any other counted
    # status is under way).
    results: frozenset[str] = field(default_factory=frozenset)

    def _assessment_checks(self) -> dict[str, Callable[[FactsKey], bool]]:
        """The registry's own conditions, true of every dataset: an
        assessment with results (not under way), and results available."""

        def done(k: FactsKey) -> bool:
            return not index.is_assessment(k) or k[2] in self.results

        def available(k: FactsKey) -> bool:
            return (
                not index.is_assessment(k)
                or k[2] not in self.results
                or (k[3] != index.NONE)
            )

        return {"under_way": done, "no_results": available}

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
            # An assessment without results has no data to ask for.
            "on_request_only": lambda k: (
                policy.is_open_data({"sensitivity": k[3]})
                or (index.is_assessment(k) and k[3] == index.NONE)
            ),
            **self._assessment_checks(),
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
        results=frozenset((raw.get("registry") or {}).get("results") or ()),
    )


@functools.lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> Recipe:
    return load(path)


def current() -> Recipe:
    """The recipe in force (the configured file, else the package's)."""
    path = config.gap_recipe_path() or DEFAULT_PATH
    return _cached(path, os.path.getmtime(path))
