"""Benchmark of the catalogue at scale (``make bench``).

At each size given (``--sizes 1000,10000,100000``, the same database growing;
``--datasets N`` for one size) it writes the synthetic catalogue in bulk
(``bench_data.py``), rebuilds the search index as ``ckan search-index
rebuild`` does, and prints

* the time to write the datasets, the rebuild's rate and the index's size;
* p50/p95 of ``package_search`` (text query + 2 filters + 10 facets) as an
  anonymous visitor and as a member, match-all with facets, a deep page
  (``start=10000``), a bounding-box search, the DCAT catalogue page of 100
  datasets, the gap matrix and the inventory export (CSV, time per 10,000
  rows);
* CKAN's plugin iteration on the search path (calls and time per search);
* with ``--http``, the pages people open most served by gunicorn as in
  production (``bench_http.py``), and the peak memory of its workers.

A benchmark, not a test: it prints figures and asserts nothing. Figures are
only meaningful on a quiet machine.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_data  # noqa: E402 - a sibling script, found through sys.path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB = "ckan_bench"
URL = f"postgresql://ckan_default:pass@localhost/{DB}"
WORDS = bench_data.WORDS
FORMATS = bench_data.FORMATS
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
MEMBER = "bench-member"
ADMIN = "bench-mimu-admin"


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def database_url(db: str) -> str:
    """The SQLAlchemy URL of benchmark database ``db``."""
    return f"postgresql://ckan_default:pass@localhost/{db}"


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
        env={**os.environ, "CKAN_SQLALCHEMY_URL": database_url(db)},
        check=True,
        capture_output=True,
    )


def rebuild_index(profile: str | None = None) -> tuple[int, float]:
    """Rebuild the whole index as ``ckan search-index rebuild`` does (deferred
    commits, then one commit); returns datasets indexed and seconds."""
    from ckan import model
    from ckan.lib import search

    total = model.Session.query(model.Package).count()
    model.Session.remove()
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    search.rebuild(defer_commit=True, quiet=True)
    search.commit()
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    return total, time.perf_counter() - started


def rebuild_sample(count: int) -> tuple[int, float]:
    """``ckan search-index rebuild``'s one-process rate, on ``count`` datasets
    (its cost per dataset does not grow with the catalogue)."""
    from ckan import model
    from ckan.lib import search

    ids = [row[0] for row in model.Session.query(model.Package.id).limit(count)]
    model.Session.remove()
    started = time.perf_counter()
    search.rebuild(package_ids=ids, defer_commit=True, quiet=True)
    search.commit()
    return len(ids), time.perf_counter() - started


def _index_share(ids: list[str]) -> None:
    from ckan import model
    from ckan.lib import search

    model.Session.remove()
    model.meta.engine.dispose(close=False)
    search.rebuild(package_ids=ids, defer_commit=True, quiet=True)
    search.commit()


def index_missing(workers: int) -> tuple[int, float]:
    """Index the datasets not yet in the index in ``workers`` processes, as
    ``ckan search-index rebuild-fast`` does for all (one per CPU)."""
    import multiprocessing

    import sqlalchemy as sa
    from ckan import model

    indexed = sa.select(sa.text("id FROM imnet_search_index"))
    ids = [
        row[0]
        for row in model.Session.query(model.Package.id).filter(
            model.Package.id.not_in(indexed)
        )
    ]
    model.Session.remove()
    model.meta.engine.dispose()
    started = time.perf_counter()
    processes = [
        multiprocessing.get_context("fork").Process(
            target=_index_share, args=(ids[n::workers],)
        )
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode:
            raise SystemExit(f"an indexing process failed ({process.exitcode})")
    return len(ids), time.perf_counter() - started


def create_datasets(count: int, seed: int) -> None:
    """The synthetic catalogue of ``count`` datasets, written and indexed."""
    started = time.perf_counter()
    written = bench_data.write(count, seed)
    if written:
        elapsed = time.perf_counter() - started
        print(
            f"wrote {written} datasets in {elapsed:.1f} s ({written / elapsed:.0f}/s)"
        )
        total, seconds = rebuild_index()
        print(f"search-index rebuild: {total} datasets in {seconds:.1f} s")


def index_size_mib() -> float:
    """The embedded index on disk (table, TOAST and indexes), compacted first:
    a rebuild replaces every row, and the dead ones would count twice. The
    statistics are refreshed too, as autovacuum would after a bulk load."""
    import sqlalchemy as sa
    from ckan import model

    engine = model.Session.get_bind()
    model.Session.remove()  # no lock of this session may hold VACUUM FULL up
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM (FULL, ANALYZE) imnet_search_index"))
        size = conn.execute(
            sa.text("SELECT pg_total_relation_size('imnet_search_index')")
        ).scalar_one()
    return size / 2**20


def bench_users() -> dict[str, str]:
    """A member of the benchmark's biggest organisation and a MIMU admin; their
    names by role, ``anonymous`` as ``""``."""
    import ckan.plugins.toolkit as tk
    from ckan import model

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    context: Any = {"user": site, "ignore_auth": True}
    for name in (MEMBER, ADMIN):
        if model.User.get(name) is None:
            tk.get_action("user_create")(
                dict(context),
                {
                    "name": name,
                    "email": f"{name}@example.org",
                    "password": "bench-1234",
                },
            )
    admin = model.User.get(ADMIN)
    assert admin is not None
    admin.sysadmin = True
    tk.get_action("organization_member_create")(
        dict(context), {"id": "bench-org-00", "username": MEMBER, "role": "member"}
    )
    model.Session.commit()
    return {"anonymous": "", "member": MEMBER, "admin": ADMIN}


def timed(call: Callable[[], Any], runs: int, warm_up: int = 3) -> list[float]:
    """Milliseconds of ``runs`` calls after ``warm_up`` calls."""
    for _ in range(warm_up):
        call()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def report(label: str, timings: list[float]) -> None:
    """One line: label, p50, p95 and the number of runs."""
    print(
        f"{label:<60} p50 {statistics.median(timings):8.1f} ms   "
        f"p95 {percentile(timings, 0.95):8.1f} ms   (n={len(timings)})"
    )


def search_params(rng: random.Random) -> dict[str, Any]:
    """A visitor's search: a word, a sector and a format, ten facets."""
    from ckanext.imnet import vocab

    return {
        "q": rng.choice(WORDS),
        "fq": f"sector:{rng.choice(vocab.values('sector'))}",
        "fq_list": [f"res_format:{rng.choice(FORMATS)}"],
        "facet.field": json.dumps(FACETS),
        "facet.limit": 50,
        "rows": 20,
    }


def searcher(user: str, params: Callable[[], dict[str, Any]]) -> Callable[[], Any]:
    """A call of ``package_search`` as ``user`` with fresh ``params()``."""
    import ckan.plugins.toolkit as tk

    def call() -> Any:
        return tk.get_action("package_search")({"user": user}, params())

    return call


def bench_actions(total: int, queries: int, users: dict[str, str], seed: int) -> None:
    """The API-level figures at this size."""
    import ckan.plugins.toolkit as tk

    rng = random.Random(seed + 1)
    facets = {"facet.field": json.dumps(FACETS), "facet.limit": 50}
    # Cold figures: every search reads the index (the answer cache is off);
    # the repeated match-all below shows what the cache gives.
    tk.config["ckanext.imnet.search.cache_size"] = 0
    for role in ("anonymous", "member"):
        report(
            f"package_search: text + 2 filters + 10 facets ({role})",
            timed(searcher(users[role], lambda: search_params(rng)), queries),
        )
    report(
        "package_search: match-all, 10 facets (anonymous)",
        timed(searcher("", lambda: {"q": "*:*", **facets}), queries),
    )
    if total > 10020:
        report(
            "package_search: deep page, start=10000 (anonymous)",
            timed(searcher("", lambda: {"q": "*:*", "start": 10000}), queries),
        )

    def bbox() -> dict[str, Any]:
        west, south = rng.uniform(93, 99), rng.uniform(12, 25)
        return {"ext_bbox": f"{west},{south},{west + 1},{south + 1}", **facets}

    report(
        "package_search: bbox of 1 degree + 10 facets (anonymous)",
        timed(searcher("", bbox), queries),
    )
    report(
        "imnet_gap_matrix (anonymous)",
        timed(lambda: tk.get_action("imnet_gap_matrix")({"user": ""}, {}), 20),
    )
    tk.config["ckanext.imnet.search.cache_size"] = 256
    report(
        "package_search: match-all, 10 facets, repeated (answer cache on)",
        timed(searcher("", lambda: {"q": "*:*", **facets}), queries),
    )


def bench_pages(flask_app: Any, runs: int) -> None:
    """The DCAT catalogue page of 100 datasets, in-process (no HTTP server)."""
    client = flask_app.test_client()

    def dcat() -> None:
        response = client.get("/catalog.ttl?page=1")
        assert response.status_code == 200, response.status_code

    report("GET /catalog.ttl?page=1 (100 datasets, anonymous)", timed(dcat, runs))


def bench_inventory(total: int) -> None:
    """One CSV export of the whole inventory as a MIMU admin."""
    import ckan.plugins.toolkit as tk

    from ckanext.imnet.logic.action.inventory import STREAM

    started = time.perf_counter()
    answer = tk.get_action("imnet_inventory_export")(
        {"user": ADMIN, STREAM: True}, {"format": "csv"}
    )
    size = sum(len(chunk) for chunk in answer["body"])
    elapsed = time.perf_counter() - started
    rows = answer["count"]
    print(
        f"{'imnet_inventory_export CSV (MIMU admin), whole catalogue':<60} "
        f"{elapsed:8.1f} s    {rows} rows, {size / 2**20:.1f} MiB, "
        f"{elapsed * 10000 / max(rows, 1):.1f} s per 10,000 rows"
    )


def plugin_iteration_cost(searches: int, seed: int) -> None:
    """What CKAN's plugin iteration costs on the search path: calls of
    ``PluginImplementations.__iter__`` and the entry-point scans under them."""
    rng = random.Random(seed + 3)
    call = searcher("", lambda: search_params(rng))
    call()
    profiler = cProfile.Profile()
    profiler.enable()
    started = time.perf_counter()
    for _ in range(searches):
        call()
    elapsed = time.perf_counter() - started
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    for (path, _line, name), (_cc, calls, _tt, cumulative, _callers) in stats.items():
        if (
            (name == "__iter__" and path.endswith("ckan/plugins/core.py"))
            or name == "find_system_plugins"
            or (name == "entry_points" and "importlib" in path)
        ):
            print(
                f"  {name} ({os.path.basename(path)}): {calls / searches:.1f} calls "
                f"and {cumulative * 1000 / searches:.2f} ms a search "
                f"(profiled search: {elapsed * 1000 / searches:.1f} ms)"
            )
    # What each of those scans would cost without the backport that keeps the
    # answer (ckanext/imnet/backports.py, ckan/ckan#9367).
    from ckan.plugins import core

    scan = getattr(core.find_system_plugins, "__wrapped__", core.find_system_plugins)
    started = time.perf_counter()
    scan()
    print(
        f"  one uncached entry-point scan (find_system_plugins): "
        f"{(time.perf_counter() - started) * 1000:.1f} ms"
    )


def peak_rss_mib() -> float:
    """This process's peak resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. 1000,10000")
    parser.add_argument("--db", default=DB)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--requests", type=int, default=50, help="per served page")
    parser.add_argument("--http", action="store_true", help="also serve with gunicorn")
    parser.add_argument("--setup-only", action="store_true")
    parser.add_argument("--profile-rebuild", metavar="FILE")
    parser.add_argument("--fresh", action="store_true", help="recreate the database")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    sizes = [int(s) for s in (args.sizes or str(args.datasets)).split(",")]

    os.chdir(ROOT)
    ensure_database(args.fresh, args.db)
    os.environ["CKAN_SQLALCHEMY_URL"] = database_url(args.db)
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(os.path.join(ROOT, "test.ini")))
    flask_app = getattr(app, "_wsgi_app", None) or app.app._wsgi_app
    for size in sizes:
        with flask_app.test_request_context():
            from ckan import model

            print(f"\n== {size} datasets ({args.db})")
            started = time.perf_counter()
            written = bench_data.write(size, args.seed)
            setup = time.perf_counter() - started
            print(f"setup: wrote {written} datasets in {setup:.1f} s")
            if args.profile_rebuild:
                total, seconds = rebuild_index(args.profile_rebuild)
                print(f"profiled rebuild: {total} datasets in {seconds:.1f} s")
            workers = os.cpu_count() or 1
            added, seconds = index_missing(workers)
            if added:
                print(
                    f"indexed {added} new datasets in {workers} processes "
                    f"(as search-index rebuild-fast) in {seconds:.1f} s "
                    f"({added / seconds:.0f} datasets/s)"
                )
            sample, seconds = rebuild_sample(min(size, 1000))
            print(
                f"search-index rebuild (one process, {sample} datasets): "
                f"{seconds:.1f} s ({sample / seconds:.0f} datasets/s); "
                f"index on disk {index_size_mib():.1f} MiB (compacted)"
            )
            total = model.Session.query(model.Package).count()
            if args.setup_only:
                continue
            users = bench_users()
            bench_actions(total, args.queries, users, args.seed)
            plugin_iteration_cost(min(args.queries, 100), args.seed)
            bench_inventory(total)
            model.Session.remove()
        bench_pages(flask_app, min(args.queries, 20))
        print(f"benchmark process peak RSS {peak_rss_mib():.0f} MiB")
        if args.http:
            import bench_http

            bench_http.run(args.db, args.requests)


if __name__ == "__main__":
    main()
