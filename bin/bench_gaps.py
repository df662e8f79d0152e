"""Benchmark of the gap matrix (``make bench-gaps``).

Creates synthetic datasets with IM metadata as ``make bench`` does (``--base``,
default 500) in a database of their own (``ckan_bench_gaps``), and copies their
search index rows until the index holds N documents (default 10,000): the
matrix is counted from the index alone (one facet search), and creating
10,000 datasets one by one takes most of an hour on the 2-core machine
(``--base 10000`` does it). Then it prints p50/p95 of

* ``GET /gaps`` through the whole WSGI stack, as an anonymous visitor and as
  a MIMU admin (who sees every dataset and gets the judging links),
* the ``imnet_gap_matrix`` action alone (one facet search made as the viewer),
* one category by township (``/gaps/townships``) and the XLSX export.

A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_search  # noqa: E402 - the synthetic catalogue of ``make bench``
import sqlalchemy as sa  # noqa: E402
from werkzeug.test import Client  # noqa: E402

ROOT = bench_search.ROOT
DB = "ckan_bench_gaps"
URL = f"postgresql://ckan_default:pass@localhost/{DB}"


def timed(call, runs: int) -> list[float]:
    """Milliseconds of ``runs`` calls after two warm-up calls."""
    for _ in range(2):
        call()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def fill_index(documents: int) -> int:
    """Copy index rows (under new ids) until the index holds ``documents``."""
    from ckan import model

    session = model.Session
    have = session.execute(sa.text("SELECT count(*) FROM imnet_search_index")).scalar()
    if have < documents:
        session.execute(
            sa.text(
                "INSERT INTO imnet_search_index (index_id, id, site_id, doc, terms,"
                " hot_terms, texts, search_vector, data_dict, validated_data_dict)"
                " SELECT md5(index_id || n), md5(id || n), site_id, doc, terms,"
                " hot_terms, texts, search_vector, data_dict, validated_data_dict"
                " FROM (SELECT *, row_number() OVER () AS n FROM imnet_search_index"
                " CROSS JOIN generate_series(1, :copies)) AS copies"
                " LIMIT :missing"
            ),
            {"copies": documents // max(have, 1) + 1, "missing": documents - have},
        )
        session.commit()
    return int(
        session.execute(sa.text("SELECT count(*) FROM imnet_search_index")).scalar()
    )


def report(label: str, timings: list[float]) -> None:
    print(
        f"{label:<52} p50 {statistics.median(timings):7.1f} ms   "
        f"p95 {bench_search.percentile(timings, 0.95):7.1f} ms   (n={len(timings)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--base", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--fresh", action="store_true", help="recreate the database")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    os.chdir(ROOT)
    bench_search.ensure_database(args.fresh, DB)
    bench_search.DB = DB
    os.environ["CKAN_SQLALCHEMY_URL"] = URL
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(os.path.join(ROOT, "test.ini")))
    flask_app = getattr(app, "_wsgi_app", None) or app.app._wsgi_app
    with flask_app.test_request_context():
        bench_search.create_datasets(min(args.base, args.datasets), args.seed)
        import ckan.plugins.toolkit as tk
        from ckan import model

        total = fill_index(args.datasets)
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        admin = model.User.get("bench-mimu-admin")
        if admin is None:
            tk.get_action("user_create")(
                {"user": site["name"], "ignore_auth": True},
                {
                    "name": "bench-mimu-admin",
                    "email": "bench@example.org",
                    "password": "bench-mimu-admin-1",
                },
            )
            admin = model.User.get("bench-mimu-admin")
            admin.sysadmin = True
            model.Session.commit()
        token = tk.get_action("api_token_create")(
            {"user": site["name"], "ignore_auth": True},
            {"user": admin.name, "name": "bench"},
        )["token"]
    # Through the whole WSGI stack (CKAN's middleware sets the language).
    client = Client(app)

    def page(url: str, headers: dict[str, str] | None = None):
        def call():
            response = client.get(url, headers=headers or {})
            assert response.status_code == 200, (url, response.status_code)

        return call

    def action(user: str):
        def call():
            with flask_app.test_request_context():
                tk.get_action("imnet_gap_matrix")({"user": user}, {})

        return call

    print(f"\nGap matrix, {total} documents in the index, 2-core machine")
    report("GET /gaps, anonymous (whole page)", timed(page("/gaps"), args.runs))
    report(
        "GET /gaps, MIMU admin (whole page)",
        timed(page("/gaps", {"Authorization": token}), args.runs),
    )
    report("  imnet_gap_matrix action, anonymous", timed(action(""), args.runs))
    report(
        "GET /gaps/townships (one category, Kachin)",
        timed(page("/gaps/townships?category=demographic&state=MMR001"), args.runs),
    )
    report("GET /gaps.xlsx, anonymous", timed(page("/gaps.xlsx"), args.runs))


if __name__ == "__main__":
    main()
