"""Benchmark of the embedded search backend (``make bench``).

Creates N synthetic datasets with IM metadata in a database of their own
(``ckan_bench``), then prints p50/p95 latencies of

* ``package_search`` as an anonymous visitor with a text query, two filters
  and ten facets, and
* indexing one dataset (``package_show`` + the index write CKAN does on save).

A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB = "ckan_bench"
URL = f"postgresql://ckan_default:pass@localhost/{DB}"

WORDS = (
    "township population census survey household poverty flood cyclone school "
    "health facility nutrition water sanitation hygiene camp displacement market "
    "price rice livelihood land tenure road electricity village ward district "
    "assessment monitoring protection landmine casualty education enrolment "
    "malaria vaccination migration labour employment agriculture crop livestock "
    "forest river rainfall drought earthquake damage shelter distribution aid"
).split()
FORMATS = ["CSV", "XLSX", "PDF", "GeoJSON", "SHP", "JSON"]
FACETS = [
    "organization",
    "tags",
    "res_format",
    "license_id",
    "sensitivity",
    "sector",
    "admin_level",
    "sadd",
    "data_category",
    "collection_method",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def ensure_database(fresh: bool, db: str = DB) -> None:
    """Create (or with ``fresh``, recreate) database ``db`` and migrate it."""

    def psql(sql: str) -> str:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", "psql", "-tAc", sql],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    exists = psql(f"SELECT 1 FROM pg_database WHERE datname='{db}'") == "1"
    if exists and fresh:
        psql(f"DROP DATABASE {db}")
        exists = False
    if not exists:
        psql(
            f"CREATE DATABASE {db} OWNER ckan_default ENCODING 'UTF8' "
            "TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )
    subprocess.run(
        [os.path.join(ROOT, ".venv", "bin", "ckan"), "-c", "test.ini", "db", "upgrade"],
        cwd=ROOT,
        env={
            **os.environ,
            "CKAN_SQLALCHEMY_URL": f"postgresql://ckan_default:pass@localhost/{db}",
        },
        check=True,
        capture_output=True,
    )


def synthetic_dataset(rng: random.Random, index: int, orgs: list[str]):
    from ckanext.imnet import owners, vocab

    def pick(name: str, low: int = 1, high: int = 1) -> list[str]:
        return rng.sample(vocab.values(name), rng.randint(low, high))

    states = [p.pcode for p in vocab.states()]
    words = rng.sample(WORDS, 6)
    return {
        "name": f"bench-{index:06d}",
        "title": " ".join(words[:4]).capitalize() + f" {2000 + index % 25}",
        "notes": " ".join(rng.choice(WORDS) for _ in range(60)),
        "owner_org": rng.choice(orgs),
        "license_id": rng.choice(["cc-by", "cc-by-sa", "other-closed", "odc-odbl"]),
        "tags": rng.sample(WORDS, rng.randint(1, 5)),
        "extras": {
            "sensitivity": rng.choice(["public"] * 6 + ["restricted", "confidential"]),
            "sensitivity_rationale": "synthetic",
            "data_owner": owners.entries()[index % len(owners.entries())].value,
            "admin_level": pick("admin_level")[0],
            "geographic_coverage": json.dumps(rng.sample(states, rng.randint(1, 4))),
            "sadd": pick("sadd")[0],
            "collection_method": json.dumps(pick("collection_method", 1, 3)),
            "sector": json.dumps(pick("sector", 1, 3)),
            "data_category": pick("data_category")[0],
            "update_frequency": pick("update_frequency")[0],
        },
        "formats": rng.sample(FORMATS, rng.randint(1, 3)),
    }


def create_datasets(count: int, seed: int) -> None:
    import ckan.plugins.toolkit as tk
    from ckan import model

    rng = random.Random(seed)
    existing = model.Session.query(model.Package).count()
    if existing >= count:
        print(f"{existing} datasets already in {DB}")
        return
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    orgs = []
    for number in range(20):
        name = f"bench-org-{number:02d}"
        if not model.Group.by_name(name):
            tk.get_action("organization_create")(
                {"user": site["name"], "ignore_auth": True}, {"name": name}
            )
        orgs.append(model.Group.by_name(name).id)
    started = time.perf_counter()
    # Straight into the model, committed in batches: CKAN indexes each new
    # dataset on commit (package_show + index write), as package_create would.
    for index in range(existing, count):
        data = synthetic_dataset(rng, index, orgs)
        package = model.Package(
            name=data["name"],
            title=data["title"],
            notes=data["notes"],
            owner_org=data["owner_org"],
            license_id=data["license_id"],
            type="dataset",
            state="active",
            private=False,
        )
        model.Session.add(package)
        for key, value in data["extras"].items():
            package.extras[key] = value
        for tag in data["tags"]:
            package.add_tag_by_name(tag, autoflush=False)
        for position, fmt in enumerate(data["formats"]):
            package.resources_all.append(
                model.Resource(
                    url=f"https://example.org/{data['name']}/{position}.{fmt.lower()}",
                    format=fmt,
                    name=f"{fmt} file",
                )
            )
        if (index + 1) % 250 == 0 or index + 1 == count:
            model.Session.commit()
            rate = (index + 1 - existing) / (time.perf_counter() - started)
            sys.stdout.write(
                f"\rcreated and indexed {index + 1}/{count} ({rate:.0f}/s)"
            )
            sys.stdout.flush()
    print()


def bench_search(queries: int, seed: int) -> tuple[list[float], list[float]]:
    import ckan.plugins.toolkit as tk

    from ckanext.imnet import vocab
    from ckanext.imnet.search.connection import PostgresConnection

    # Time spent answering from PostgreSQL, apart from CKAN's own work around it.
    backend: list[float] = []
    answer = PostgresConnection.search

    def timed(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return answer(self, *args, **kwargs)
        finally:
            backend.append((time.perf_counter() - started) * 1000)

    PostgresConnection.search = timed
    rng = random.Random(seed + 1)
    timings = []
    for number in range(queries + 20):
        params = {
            "q": rng.choice(WORDS),
            "fq": f"sensitivity:public AND sector:{rng.choice(vocab.values('sector'))}",
            "fq_list": [f"res_format:{rng.choice(FORMATS)}"],
            "facet.field": json.dumps(FACETS),
            "facet.limit": 50,
            "rows": 20,
        }
        context = {"user": "", "ignore_auth": False}
        started = time.perf_counter()
        tk.get_action("package_search")(context, params)
        if number >= 20:  # warm-up
            timings.append((time.perf_counter() - started) * 1000)
    PostgresConnection.search = answer
    return timings, backend[20:]


def bench_index(samples: int, seed: int) -> list[float]:
    import ckan.plugins.toolkit as tk
    from ckan import model
    from ckan.lib.search import PackageSearchIndex

    rng = random.Random(seed + 2)
    ids = [row[0] for row in model.Session.query(model.Package.id).limit(5000)]
    index = PackageSearchIndex()
    context = {"ignore_auth": True, "validate": False, "use_cache": False}
    timings = []
    for package_id in rng.sample(ids, min(samples, len(ids))):
        started = time.perf_counter()
        index.index_package(
            tk.get_action("package_show")(dict(context), {"id": package_id})
        )
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def report(label: str, timings: list[float]) -> None:
    print(
        f"{label:<58} p50 {statistics.median(timings):7.1f} ms   "
        f"p95 {percentile(timings, 0.95):7.1f} ms   (n={len(timings)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--index-samples", type=int, default=200)
    parser.add_argument("--fresh", action="store_true", help="recreate the database")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    os.chdir(ROOT)
    ensure_database(args.fresh)
    os.environ["CKAN_SQLALCHEMY_URL"] = URL
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(os.path.join(ROOT, "test.ini")))
    flask_app = getattr(app, "_wsgi_app", None) or app.app._wsgi_app
    with flask_app.test_request_context():
        create_datasets(args.datasets, args.seed)
        from ckan import model

        total = model.Session.query(model.Package).count()
        print(f"\nEmbedded PostgreSQL search, {total} datasets, 2-core machine")
        total, backend = bench_search(args.queries, args.seed)
        report("package_search: text + 2 filters + 10 facets (anonymous)", total)
        report("  of which the PostgreSQL backend answering CKAN's query", backend)
        report(
            "index one dataset (package_show + index write)",
            bench_index(args.index_samples, args.seed),
        )


if __name__ == "__main__":
    main()
