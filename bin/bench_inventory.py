"""Benchmark of the inventory export (``make bench-inventory``).

Uses the synthetic catalogue of ``make bench`` (``bench_search.py``: N
datasets with IM metadata and resources, default 10,000, in the database
``ckan_bench`` unless ``--db`` names another), then exports all of it as a
MIMU admin through ``imnet_inventory_export`` -- CSV and XLSX, every byte
read as the page would send it -- and prints, per format, the rows, the size
of the file, the elapsed time, the peak of Python memory allocated during the
export (tracemalloc, in a second run) and the process's peak resident memory.

A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_search  # noqa: E402 - a sibling script, found through sys.path

ROOT = bench_search.ROOT


def _export(fmt: str, user: str, **params: Any) -> tuple[int, int]:
    """Export (everything) as ``user``; the number of datasets and of bytes."""
    import ckan.plugins.toolkit as tk

    from ckanext.imnet.logic.action.inventory import STREAM

    context: Any = {"user": user, STREAM: True}
    answer = tk.get_action("imnet_inventory_export")(context, {**params, "format": fmt})
    size = sum(len(chunk) for chunk in answer["body"])
    return answer["count"], size


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(fmt: str, user: str) -> None:
    """Time one export, then measure its Python allocations in another."""
    rss_before = _peak_rss_mb()
    started = time.perf_counter()
    count, size = _export(fmt, user)
    elapsed = time.perf_counter() - started
    rss_after = _peak_rss_mb()
    tracemalloc.start()
    _export(fmt, user)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{fmt.upper():<5} {count:>6} datasets  {size / 2**20:6.1f} MiB  "
        f"{elapsed:6.1f} s  peak Python memory {peak / 2**20:6.1f} MiB  "
        f"peak RSS {rss_after:6.0f} MiB (before: {rss_before:.0f} MiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--db", default=bench_search.DB)
    parser.add_argument("--fresh", action="store_true", help="recreate the database")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    os.chdir(ROOT)
    url = f"postgresql://ckan_default:pass@localhost/{args.db}"
    bench_search.ensure_database(args.fresh, args.db)
    os.environ["CKAN_SQLALCHEMY_URL"] = url
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(os.path.join(ROOT, "test.ini")))
    flask_app = getattr(app, "_wsgi_app", None) or app.app._wsgi_app
    with flask_app.test_request_context():
        import ckan.plugins.toolkit as tk
        from ckan import model

        bench_search.create_datasets(args.datasets, args.seed)
        total = model.Session.query(model.Package).count()
        # A MIMU admin: every synthetic dataset is in the export.
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        print(f"\nInventory export, {total} datasets in {args.db}, as a MIMU admin")
        # Warm-up, one row: vocabularies, Pcode tables, schemas, templates.
        _export("csv", site["name"], fq="name:bench-000001")
        for fmt in ("csv", "xlsx"):
            bench(fmt, site["name"])


if __name__ == "__main__":
    main()
