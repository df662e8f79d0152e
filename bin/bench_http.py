"""Served-page timings over HTTP, the catalogue served as in production.

Starts gunicorn with ``bin/gunicorn.conf.py`` (sync workers, no debug) on a
free loopback port over a benchmark database, requests the pages people open
most -- home, dataset search with facets and the map, a dataset page, an
organisation page -- after a warm-up, and prints p50/p95 of the time to the
last byte, then the peak resident memory (VmHWM) of each worker. Called by
``bench_search.py --http``; alone: ``bin/bench_http.py --db ckan_bench``.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_search  # noqa: E402 - a sibling script, found through sys.path

ROOT = bench_search.ROOT
PAGES = (
    ("home page", "/"),
    (
        "dataset search, text + 2 facet filters (facets, map)",
        "/dataset/?q=water&sensitivity=public&sector=health",
    ),
    ("dataset search, no query (facets, map)", "/dataset/"),
    ("dataset page", "/dataset/{dataset}"),
    ("organisation page (biggest)", "/organization/bench-org-00"),
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _peak_rss_mib(pid: int) -> float:
    """A process's peak resident memory (VmHWM), in MiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _workers(master: int) -> list[int]:
    """The process ids of the gunicorn master's workers."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as status:
                for line in status:
                    if line.startswith("PPid:") and int(line.split()[1]) == master:
                        found.append(int(entry))
        except OSError:
            continue
    return found


def serve(db: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn over database ``db``; returns the process and its base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "CKAN_INI": os.path.join(ROOT, "test.ini"),
        "CKAN_SQLALCHEMY_URL": bench_search.database_url(db),
        "IMNET_BIND": f"127.0.0.1:{port}",
        "IMNET_WORKERS": str(workers),
    }
    server = subprocess.Popen(
        [
            os.path.join(ROOT, ".venv", "bin", "gunicorn"),
            "-c",
            os.path.join(ROOT, "bin", "gunicorn.conf.py"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(os.path.join(ROOT, "var", "bench-gunicorn.log"), "ab"),  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/api/3/action/status_show", timeout=30).ok:
                return server, base
        except requests.ConnectionError:
            pass
        if server.poll() is not None:
            break
        time.sleep(1)
    server.terminate()
    raise SystemExit("gunicorn did not start: see var/bench-gunicorn.log")


def run(db: str, requests_per_page: int, workers: int = 4) -> None:
    """Serve, measure every page, print the figures, stop the server."""
    os.makedirs(os.path.join(ROOT, "var"), exist_ok=True)
    server, base = serve(db, workers)
    try:
        session = requests.Session()
        # A public dataset with resources, as a visitor finds it.
        found = session.get(
            base + "/api/3/action/package_search",
            params={"q": "*:*", "fq": "num_resources:[2 TO *]", "rows": 1},
            timeout=60,
        ).json()["result"]["results"]
        dataset = found[0]["name"] if found else "missing"
        print(f"served by gunicorn, {workers} sync workers (bin/gunicorn.conf.py)")
        for label, template in PAGES:
            path = template.format(dataset=dataset)

            def get(path: str = path) -> None:
                response = session.get(base + path, timeout=120)
                assert response.status_code == 200, (path, response.status_code)

            # Every worker loads templates, vocabularies and schemas once.
            bench_search.report(
                f"GET {label}",
                bench_search.timed(get, requests_per_page, warm_up=2 * workers),
            )
        peaks = [_peak_rss_mib(pid) for pid in _workers(server.pid)]
        print(
            "web workers' peak RSS: "
            + ", ".join(f"{peak:.0f}" for peak in sorted(peaks))
            + " MiB"
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=bench_search.DB)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    run(args.db, args.requests, args.workers)


if __name__ == "__main__":
    main()
