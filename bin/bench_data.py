"""The synthetic catalogue of the benchmarks, written in bulk.

``make bench`` needs up to 100,000 realistic datasets: every IM field, English
and Myanmar text, one to four resources, tags, skewed facet values (a few
sectors, owners and organisations hold most datasets, as in the Network's own
catalogue). Creating them through ``package_create`` runs at about 9 a second
(validation, activity, indexing on commit), so three hours for 100,000.

Here the rows CKAN's ``package_create`` would write -- ``package``,
``package_extra``, ``resource``, ``tag``/``package_tag`` and the organisation's
``member`` row -- are written in batches of 1,000 with ``execute_values``, and
the index is built afterwards with ``ckan search-index rebuild``. The
generator's values are already in their stored form; a sample of them goes
through the dataset type's real ``package_create`` schema (scheming and this
package's validators) and the run stops unless validation gives back exactly
the extras that are written. Not written: activities and default resource
views (no benchmarked page reads them).
"""

from __future__ import annotations

import datetime
import json
import random
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

WORDS = (
    "township population census survey household poverty flood cyclone school "
    "health facility nutrition water sanitation hygiene camp displacement market "
    "price rice livelihood land tenure road electricity village ward district "
    "assessment monitoring protection landmine casualty education enrolment "
    "malaria vaccination migration labour employment agriculture crop livestock "
    "forest river rainfall drought earthquake damage shelter distribution aid"
).split()
# Myanmar words of the same subjects, for titles and descriptions in Myanmar.
MY_WORDS = (
    "စစ်တမ်း သန်းခေါင်စာရင်း အိမ်ထောင်စု ကျန်းမာရေး ပညာရေး ရေ သန့်ရှင်းရေး "
    "အာဟာရ စခန်း ရေကြီး ဆိုင်ကလုန်း ကျေးရွာ မြို့နယ် စျေးကွက် ဆန် စိုက်ပျိုးရေး "
    "မွေးမြူရေး အလုပ်အကိုင် ရွှေ့ပြောင်း ကာကွယ်ရေး မိုင်း လမ်း လျှပ်စစ် မိုးရေ "
    "မြေယာ ဆေးရုံ ကျောင်း အကဲဖြတ် စောင့်ကြည့် အချက်အလက်"
).split()
FORMATS = ["CSV", "XLSX", "PDF", "GeoJSON", "SHP", "JSON"]
LICENCES = ["cc-by", "cc-by-sa", "other-closed", "odc-odbl", "cc-zero"]
SENSITIVITY = ["public"] * 15 + ["restricted"] * 3 + ["confidential"] * 2
SENSITIVITY += ["strictly_confidential"]
ORGANISATIONS = 20
BATCH = 1000
EPOCH = datetime.datetime(2015, 1, 1)


def skewed(rng: random.Random, values: list[Any], count: int = 1) -> list[Any]:
    """``count`` distinct values, the first of the list far more often (Zipf)."""
    weights = [1.0 / (rank + 1) for rank in range(len(values))]
    chosen: list[Any] = []
    while len(chosen) < min(count, len(values)):
        value = rng.choices(values, weights)[0]
        if value not in chosen:
            chosen.append(value)
    return chosen


def _in_order(name: str, chosen: list[str]) -> list[str]:
    """Values in vocabulary order, as the schema stores a multiple select."""
    from ckanext.imnet import vocab

    return [value for value in vocab.values(name) if value in chosen]


def _im_fields(rng: random.Random, index: int) -> dict[str, Any]:
    """The IM metadata of one dataset, each value as ``package_show`` gives it."""
    from ckanext.imnet import extent, owners, vocab

    level = skewed(rng, vocab.values("admin_level"))[0]
    states: list[str] = []
    townships: list[str] = []
    if level != "not_geographic":
        if level in ("township", "village_tract_town", "village_ward", "point"):
            towns = [t for t in vocab.townships() if t.status == "active"]
            chosen = rng.sample(towns, rng.randint(1, 6))
            townships = sorted(t.pcode for t in chosen)
            states = sorted({t.adm1_pcode for t in chosen})
        else:
            pool = [p.pcode for p in vocab.states() if p.status == "active"]
            states = sorted(rng.sample(pool, rng.randint(1, 4)))
    sensitivity = rng.choice(SENSITIVITY)
    start = EPOCH + datetime.timedelta(days=rng.randint(0, 3650))
    entries = owners.entries()
    fields: dict[str, Any] = {
        "sensitivity": sensitivity,
        "data_owner": skewed(rng, [e.value for e in entries])[0],
        "source": rng.choice(["", "Ministry records", "Partner 4W reports"]),
        "admin_level": level,
        "sadd": skewed(rng, vocab.values("sadd"))[0],
        "other_disaggregation": _in_order(
            "other_disaggregation",
            rng.sample(vocab.values("other_disaggregation"), rng.randint(0, 2)),
        ),
        "collection_method": _in_order(
            "collection_method",
            skewed(rng, vocab.values("collection_method"), rng.randint(1, 3)),
        ),
        "sector": _in_order(
            "sector", skewed(rng, vocab.values("sector"), rng.randint(1, 3))
        ),
        "data_category": skewed(rng, vocab.values("data_category"))[0],
        "temporal_coverage_start": start.date().isoformat(),
        "temporal_coverage_end": (start + datetime.timedelta(days=rng.randint(1, 1000)))
        .date()
        .isoformat(),
        "update_frequency": skewed(rng, vocab.values("update_frequency"))[0],
        "unit_of_analysis": rng.choice(vocab.values("unit_of_analysis")),
        "sample_size": str(rng.randint(50, 50000)),
        "methodology": " ".join(rng.choice(WORDS) for _ in range(25)),
        "caveats": " ".join(rng.choice(WORDS) for _ in range(10)),
        "uses_pcodes": rng.choice(["true", "true", "false"]),
        "language": _in_order(
            "language", rng.sample(["english", "myanmar"], 1 + index % 2)
        ),
        "access_conditions": ""
        if sensitivity == "public"
        else "Humanitarian use only.",
        "sensitivity_rationale": ""
        if sensitivity == "public"
        else "Locations of people in need (Do No Harm)",
    }
    # Not geographic: the schema stores an empty list of States/Regions.
    fields["geographic_coverage"] = json.dumps(states)
    if level != "not_geographic":
        if townships:
            fields["township_coverage"] = townships
        fields["spatial"] = extent.derive(states, townships)
    # An empty multiple checkbox is stored as an empty list, an empty text not.
    return {key: value for key, value in fields.items() if value != ""}


def synthetic_dataset(
    rng: random.Random, index: int, orgs: list[str]
) -> dict[str, Any]:
    """One dataset as ``package_show`` would give it (ids and dates left out)."""
    words = rng.sample(WORDS, 6)
    my_words = rng.sample(MY_WORDS, 4)
    dataset: dict[str, Any] = {
        "type": "dataset",
        "name": f"bench-{index:06d}",
        "title": " ".join(words[:4]).capitalize() + f" {2000 + index % 25}",
        "notes": " ".join(rng.choice(WORDS) for _ in range(60)),
        "owner_org": skewed(rng, orgs)[0],
        "license_id": skewed(rng, LICENCES)[0],
        "private": index % 40 == 7,
        "maintainer": "Information management officer",
        "maintainer_email": f"im{index % 97}@example.org",
        "url": f"https://example.org/source/{index}",
        "version": f"1.{index % 5}",
        "tags": [{"name": t} for t in rng.sample(WORDS, rng.randint(1, 5))],
        **_im_fields(rng, index),
    }
    if index % 3:
        dataset["title_my"] = " ".join(my_words) + f" {2000 + index % 25}"
        dataset["notes_my"] = " ".join(rng.choice(MY_WORDS) for _ in range(40))
    dataset["resources"] = [
        {
            "url": f"https://example.org/{dataset['name']}/{position}.{fmt.lower()}",
            "name": f"{fmt} file",
            "description": " ".join(rng.choice(WORDS) for _ in range(12)),
            "format": fmt,
            "resource_type": "data" if position == 0 else "documentation",
        }
        for position, fmt in enumerate(skewed(rng, FORMATS, rng.randint(1, 4)))
    ]
    return dataset


_CORE = {
    "type",
    "name",
    "title",
    "notes",
    "owner_org",
    "license_id",
    "private",
    "maintainer",
    "maintainer_email",
    "url",
    "version",
    "tags",
    "resources",
}


def extras_of(dataset: dict[str, Any]) -> dict[str, str]:
    """The ``package_extra`` rows of a dataset: lists and extents as JSON."""
    return {
        key: value if isinstance(value, str) else json.dumps(value)
        for key, value in dataset.items()
        if key not in _CORE
    }


def check_valid(dataset: dict[str, Any], site_user: str) -> None:
    """Validate ``dataset`` as ``package_create`` does (its type's scheming
    schema and this package's validators); stop the run if validation refuses
    it or would store other extras, tags or resources than are written."""
    from ckan import model
    from ckan.lib.plugins import lookup_package_plugin, plugin_validate

    given = {k: v for k, v in dataset.items() if k not in ("tags", "spatial")}
    given["tag_string"] = ",".join(t["name"] for t in dataset["tags"])
    plugin = lookup_package_plugin(dataset["type"])
    context: Any = {"model": model, "session": model.Session, "user": site_user}
    validated, errors = plugin_validate(
        plugin, context, given, plugin.create_package_schema(), "package_create"
    )
    if errors:
        raise SystemExit(f"{dataset['name']} is not valid: {errors}")
    # A text column: an integer (sample_size) is stored as its digits.
    stored = {e["key"]: str(e["value"]) for e in validated.get("extras", [])}
    if "spatial" in stored:  # the same extent, whatever the JSON spacing
        stored["spatial"] = json.dumps(json.loads(stored["spatial"]))
    expected = extras_of(dataset)
    differ = {
        key: (stored.get(key), expected.get(key))
        for key in set(stored) | set(expected)
        if stored.get(key) != expected.get(key)
    }
    for key in ("tags", "resources"):
        if validated[key] != dataset[key]:
            differ[key] = (validated[key], dataset[key])
    if differ:
        raise SystemExit(f"{dataset['name']}: the schema stores otherwise: {differ}")


def _rows(
    dataset: dict[str, Any], created: datetime.datetime, tag_ids: dict[str, str]
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """(table, row) pairs of one dataset, as package_create writes them."""
    package_id = str(uuid.uuid4())
    yield (
        "package",
        (
            package_id,
            dataset["name"],
            dataset["title"],
            dataset["version"],
            dataset["url"],
            dataset["notes"],
            dataset["maintainer"],
            dataset["maintainer_email"],
            "active",
            dataset["license_id"],
            dataset["type"],
            dataset["owner_org"],
            dataset["private"],
            created,
            created,
        ),
    )
    for key, value in extras_of(dataset).items():
        yield "package_extra", (str(uuid.uuid4()), package_id, key, value, "active")
    for position, res in enumerate(dataset["resources"]):
        yield (
            "resource",
            (
                str(uuid.uuid4()),
                package_id,
                res["url"],
                res["format"],
                res["name"],
                res["description"],
                res["resource_type"],
                position,
                "active",
                created,
                created,
                "{}",
            ),
        )
    for tag in dataset["tags"]:
        tag_id = tag_ids.setdefault(tag["name"], str(uuid.uuid4()))
        yield "package_tag", (str(uuid.uuid4()), package_id, tag_id, "active")
    yield (
        "member",
        (str(uuid.uuid4()), dataset["owner_org"], package_id, "active"),
    )


_INSERTS = {
    "package": "INSERT INTO package (id, name, title, version, url, notes, "
    "maintainer, maintainer_email, state, license_id, type, owner_org, private, "
    "metadata_created, metadata_modified) VALUES %s",
    "package_extra": "INSERT INTO package_extra (id, package_id, key, value, state) "
    "VALUES %s",
    "resource": "INSERT INTO resource (id, package_id, url, format, name, "
    "description, resource_type, position, state, created, metadata_modified, "
    "extras) VALUES %s",
    "package_tag": "INSERT INTO package_tag (id, package_id, tag_id, state) VALUES %s",
    "member": "INSERT INTO member (id, group_id, table_id, state, table_name, "
    "capacity) VALUES %s",
}
_TEMPLATES = {"member": "(%s, %s, %s, %s, 'package', 'organization')"}


def organisations() -> list[str]:
    """The ids of the benchmark's organisations, created once (action API)."""
    import ckan.plugins.toolkit as tk
    from ckan import model

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    ids = []
    for number in range(ORGANISATIONS):
        name = f"bench-org-{number:02d}"
        if not model.Group.by_name(name):
            tk.get_action("organization_create")(
                {"user": site["name"], "ignore_auth": True},
                {"name": name, "title": f"Agency {number:02d}"},
            )
        group = model.Group.by_name(name)
        assert group is not None
        ids.append(group.id)
    return ids


def write(count: int, seed: int, validate_every: int = 500) -> int:
    """Add synthetic datasets until the database holds ``count``; returns how
    many were written. Unindexed: run ``ckan search-index rebuild`` after."""
    import ckan.plugins.toolkit as tk
    import psycopg2.extras
    import sqlalchemy as sa
    from ckan import model

    existing = model.Session.query(model.Package).filter_by(type="dataset").count()
    if existing >= count:
        return 0
    orgs = organisations()
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    model.Session.commit()
    # Continue the same sequence on a bigger run: the seed moves with the start.
    rng = random.Random(f"{seed}-{existing}")
    tag_ids = {
        name: tag_id
        for tag_id, name in model.Session.execute(
            sa.text("SELECT id, name FROM tag WHERE vocabulary_id IS NULL")
        )
    }
    known_tags = set(tag_ids)
    started = time.perf_counter()
    raw = model.Session.connection().connection.dbapi_connection
    cursor = raw.cursor()
    for first in range(existing, count, BATCH):
        rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _INSERTS}
        for index in range(first, min(first + BATCH, count)):
            dataset = synthetic_dataset(rng, index, orgs)
            if (index - existing) % validate_every == 0:
                check_valid(dataset, site_user)
            created = EPOCH + datetime.timedelta(minutes=index * 7)
            for table, row in _rows(dataset, created, tag_ids):
                rows[table].append(row)
        new_tags = [(i, n) for n, i in tag_ids.items() if n not in known_tags]
        if new_tags:
            psycopg2.extras.execute_values(
                cursor, "INSERT INTO tag (id, name) VALUES %s", new_tags
            )
            known_tags |= {n for _, n in new_tags}
        for table, statement in _INSERTS.items():
            psycopg2.extras.execute_values(
                cursor, statement, rows[table], _TEMPLATES.get(table), page_size=BATCH
            )
        raw.commit()
        done = min(first + BATCH, count)
        rate = (done - existing) / (time.perf_counter() - started)
        sys.stdout.write(f"\rwritten {done}/{count} datasets ({rate:.0f}/s)")
        sys.stdout.flush()
    print()
    return count - existing
