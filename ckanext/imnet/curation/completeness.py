"""How complete a dataset's metadata is against the IM standard.

``RULES`` is the one declared table of what the standard recommends (and,
for datasets from before a field was required, what it requires): each rule
has a weight (the weights add up to 100), a condition under which it applies
(township Pcodes only where the lowest administrative level is a township or
finer and the data is not countrywide; caveats only for data that is not
public), a test of the dataset and the advice a data owner reads when it
fails. A rule that does not apply counts as met, so a dataset missing exactly
one thing loses exactly that rule's weight.

The score is derived from the dataset as ``package_show`` gives it (or the
validated dictionary the search index receives): nothing is stored. It is
indexed as ``completeness`` (an integer, for sorting and ranges) and
``completeness_band`` (``BANDS``, a facet).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import vocab
from ckanext.imnet.access import policy

__all__ = [
    "Rule",
    "Assessment",
    "RULES",
    "BANDS",
    "HIGH",
    "MEDIUM",
    "LOW",
    "SCORE_FIELD",
    "BAND_FIELD",
    "assess",
    "band_of",
    "band_label",
    "advice",
    "index_fields",
]

Dataset = Mapping[str, Any]

SCORE_FIELD = "completeness"
BAND_FIELD = "completeness_band"

# Bands, best first: (value, lowest score in the band).
HIGH, MEDIUM, LOW = "high", "medium", "low"
BANDS: tuple[tuple[str, int], ...] = ((HIGH, 80), (MEDIUM, 50), (LOW, 0))

# Levels at which a dataset's places are townships or finer.
_TOWNSHIP_OR_FINER = ("township", "village_tract_town", "village_ward", "point")
# Levels at which the data has places that MIMU Pcodes name below the Union.
_SUBNATIONAL = ("state_region", "district", *_TOWNSHIP_OR_FINER)
# Collection methods that draw a sample.
_SURVEYS = ("household_survey", "sample_survey")


def N_(message: str) -> str:
    """Marks a message for the translation catalogue; translated when shown."""
    return message


# -- reading a dataset -----------------------------------------------------------


def _text(dataset: Dataset, field: str) -> str:
    value = dataset.get(field)
    return value.strip() if isinstance(value, str) else ""


def _filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    return value is not None


def _has(field: str) -> Callable[[Dataset], bool]:
    return lambda dataset: _filled(dataset.get(field))


def _always(dataset: Dataset) -> bool:
    return True


def _not_public(dataset: Dataset) -> bool:
    return not policy.is_open_data(dataset)


def _requestable(dataset: Dataset) -> bool:
    return policy.level_of(dataset) in policy.REQUESTABLE


def _townships_expected(dataset: Dataset) -> bool:
    # Countrywide data at township level covers every township: naming 330
    # Pcodes would add nothing.
    coverage = dataset.get("geographic_coverage")
    countrywide = isinstance(coverage, list) and vocab.COUNTRYWIDE in coverage
    return _text(dataset, "admin_level") in _TOWNSHIP_OR_FINER and not countrywide


def _subnational(dataset: Dataset) -> bool:
    return _text(dataset, "admin_level") in _SUBNATIONAL


def _survey(dataset: Dataset) -> bool:
    methods = dataset.get("collection_method")
    return isinstance(methods, list) and bool(set(methods) & set(_SURVEYS))


def _described(dataset: Dataset) -> bool:
    return bool(_text(dataset, "notes") or _text(dataset, "notes_my"))


def _reference_period(dataset: Dataset) -> bool:
    return bool(
        _text(dataset, "temporal_coverage_start")
        and _text(dataset, "temporal_coverage_end")
    )


def _resources(dataset: Dataset) -> list[Mapping[str, Any]]:
    resources = dataset.get("resources")
    return [r for r in resources or [] if isinstance(r, Mapping)]


def _resource_with_format(dataset: Dataset) -> bool:
    return any(_text(r, "format") for r in _resources(dataset))


def _licensed(dataset: Dataset) -> bool:
    # CKAN's "License not specified" is a licence that says nothing.
    return _text(dataset, "license_id") not in ("", "notspecified")


def _contact(dataset: Dataset) -> bool:
    return bool(_text(dataset, "maintainer") or _text(dataset, "maintainer_email"))


def _uses_pcodes(dataset: Dataset) -> bool:
    # Read leniently: an older record's odd value must not stop its indexing.
    return str(dataset.get("uses_pcodes")).strip().lower() in ("true", "yes", "1")


# -- advice -------------------------------------------------------------------


def _lang() -> str:
    try:
        return tk.h.lang() or "en"
    except (RuntimeError, AttributeError, TypeError):
        return "en"


def _townships_advice(dataset: Dataset) -> str:
    level = _text(dataset, "admin_level")
    term = vocab.term("admin_level", level)
    return tk._(
        "Add the townships covered (their MIMU Pcodes): "
        "the lowest administrative level is {level}."
    ).format(level=term.label(_lang()) if term else level)


def _resource_advice(dataset: Dataset) -> str:
    if _resources(dataset):
        return tk._("Give the format of the data's files or links (eg. CSV, XLSX).")
    return tk._(
        "Add the data as a resource (a file or a link) with its format (eg. CSV, XLSX)."
    )


@dataclass(frozen=True)
class Rule:
    """One recommendation of the standard, with its weight in the score.

    ``advice`` is the message a data owner reads when the rule fails (marked
    for translation, translated when shown); ``advise`` replaces it when the
    message depends on the dataset.
    """

    name: str
    weight: int
    met: Callable[[Dataset], bool]
    advice: str = ""
    applies: Callable[[Dataset], bool] = _always
    advise: Callable[[Dataset], str] | None = None

    def text(self, dataset: Dataset) -> str:
        """What to add, in the current language."""
        return self.advise(dataset) if self.advise else tk._(self.advice)


# The standard's recommendations and their weights (they add up to 100). The
# README's table "Completeness" restates this one for readers: keep both.
RULES: tuple[Rule, ...] = (
    Rule(
        "description",
        8,
        _described,
        N_(
            "Add a description: what the data is, what it covers and what it "
            "can be used for."
        ),
    ),
    Rule(
        "methodology",
        10,
        _has("methodology"),
        N_("Add the methodology: how the data was collected and processed."),
    ),
    Rule(
        "temporal_coverage",
        8,
        _reference_period,
        N_("Add the reference period: the dates it starts and ends."),
    ),
    Rule(
        "update_frequency",
        5,
        _has("update_frequency"),
        N_("Say how often the data is updated (update frequency)."),
    ),
    Rule("sector", 5, _has("sector"), N_("Choose the sectors the data serves.")),
    Rule(
        "data_category",
        4,
        _has("data_category"),
        N_("Choose the data category (one of the Network's priority categories)."),
    ),
    Rule(
        "unit_of_analysis",
        4,
        _has("unit_of_analysis"),
        N_("Choose the unit of analysis (individual, household, site...)."),
    ),
    Rule("language", 2, _has("language"), N_("Say which languages the data is in.")),
    Rule(
        "sadd",
        5,
        _has("sadd"),
        N_("Say whether the data is disaggregated by sex and age (SADD)."),
    ),
    Rule(
        "township_coverage",
        10,
        _has("township_coverage"),
        applies=_townships_expected,
        advise=_townships_advice,
    ),
    Rule(
        "uses_pcodes",
        4,
        _uses_pcodes,
        N_(
            "Code the places in the data with MIMU Pcodes, the Network's common "
            "coding system, and say so."
        ),
        applies=_subnational,
    ),
    Rule(
        "sample_size",
        3,
        _has("sample_size"),
        N_("Give the sample size: the data comes from a survey."),
        applies=_survey,
    ),
    Rule("resource_format", 8, _resource_with_format, advise=_resource_advice),
    Rule(
        "license",
        6,
        _licensed,
        N_("Choose a licence: it tells users what they may do with the data."),
    ),
    Rule(
        "contact",
        4,
        _contact,
        N_("Give a contact (a name or an email) for questions about the data."),
    ),
    Rule(
        "caveats",
        6,
        _has("caveats"),
        N_(
            "Add caveats: the limitations and data-quality notes a requester "
            "should know before asking for data they cannot see."
        ),
        applies=_not_public,
    ),
    Rule(
        "sensitivity_rationale",
        4,
        _has("sensitivity_rationale"),
        N_("Explain why access is limited (sensitivity rationale)."),
        applies=_not_public,
    ),
    Rule(
        "access_conditions",
        4,
        _has("access_conditions"),
        N_("Add the access conditions a requester must accept."),
        applies=_requestable,
    ),
)


# -- the score ------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """A dataset's score (0-100), its band and the rules it fails, heaviest first."""

    score: int
    band: str
    missing: tuple[Rule, ...]


def assess(dataset: Dataset) -> Assessment:
    """Score a dataset (``package_show`` output) against ``RULES``."""
    missing = tuple(
        rule for rule in RULES if rule.applies(dataset) and not rule.met(dataset)
    )
    score = 100 - sum(rule.weight for rule in missing)
    ordered = tuple(sorted(missing, key=lambda rule: -rule.weight))
    return Assessment(score=score, band=band_of(score), missing=ordered)


def band_of(score: int) -> str:
    """The band (``high``, ``medium``, ``low``) a score falls in."""
    for band, lowest in BANDS:
        if score >= lowest:
            return band
    return LOW


def band_label(band: str) -> str:
    """A band's label in the current language, with its range of scores."""
    labels = {
        HIGH: tk._("High (80-100)"),
        MEDIUM: tk._("Medium (50-79)"),
        LOW: tk._("Low (0-49)"),
    }
    return labels.get(band, band)


def advice(dataset: Dataset, assessment: Assessment) -> list[dict[str, Any]]:
    """What to add, in the current language: one item per rule failed."""
    return [
        {"rule": rule.name, "weight": rule.weight, "text": rule.text(dataset)}
        for rule in assessment.missing
    ]


def index_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``: add the score and band of an IM dataset."""
    pkg_dict.pop(SCORE_FIELD, None)
    pkg_dict.pop(BAND_FIELD, None)
    if not policy.is_im_dataset(pkg_dict):
        return pkg_dict
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    assessment = assess(validated)
    pkg_dict[SCORE_FIELD] = assessment.score
    pkg_dict[BAND_FIELD] = assessment.band
    return pkg_dict
