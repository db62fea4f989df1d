"""The dashboard at scale: build time, page size and what is in it, and render time in headless Chromium.
Prints the numbers; nothing here is a test.

    python benchmarks/dashboard.py [--events 1000000] [--warehouse FILE ...] [--screenshot-dir DIR]

Without --warehouse, a synthetic warehouse is made with --events events (a third as many canonical events,
a tenth as many articles) spread over 3 years, 22 event types, 150 countries, 3,000 places and 5,000 actors,
its marts materialized as a load would. Each warehouse given is measured as it is (e.g. the seeds' and the
BBC benchmark's). Render time: from navigation until the page's script has drawn every chart (the page sets
`data-ready`), in a fresh headless Chromium, best of 3; plus what the page did (console errors, requests)."""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))


def synthetic_warehouse(path: Path, n_events: int) -> None:
    import pycountry

    from warehouse.store import connect_writer, refresh_marts

    with open(REPO / "newsevents/data/event_types.csv", encoding="utf-8") as f:
        types = [r["event_type"] for r in csv.DictReader(f)]
    countries = [c.alpha_3 for c in list(pycountry.countries)[:150]]
    n_articles = max(n_events // 10, 1)
    con = connect_writer(path)
    con.execute(f"""
        INSERT INTO articles SELECT 'a_' || lpad(to_hex(i), 16, '0'), 'synthetic/' || i || '.txt', 'txt',
            'Publisher ' || (i % 40), NULL, 'Title <b>' || i || '</b>', [], NULL, 'https://example.org/' || i,
            TIMESTAMPTZ '2021-01-01 00:00:00+00' + to_days(CAST(i % 1100 AS INTEGER)), '+00:00',
            DATE '2021-01-01' + CAST(i % 1100 AS INTEGER), 'day', 'header', 'en', 'body ' || i, 2, repeat('0', 64),
            NULL, NULL, 's_' || lpad(to_hex(i), 16, '0'), 'r1', now()
        FROM range({n_articles}) t(i)""")
    # each canonical event c (three reports) draws its type, place, actors and day independently, skewed
    # (u^2) as real news is: a few types, places and actors take most events
    skew = "CAST(floor({n} * pow((hash(i // 3, {k}) % 100000) / 100000.0, 2)) AS INTEGER)"
    t, p, a1, a2, d = (skew.format(n=n, k=k) for n, k in ((len(types), 1), (3000, 2), (5000, 3), (5000, 4), (1100, 5)))
    con.execute(f"""
        INSERT INTO events SELECT 'e_' || lpad(to_hex(i), 16, '0'), 'a_' || lpad(to_hex(i % {n_articles}), 16, '0'),
            {types}[1 + {t}], '040', '04', 1 + {t} % 4, 0, 'CONSULT', NULL, NULL, NULL,
            'Actor ' || {a1}, CASE WHEN hash(i // 3, 6) % 2 = 0 THEN 'Actor ' || {a2} END,
            'STATE', 'STATE', NULL, NULL, [],
            CASE WHEN hash(i // 3, 7) % 10 < 8 THEN DATE '2021-01-01' + {d} END, NULL,
            'day', NULL, 'sentence', 'current',
            'Place ' || {p}, {countries}[1 + {p} % 150], -40 + hash({p}, 8) % 10000 * 0.0100,
            -120 + hash({p}, 9) % 10000 * 0.0260,
            CASE WHEN i % 9 = 0 THEN i % 20 END, NULL, NULL, 'met', 'Evidence <i>' || i || '</i>', 0, 0, 0.5, 0.7,
            1, 'c_' || lpad(to_hex(i // 3), 16, '0'), 'r1'
        FROM range({n_events}) t(i)""")
    con.execute(
        "INSERT INTO runs VALUES ('r1', NULL, now(), now(), 'succeeded', 'synthetic', 1, 1, 0, 0, 0, "
        f"{n_articles}, {n_events}, 0, NULL)"
    )
    refresh_marts(con)
    con.close()


def measure(warehouse: Path, out: Path, screenshot: Path | None) -> None:
    from newsevents.dashboard import assets, build_dashboard
    from newsevents.dashboard.data import collect
    from warehouse.store import connect_readonly

    assets.vega_bundle()  # cached after the first build ever; measured apart below
    builds = []
    for _ in range(3):
        started = time.perf_counter()
        build_dashboard(warehouse, out)
        builds.append(time.perf_counter() - started)
    queries = []
    for _ in range(3):
        con = connect_readonly(warehouse)
        started = time.perf_counter()
        data = collect(con)
        queries.append(time.perf_counter() - started)
        con.close()
    size = out.stat().st_size
    print(f"\n{warehouse}")
    print(f"  build (best of 3): {min(builds):.2f} s, DuckDB queries alone (best of 3) {min(queries):.2f} s")
    print(
        f"  page: {size / 1e6:.2f} MB (vega bundle {len(assets.vega_bundle()) / 1e6:.2f} MB); "
        f"{data['summary']['canonical_events']:,} canonical events -> cube {data['cube']['length']:,} rows, "
        f"place cube {data['place_cube']['length']:,}, actor cube {data['actor_cube']['length']:,}, "
        f"{len(data['events']):,} table rows"
    )

    from cdp import Page, find_chromium

    chromium = find_chromium()
    if chromium is None:
        print("  (no chromium: render time not measured; `make browser` installs it)")
        return
    renders, problems, requests = [], [], []
    for i in range(3):
        with Page(chromium, width=1360, height=900) as page:
            started = time.perf_counter()
            page.open(out.resolve().as_uri())
            renders.append(time.perf_counter() - started)
            problems, requests = page.problems(), page.network_requests()
            if screenshot is not None and i == 0:
                page.pump(0.5)
                page.screenshot(screenshot)
    print(
        f"  render in headless Chromium (navigation -> every chart drawn, best of 3): {min(renders):.2f} s; "
        f"console problems {len(problems)}, requests {len(requests)}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--warehouse", action="append", default=[], help="measure this warehouse (repeatable)")
    ap.add_argument("--screenshot-dir", help="save a full-page screenshot of each dashboard here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        warehouses = [Path(w) for w in args.warehouse]
        if not warehouses:
            path = Path(tmp) / "synthetic.duckdb"
            started = time.perf_counter()
            synthetic_warehouse(path, args.events)
            print(f"synthetic warehouse: {args.events:,} events in {time.perf_counter() - started:.1f} s")
            warehouses = [path]
        for i, wh in enumerate(warehouses):
            shot = Path(args.screenshot_dir) / f"dashboard-{i}-{wh.stem}.png" if args.screenshot_dir else None
            measure(wh, Path(tmp) / f"dashboard-{i}.html", shot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
