"""Validators of the IM metadata standard (used by the scheming schema)."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.imnet import bilingual, owners, vocab
from ckanext.imnet.access import policy
from ckanext.imnet.dates import as_date
from ckanext.imnet.logic.validators_assessment import (
    imnet_catalogue_dataset,
    imnet_collection_date,
    imnet_registry_id,
)
from ckanext.scheming.validation import scheming_multiple_choice, scheming_validator

__all__ = [
    "imnet_field_shapes",
    "imnet_boolean",
    "imnet_count",
    "imnet_ignore_blank",
    "imnet_extent",
    "imnet_derived_extent",
    "imnet_accepted",
    "imnet_required_text",
    "imnet_data_owner",
    "imnet_data_owner_other",
    "imnet_rationale",
    "imnet_geographic_coverage",
    "imnet_township_codes",
    "imnet_not_before",
    "imnet_myanmar_text",
    "imnet_catalogue_dataset",
    "imnet_registry_id",
    "imnet_collection_date",
]

_ = tk._
missing = tk.missing


def _as_list(value: Any) -> list[str]:
    """Form posts, API lists and stored JSON all become a list of strings."""
    if value is missing or value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if text.startswith("["):
        try:
            return _as_list(json.loads(text))
        except ValueError:
            pass
    return [part for part in text.replace(",", " ").split() if part]


def imnet_ignore_blank(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """An optional field left empty (missing, null or blank text) is not stored.

    Unlike CKAN's ``ignore_empty``, a zero or ``false`` is kept for the next
    validators to judge.
    """
    value = data.get(key)
    if (
        value is missing
        or value is None
        or (isinstance(value, str) and not value.strip())
    ):
        data.pop(key, None)
        raise tk.StopOnError


def imnet_rationale(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """A dataset that is not public must say why."""
    sensitivity = data.get(("sensitivity",))
    value = data.get(key)
    if sensitivity and not policy.is_open_data({"sensitivity": sensitivity}):
        if value is missing or not str(value or "").strip():
            errors[key].append(
                _("Explain why access is limited (required unless the data is public)")
            )
            raise tk.StopOnError


@scheming_validator
def imnet_geographic_coverage(field: dict[str, Any], schema: dict[str, Any]):
    """States/Regions covered, with the States of chosen townships rolled up.

    Required unless the data is not geographic; "countrywide" (``MMR``)
    excludes individual States/Regions.
    """
    check_choices = scheming_multiple_choice(field, schema)

    def validator(
        key: FlattenKey,
        data: FlattenDataDict,
        errors: FlattenErrorDict,
        context: Context,
    ) -> None:
        chosen = _as_list(data.get(key))
        if vocab.COUNTRYWIDE not in chosen:
            for code in _as_list(data.get(("township_coverage",))):
                place = vocab.township(code.upper())
                if place and place.adm1_pcode not in chosen:
                    chosen.append(place.adm1_pcode)
        data[key] = chosen
        check_choices(key, data, errors, context)
        if errors[key]:
            return
        if vocab.COUNTRYWIDE in chosen and len(set(chosen)) > 1:
            errors[key].append(
                _("Choose either Countrywide or the States/Regions covered, not both")
            )
        elif not chosen and data.get(("admin_level",)) != "not_geographic":
            errors[key].append(
                _(
                    "Select the States/Regions covered, or Countrywide "
                    "(required unless the data is not geographic)"
                )
            )

    return validator


def imnet_township_codes(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """MIMU township Pcodes, stored as a sorted JSON list."""
    codes = [code.upper() for code in _as_list(data.get(key))]
    if not codes:
        data.pop(key, None)
        raise tk.StopOnError
    valid = set()
    for code in codes:
        place = vocab.township(code)
        if place is None:
            errors[key].append(
                _('"{code}" is not a MIMU township Pcode').format(code=code)
            )
        elif place.status == "inactive":
            errors[key].append(
                _("{code} ({name}) is no longer in use: choose its successors").format(
                    code=code, name=place.name_en
                )
            )
        else:
            valid.add(code)
    if not errors[key]:
        data[key] = json.dumps(sorted(valid))


def _end_before_start(start_field: str) -> str:
    """What is wrong when an end date comes before ``start_field``'s date."""
    if start_field in ("planned_start", "actual_start"):  # an assessment's
        return _("The end of data collection cannot be before its start")
    return _("The end of the reference period cannot be before its start")


def imnet_not_before(other_field: str):
    """The value (a date) is not earlier than ``other_field``'s."""

    def validator(
        key: FlattenKey,
        data: FlattenDataDict,
        errors: FlattenErrorDict,
        context: Context,
    ) -> None:
        end = as_date(data.get(key))
        start = as_date(data.get((other_field,)))
        if end and start and end < start:
            errors[key].append(_end_before_start(other_field))

    return validator


_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off", "")


def _as_bool(value: Any) -> bool | None:
    """``True``/``False`` for the ways forms and scripts say yes and no."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, str)) and str(value).strip().lower() in _TRUE:
        return True
    if isinstance(value, (int, str)) and str(value).strip().lower() in _FALSE:
        return False
    return None


def imnet_boolean(value: Any, context: Context) -> bool:
    """Yes or no (``true``/``false``, ``1``/``0``, ``yes``/``no``, ``on``/``off``)."""
    if value is missing or value is None:
        return False
    answer = _as_bool(value)
    if answer is None:
        raise tk.Invalid(_("Must be true or false"))
    return answer


def imnet_accepted(value: Any, context: Context) -> bool:
    """A checkbox the requester must tick (the access conditions and terms)."""
    if value is missing or _as_bool(value) is not True:
        raise tk.Invalid(_("You must accept the access conditions and the terms"))
    return True


def imnet_count(maximum: int) -> Any:
    """A whole number from 0 to ``maximum`` (paging: ``limit``, ``offset``)."""

    def validator(value: Any, context: Context) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise tk.Invalid(_("Must be a whole number"))
        try:
            number = int(str(value).strip())
        except ValueError:
            raise tk.Invalid(_("Must be a whole number")) from None
        if number < 0:
            raise tk.Invalid(_("Must be a whole number"))
        return min(number, maximum)

    return validator


# Fields that take a list (multiple choices) or a value that is not text.
_OTHER_SHAPES: dict[str, tuple[type, ...]] = {
    "sample_size": (int, str),
    "private": (bool, str),
    "uses_pcodes": (bool, str),
    "spatial": (dict, str),
    "tag_string": (str, list),
    "township_coverage": (str, list),
}


def _multiple(schema: dict[str, Any]) -> set[str]:
    return {
        f["field_name"]
        for group in ("dataset_fields", "resource_fields")
        for f in schema.get(group, [])
        if str(f.get("preset", "")).startswith("multiple_")
    }


def shape_problem(name: str, value: Any, multiple: set[str]) -> str | None:
    """Why a value cannot be read as field ``name``, or ``None`` if it can."""
    if name in multiple:
        items = value if isinstance(value, list) else [value]
        if all(isinstance(item, str) for item in items):
            return None
        return _("Choose from the list (text values)")
    allowed = _OTHER_SHAPES.get(name, (str,))
    if isinstance(value, allowed) and not (
        isinstance(value, bool) and bool not in allowed
    ):
        return None
    return _("Must be text") if allowed == (str,) else _("Wrong kind of value")


def resource_shape_errors(
    schema: dict[str, Any], resource: dict[str, Any]
) -> dict[str, list[str]]:
    """Fields of a resource given a value of the wrong shape, with messages."""
    names = {f["field_name"] for f in schema.get("resource_fields", [])}
    multiple = _multiple(schema)
    errors = {}
    for name in names:
        value = resource.get(name)
        if value is None:
            continue
        problem = shape_problem(name, value, multiple)
        if problem:
            errors[name] = [problem]
    return errors


@scheming_validator
def imnet_field_shapes(field: dict[str, Any] | None, schema: dict[str, Any]):
    """Run before the fields' own validators: a field given a value of the
    wrong shape (a list or an object where text is expected, a number for a
    name) gets a clear message instead of reaching validators that cannot
    read it."""
    multiple = _multiple(schema)
    fields = {
        1: {f["field_name"] for f in schema.get("dataset_fields", [])},
        3: {f["field_name"] for f in schema.get("resource_fields", [])},
    }

    def validator(
        key: FlattenKey,
        data: FlattenDataDict,
        errors: FlattenErrorDict,
        context: Context,
    ) -> None:
        for flat_key, value in list(data.items()):
            depth = len(flat_key)
            if depth == 3 and flat_key[0] != "resources":
                continue
            if (
                value is missing
                or value is None
                or flat_key[-1] not in fields.get(depth, set())
            ):
                continue
            problem = shape_problem(str(flat_key[-1]), value, multiple)
            if problem:
                errors.setdefault(flat_key, []).append(problem)
                # The field's own validators see no value rather than one
                # they cannot read.
                data[flat_key] = missing

    return validator


def imnet_required_text(value: Any, context: Context) -> str:
    """Text that is not blank, stripped of surrounding white space."""
    if value is missing or value is None or not str(value).strip():
        raise tk.Invalid(_("Missing value"))
    return str(value).strip()


def imnet_data_owner(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """A data owner of the managed list, stored as its canonical value.

    Its value, its label in either language or an alias ("CSO") name it;
    ``other`` takes the owner's name from ``data_owner_other``, and a name
    there that is on the list becomes that owner.
    """
    value = data.get(key)
    if value is missing or value is None or not str(value).strip():
        errors[key].append(_("Missing value"))
        raise tk.StopOnError
    other = data.get(("data_owner_other",))
    choice = owners.directory().classify(
        value, "" if other is missing or other is None else other
    )
    if choice is None:
        errors[key].append(
            _(
                '"{value}" is not on the list of data owners: choose one, or '
                'choose "Other" and give its name'
            ).format(value=" ".join(str(value).split())[:200])
        )
        raise tk.StopOnError
    data[key] = choice.value
    if choice.value == owners.OTHER:
        data[("data_owner_other",)] = choice.other


def imnet_data_owner_other(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """The name of a data owner that is not on the list: kept only when the
    data owner is ``other``, and then required."""
    if data.get(("data_owner",)) != owners.OTHER:
        data.pop(key, None)
        raise tk.StopOnError
    value = data.get(key)
    if value is missing or value is None or not str(value).strip():
        errors[key].append(_("Give the name of the data owner"))
        raise tk.StopOnError
    data[key] = " ".join(str(value).split())


def imnet_myanmar_text(max_length: int | str = "") -> Any:
    """Text in Myanmar script (a title or description's Myanmar version).

    Stored in Unicode NFC and stripped. Text without a single Myanmar letter
    or digit is refused: it is most likely the English text in the wrong
    field. ``max_length`` (characters) is optional.
    """
    limit = int(max_length) if str(max_length).strip() else None

    def validator(value: Any, context: Context) -> Any:
        if value is missing or value is None:
            return value
        text = bilingual.normalise(str(value))
        if not bilingual.has_myanmar_script(text):
            raise tk.Invalid(
                _("Write this in Myanmar script (Unicode); English has its own field")
            )
        if limit is not None and len(text) > limit:
            raise tk.Invalid(_("At most {count} characters").format(count=limit))
        return text

    return validator


def imnet_extent(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """GeoJSON given by the publisher, or derived from the places covered."""
    import shapely.geometry

    from ckanext.imnet import extent

    value = data.get(key)
    text = "" if value is missing or value is None else str(value).strip()
    if text:
        try:
            geometry = json.loads(text)
            if not extent.is_derived(geometry):
                shapely.geometry.shape(geometry)  # refuses what is not a geometry
                data[key] = json.dumps(geometry)
                return
        except (ValueError, TypeError, AttributeError, KeyError, IndexError) as error:
            errors[key].append(
                _("Not a valid GeoJSON geometry: {error}").format(
                    error=str(error)[:120]
                )
            )
            return
    _derive_extent(key, data)


def imnet_derived_extent(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """GeoJSON derived from the places covered, whatever value was given.

    An assessment's map (and a box search of the registry) shows where it
    collects data: its places, never a geometry typed into the API.
    """
    _derive_extent(key, data)


def _derive_extent(key: FlattenKey, data: FlattenDataDict) -> None:
    """The extent of the places covered in ``data[key]``; none without places."""
    from ckanext.imnet import extent

    derived = extent.derive(
        _as_list(data.get(("geographic_coverage",))),
        [code.upper() for code in _as_list(data.get(("township_coverage",)))],
    )
    if derived is None:
        data.pop(key, None)
        raise tk.StopOnError
    data[key] = json.dumps(derived)
