"""EXPLAIN (ANALYZE, BUFFERS) of the SQL behind one ``package_search``.

Run after ``make bench`` on its database, e.g.::

    .venv/bin/python bin/bench_explain.py --db ckan_bench            # match-all
    .venv/bin/python bin/bench_explain.py --q '*:*' --facets --bbox 96,16,97,17

Each statement the embedded backend runs for the search (count, page, facets)
is printed with its plan and timings, as PostgreSQL measured them; the answer
cache is off so that the index is read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_search  # noqa: E402 - a sibling script, found through sys.path

ROOT = bench_search.ROOT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=bench_search.DB)
    parser.add_argument("--q", default="*:*")
    parser.add_argument("--fq", default="")
    parser.add_argument("--facets", action="store_true", help="the ten facets")
    parser.add_argument("--bbox", help="west,south,east,north")
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--user", default="", help="a user name (default anonymous)")
    args = parser.parse_args()

    os.chdir(ROOT)
    os.environ["CKAN_SQLALCHEMY_URL"] = bench_search.database_url(args.db)
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(os.path.join(ROOT, "test.ini")))
    flask_app = getattr(app, "_wsgi_app", None) or app.app._wsgi_app
    with flask_app.test_request_context():
        import ckan.plugins.toolkit as tk
        import sqlalchemy as sa

        tk.config["ckanext.imnet.search.cache_size"] = 0
        from ckan import model

        statements: list[str] = []

        def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any):
            if "imnet_search_index" in statement and statement.lstrip().startswith(
                ("SELECT", "WITH")
            ):
                statements.append(cursor.mogrify(statement, parameters).decode())

        engine = model.Session.get_bind()
        params: dict[str, Any] = {"q": args.q, "start": args.start}
        if args.fq:
            params["fq"] = args.fq
        if args.facets:
            params["facet.field"] = json.dumps(bench_search.FACETS)
            params["facet.limit"] = 50
        if args.bbox:
            params["ext_bbox"] = args.bbox
        sa.event.listen(engine, "before_cursor_execute", capture)
        try:
            result = tk.get_action("package_search")({"user": args.user}, params)
        finally:
            sa.event.remove(engine, "before_cursor_execute", capture)
        print(f"package_search {params}: {result['count']} datasets\n")
        for sql in statements:
            plan = model.Session.execute(
                sa.text("EXPLAIN (ANALYZE, BUFFERS) " + sql.replace("%", "%%"))
            )
            print(sql[:400] + (" ..." if len(sql) > 400 else ""))
            print("\n".join(row[0] for row in plan))
            print()


if __name__ == "__main__":
    main()
