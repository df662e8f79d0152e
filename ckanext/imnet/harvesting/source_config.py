"""A harvest source's configuration: the IM defaults and mappings, checked.

A source's ``config`` is JSON. Besides the options of its harvester (passed
through untouched), it may set, for the datasets it brings in:

- a default for any IM vocabulary field (``sensitivity``, ``admin_level``,
  ``geographic_coverage``, ``sadd``, ``collection_method``, ``sector``,
  ``data_category``, ``update_frequency``, ``unit_of_analysis``,
  ``other_disaggregation``, ``language``, ``uses_pcodes``) and for the texts
  ``sensitivity_rationale``, ``data_owner`` and ``access_conditions``;
- ``dataset_organization``: the organisation owning the datasets (default:
  the source's). Not ``organization``: ckanext-harvest copies a source's
  configuration keys to the top of the source's dict, where that one would
  replace CKAN's ``organization`` of the source itself;
- ``sector_map`` / ``data_category_map``: a partner's tag, keyword or theme
  -> the vocabulary value(s) it means.

``parse`` reads and checks it; every problem is a translated message naming
the key, so the API and the ``/harvest/new`` form say what to mend.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import vocab
from ckanext.imnet.access import policy

_ = tk._

__all__ = [
    "SOURCE_TYPES",
    "ORGANIZATION_KEY",
    "VOCABULARY_DEFAULTS",
    "TEXT_DEFAULTS",
    "SourceConfig",
    "ConfigError",
    "parse",
    "term_key",
    "check_source",
    "as_text",
]

# The harvesters whose sources bring IM datasets in, by ``source_type``.
SOURCE_TYPES = ("ckan", "dcat_rdf")

# The key naming the organisation of the datasets a source brings in; it must
# be no key of a dataset's or source's dict (see the module's docstring).
ORGANIZATION_KEY = "dataset_organization"

# IM fields a source may give a default for: field -> (vocabulary, several?)
VOCABULARY_DEFAULTS: dict[str, tuple[str, bool]] = {
    "sensitivity": ("sensitivity", False),
    "admin_level": ("admin_level", False),
    "geographic_coverage": ("state_region", True),
    "sadd": ("sadd", False),
    "collection_method": ("collection_method", True),
    "sector": ("sector", True),
    "data_category": ("data_category", False),
    "update_frequency": ("update_frequency", False),
    "unit_of_analysis": ("unit_of_analysis", False),
    "other_disaggregation": ("other_disaggregation", True),
    "language": ("language", True),
}
TEXT_DEFAULTS = ("sensitivity_rationale", "data_owner", "access_conditions")
_BOOLEAN_DEFAULTS = ("uses_pcodes",)
_MAPS = {"sector_map": "sector", "data_category_map": "data_category"}

# The harvesters' own options, left to them (ckanext-harvest's CKAN
# harvester; ckanext-dcat's RDF harvester).
_HARVESTER_KEYS = {
    "ckan": {
        "api_version",
        "api_key",
        "user_agent",
        "default_tags",
        "default_groups",
        "default_extras",
        "override_extras",
        "organizations_filter_include",
        "organizations_filter_exclude",
        "groups_filter_include",
        "groups_filter_exclude",
        "user",
        "read_only",
        "force_all",
        "remote_groups",
        "remote_orgs",
        "clean_tags",
    },
    "dcat_rdf": {"rdf_format", "profiles"},
}


@dataclass(frozen=True)
class SourceConfig:
    """The IM part of a source's configuration, checked."""

    # field -> default value (a string, or a list for multiple fields)
    defaults: dict[str, Any] = field(default_factory=dict)
    organization: str = ""
    # term_key(tag/keyword/theme) -> sector values; -> a data category
    sector_map: dict[str, list[str]] = field(default_factory=dict)
    data_category_map: dict[str, str] = field(default_factory=dict)

    @property
    def sensitivity(self) -> str:
        """The level of a dataset that carries none: ``restricted`` unless
        the source says otherwise."""
        return str(self.defaults.get("sensitivity") or policy.RESTRICTED)


class ConfigError(ValueError):
    """A source's configuration with problems: one message per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def term_key(text: str) -> str:
    """A tag, keyword or theme as compared: case and spacing do not count,
    and a URI also matches by its last segment."""
    return " ".join(str(text).split()).casefold()


def term_keys(text: str) -> list[str]:
    """The keys a tag, keyword or theme URI is found by in a map."""
    whole = term_key(text)
    last = whole.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return list(dict.fromkeys(k for k in (whole, last) if k))


def parse(text: str | None, source_type: str = "") -> SourceConfig:
    """The IM part of a source's JSON configuration; ``ConfigError`` with
    every problem found, each naming its key."""
    if text is None or not str(text).strip():
        return SourceConfig()
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise ConfigError(
            [
                _("The configuration is not valid JSON: {problem}").format(
                    problem=str(error)
                )
            ]
        ) from error
    if not isinstance(raw, dict):
        raise ConfigError([_("The configuration must be a JSON object")])
    problems: list[str] = []
    defaults: dict[str, Any] = {}
    maps: dict[str, dict[str, Any]] = {"sector_map": {}, "data_category_map": {}}
    organization = ""
    allowed = _HARVESTER_KEYS.get(source_type, set().union(*_HARVESTER_KEYS.values()))
    for key, value in raw.items():
        if key in VOCABULARY_DEFAULTS:
            found = _vocabulary_value(key, value, problems)
            if found is not None:
                defaults[key] = found
        elif key in TEXT_DEFAULTS or key == ORGANIZATION_KEY:
            if not isinstance(value, str) or not value.strip():
                problems.append(_('"{key}": give a text').format(key=key))
            elif key == ORGANIZATION_KEY:
                organization = value.strip()
            else:
                defaults[key] = " ".join(value.split())
        elif key in _BOOLEAN_DEFAULTS:
            if not isinstance(value, bool):
                problems.append(_('"{key}": give true or false').format(key=key))
            else:
                defaults[key] = "true" if value else "false"
        elif key in _MAPS:
            maps[key] = _mapping(key, value, problems)
        elif key not in allowed:
            problems.append(
                _('"{key}" is not a configuration key of this kind of source').format(
                    key=key
                )
            )
    if problems:
        raise ConfigError(problems)
    return SourceConfig(
        defaults=defaults,
        organization=organization,
        sector_map=maps["sector_map"],
        data_category_map=maps["data_category_map"],
    )


def _vocabulary_value(
    key: str, value: Any, problems: list[str], shown: str = ""
) -> Any:
    """A default's value(s), checked against the field's vocabulary; problems
    are named ``shown`` (the key given)."""
    name, several = VOCABULARY_DEFAULTS[key]
    shown = shown or key
    choices = (
        [vocab.COUNTRYWIDE, *(p.pcode for p in vocab.states())]
        if name == "state_region"
        else vocab.values(name)
    )
    given = value if isinstance(value, list) and several else [value]
    if not given or not all(isinstance(v, str) for v in given):
        problems.append(
            (
                _('"{key}": give a list of values')
                if several
                else _('"{key}": give one value')
            ).format(key=shown)
        )
        return None
    wrong = [v for v in given if v not in choices]
    if wrong:
        problems.append(
            _('"{key}": "{value}" is not one of: {choices}').format(
                key=shown, value=wrong[0], choices=", ".join(choices)
            )
        )
        return None
    return list(given) if several else given[0]


def _mapping(key: str, value: Any, problems: list[str]) -> dict[str, Any]:
    field_name = _MAPS[key]
    several = VOCABULARY_DEFAULTS[field_name][1]
    if not isinstance(value, dict):
        problems.append(
            _('"{key}": give an object that maps tags or themes to values').format(
                key=key
            )
        )
        return {}
    found: dict[str, Any] = {}
    for term, target in value.items():
        if several and isinstance(target, str):
            target = [target]
        checked = _vocabulary_value(field_name, target, problems, key)
        if checked is not None and term_key(term):
            found[term_key(term)] = checked
    return found


def as_text(config: Any) -> str | None:
    """A source's ``config`` as ckanext-harvest stores it, JSON text: a JSON
    object given as an object (through the API) is taken as its text;
    another shape is refused with a message on ``config``."""
    if config is None or isinstance(config, str):
        return config
    if isinstance(config, dict):
        return json.dumps(config)
    raise tk.ValidationError({"config": [_("The configuration must be a JSON object")]})


def _organization_given(
    parsed: SourceConfig, stored: str | None, source_type: str
) -> str:
    """The datasets' organisation the source names anew (``""``: none, or
    the one it named as saved before, already allowed to whoever saved it)."""
    if not parsed.organization:
        return ""
    try:
        before = parse(stored, source_type).organization if stored else ""
    except ConfigError:
        before = ""
    return "" if parsed.organization == before else parsed.organization


def check_source(
    context: Any, data_dict: dict[str, Any], stored: str | None = None
) -> None:
    """Refuse a harvest source whose configuration has problems, or that
    names an organisation the user may not publish in, with messages on
    ``config``. ``stored``: the configuration as saved before (an update),
    whose organisation is not asked about again."""
    source_type = str(data_dict.get("source_type") or "")
    if source_type not in SOURCE_TYPES:
        return
    try:
        parsed = parse(data_dict.get("config"), source_type)
    except ConfigError as error:
        raise tk.ValidationError({"config": error.messages}) from error
    name = _organization_given(parsed, stored, source_type)
    if not name:
        return
    try:
        organization = tk.get_action("organization_show")(
            {"user": context.get("user"), "ignore_auth": True},
            {"id": name, "include_datasets": False},
        )
        tk.check_access(
            "package_create",
            {"user": context.get("user")},
            {"owner_org": organization["id"]},
        )
    except tk.ObjectNotFound as error:
        raise tk.ValidationError(
            {
                "config": [
                    _('"{key}": there is no organisation "{name}"').format(
                        key=ORGANIZATION_KEY, name=name
                    )
                ]
            }
        ) from error
    except tk.NotAuthorized as error:
        raise tk.ValidationError(
            {
                "config": [
                    _('"{key}": you may not publish datasets in "{name}"').format(
                        key=ORGANIZATION_KEY, name=name
                    )
                ]
            }
        ) from error
