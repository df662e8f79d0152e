"""Benchmark of the DCAT catalogue a harvester pages through (``make bench-dcat``).

Loads the demo catalogue plus copies of its datasets (through the action API,
so each is validated and indexed as a publisher's would be) into a database of
its own (``ckan_bench_dcat``), then prints latencies of a whole HTTP request
for one page of ``/catalog.ttl`` (``ckanext.dcat.datasets_per_page``, 100 by
default) as an anonymous harvester: the first request of a fresh process, and
p50/p95 of the following ones; the same page as JSON-LD and RDF/XML; a
``modified_since`` page; and how the time of one page splits between the
search and building and writing the graph.

``--profile FILE`` writes a cProfile of one page request instead of timing.

A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import sys
import tempfile
import time
from typing import Any

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_search import ROOT, ensure_database, percentile  # noqa: E402

DB = "ckan_bench_dcat"
URL = f"postgresql://ckan_default:pass@localhost/{DB}"


def load_catalogue(copies: int) -> None:
    """The demo catalogue (without its access requests) and ``copies`` of each
    of its datasets, under other names, unless already there."""
    from ckan import model

    from ckanext.imnet import demo

    with open(demo.CATALOGUE, encoding="utf-8") as f:
        catalogue = yaml.safe_load(f)
    # Requests would queue mail for a worker; they change nothing in the graph.
    catalogue.pop("requests", None)
    originals = list(catalogue["datasets"])
    for number in range(1, copies + 1):
        for dataset in originals:
            copy = {**dataset, "name": f"{dataset['name']}-{number:02d}"}
            copy["title"] = f"{dataset['title']} ({number})"
            # Uploads are files of the demo; the copies link to them instead.
            copy["resources"] = [
                {k: v for k, v in r.items() if k != "upload"}
                | {"url": f"https://example.org/{r['upload']}"}
                if "upload" in r
                else r
                for r in dataset.get("resources", [])
            ]
            catalogue["datasets"].append(copy)
    wanted = len(catalogue["datasets"])
    present = model.Session.query(model.Package).filter_by(type="dataset").count()
    if present >= wanted:
        print(f"{present} datasets already in {DB}")
        return
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        yaml.safe_dump(catalogue, f, allow_unicode=True)
    print(f"loading {wanted} datasets through the action API ...")
    started = time.perf_counter()
    try:
        demo.load(path=f.name)
    finally:
        os.unlink(f.name)
    print(f"loaded {wanted} datasets in {time.perf_counter() - started:.0f} s")


def timed_get(client: Any, url: str) -> tuple[float, float, int, int]:
    """Milliseconds for one GET (elapsed and CPU), its status and body size."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    return (
        elapsed,
        (time.process_time() - cpu) * 1000,
        response.status_code,
        len(response.get_data()),
    )


def split_page(flask_app: Any, rows: int) -> tuple[float, float]:
    """Milliseconds of the search and of the graph for one page, apart."""
    import ckan.plugins.toolkit as tk
    from ckanext.dcat.processors import RDFSerializer

    with flask_app.test_request_context("/catalog.ttl"):
        context = {"user": "", "ignore_auth": False, "imnet_catalogue": True}
        started = time.perf_counter()
        query = tk.get_action("package_search")(
            context,
            {"q": "*:*", "rows": rows, "sort": "metadata_modified desc"},
        )
        searched = time.perf_counter()
        RDFSerializer().serialize_catalog({}, query["results"], _format="turtle")
        done = time.perf_counter()
    return (searched - started) * 1000, (done - searched) * 1000


def report(label: str, timings: list[float], cpu: list[float] | None = None) -> None:
    cpu_text = f"   CPU p50 {statistics.median(cpu):6.1f} ms" if cpu else ""
    print(
        f"{label:<56} p50 {statistics.median(timings):7.1f} ms   "
        f"p95 {percentile(timings, 0.95):7.1f} ms{cpu_text}   (n={len(timings)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=3, help="copies of the demo")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--fresh", action="store_true", help="recreate the database")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile instead")
    args = parser.parse_args()

    os.chdir(ROOT)
    ensure_database(args.fresh, DB)
    os.environ["CKAN_SQLALCHEMY_URL"] = URL
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(os.path.join(ROOT, "test.ini")))
    flask_app = getattr(app, "_wsgi_app", None) or app.app._wsgi_app
    with flask_app.test_request_context():
        load_catalogue(args.copies)
        import ckan.plugins.toolkit as tk
        from ckan import model

        total = model.Session.query(model.Package).filter_by(type="dataset").count()
        rows = int(tk.config.get("ckanext.dcat.datasets_per_page") or 100)
        model.Session.remove()
    client = flask_app.test_client()
    page = "/catalog.ttl?page=1"
    if args.profile:
        timed_get(client, page)  # what a running site has already loaded
        profiler = cProfile.Profile()
        profiler.enable()
        timed_get(client, page)
        profiler.disable()
        profiler.dump_stats(args.profile)
        print(f"profile of {page} written to {args.profile}")
        return

    print(f"\nDCAT catalogue, {total} datasets, {rows} a page, 2-core machine")
    first, first_cpu, status, size = timed_get(client, page)
    print(
        f"{'first /catalog.ttl page of a fresh process':<56} {first:11.1f} ms"
        f"{'':>20}CPU {first_cpu:7.1f} ms"
    )
    print(f"  (status {status}, {size // 1024} KiB of Turtle)")
    for label, url in (
        ("/catalog.ttl, one page of datasets (anonymous)", page),
        ("/catalog.jsonld, the same page", "/catalog.jsonld?page=1"),
        ("/catalog.rdf, the same page", "/catalog.rdf?page=1"),
        (
            "/catalog.ttl?modified_since=2025-01-01 (all of them)",
            f"{page}&modified_since=2025-01-01T00:00:00",
        ),
    ):
        runs = [timed_get(client, url) for _ in range(args.requests)]
        report(label, [run[0] for run in runs], [run[1] for run in runs])
    splits = [split_page(flask_app, rows) for _ in range(max(3, args.requests // 4))]
    report("  of a page: package_search", [s[0] for s in splits])
    report("  of a page: building and writing the graph", [s[1] for s in splits])


if __name__ == "__main__":
    main()
