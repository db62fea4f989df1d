"""Throughput and memory at scale. Prints a table; nothing here is a test.

    python benchmarks/throughput.py [--sizes 1000,10000,100000] [--corpus ../shared/corpora/bbc-news]
                                    [--prefect-size 1000] [--mart-events 1000000]

For each size: a corpus of that many distinct plain-text articles is made from the BBC files (each copy gets
its own headline suffix, a rotated paragraph order and a closing line, so none is an exact duplicate), then
in a fresh process: the pipeline's stages without Prefect (articles/s, peak RSS), the I/O floor (read the
same files, write their text to Parquet with pyarrow alone), and a no-op incremental re-run. Once: a run
through the Prefect flow from the command line (with its server start-up), and the mart queries on a
warehouse with synthetic events."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bbc_corpus import DEFAULT, article_paths, present  # noqa: E402 - the benchmark folder is the script's path


def build_corpus(corpus: Path, out: Path, n: int) -> None:
    sources = article_paths(corpus)
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in sources]
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        title, _, body = texts[i % len(texts)].partition("\n")
        paras = [p for p in body.split("\n") if p.strip()]
        k = (i // len(texts)) % max(len(paras), 1)
        paras = paras[k:] + paras[:k]
        sub = out / f"d{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:07d}.txt").write_text(
            f"{title} ({i})\n\n" + "\n\n".join(paras) + f"\n\nThis is copy {i} of the story.\n", encoding="utf-8"
        )


def child(mode: str, src: str, work: str) -> None:
    """Runs in a fresh process and prints one JSON line (imports are not timed: ~3 s of interpreter start-up)."""
    from newsevents.pipeline import run_pipeline
    from newsevents.settings import Settings

    started = time.perf_counter()
    if mode == "pipeline":
        settings = Settings(source=src, lake=f"{work}/lake", warehouse=f"{work}/wh.duckdb")
        summary = run_pipeline(settings)
        result = {
            "articles": summary.articles,
            "events": summary.events,
            "files": summary.files_seen,
            "unchanged": summary.files_unchanged,
            "stages": summary.stage_seconds,
        }
    else:  # the I/O floor: the same files read and their text written to Parquet, nothing else
        import pyarrow as pa
        import pyarrow.parquet as pq

        paths = sorted(str(p) for p in Path(src).rglob("*.txt"))
        texts = [Path(p).read_bytes().decode("utf-8", errors="replace") for p in paths]
        pq.write_table(pa.table({"source_uri": paths, "text": texts}), f"{work}/floor.parquet", compression="zstd")
        result = {"files": len(paths)}
    result["seconds"] = time.perf_counter() - started
    from newsevents import process

    if process._POOL is not None:  # reap the worker processes so RUSAGE_CHILDREN counts them
        process._POOL[1].shutdown()
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    result["peak_rss_mb"], result["worker_peak_rss_mb"] = round(me.ru_maxrss / 1024), round(kids.ru_maxrss / 1024)
    # CPU seconds of the run and its workers (imports included): comparable on a busy machine, unlike wall time
    result["cpu_seconds"] = round(me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, 1)
    print(json.dumps(result))


def run_child(mode: str, src: Path, work: Path) -> dict:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(src), str(work)], capture_output=True, text=True, cwd=REPO
    )
    if out.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started  # with interpreter start-up and imports
    return result


def prefect_run(src: Path, work: Path) -> float:
    env = {
        **os.environ,
        "NEWSEVENTS_SOURCE": str(src),
        "NEWSEVENTS_LAKE": str(work / "plake"),
        "NEWSEVENTS_WAREHOUSE": str(work / "pwh.duckdb"),
        "PREFECT_HOME": str(work / "prefect"),
    }
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "newsevents.cli", "run"], env=env, cwd=REPO, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"prefect run failed:\n{out.stderr[-3000:]}")
    return time.perf_counter() - started


def mart_timings(n_events: int, work: Path) -> dict[str, float]:
    import duckdb

    from warehouse.store import connect_writer, mart_names, refresh_marts

    con = connect_writer(work / "bench.duckdb")
    n_articles = max(n_events // 10, 1)
    # BY NAME: a column the tables gained since this was written stays NULL instead of shifting every value
    con.execute(f"""
        INSERT INTO articles BY NAME SELECT 'a_' || lpad(to_hex(i), 16, '0') AS article_id,
            'synthetic/' || i || '.txt' AS source_uri, 'txt' AS source_format,
            ['Azernews','Trend','Turan','APA','Report.az'][1 + i % 5] AS publisher, 'Title ' || i AS title,
            [] AS authors, TIMESTAMPTZ '2020-01-01 00:00:00+00' + to_days(CAST(i % 1500 AS INTEGER)) AS published_at,
            '+04:00' AS published_tz, DATE '2020-01-01' + CAST(i % 1500 AS INTEGER) AS published_date,
            'day' AS published_precision, 'header' AS published_at_source, 'en' AS language, 'body ' || i AS body,
            2 AS word_count, repeat('0', 64) AS content_sha256, 's_' || lpad(to_hex(i), 16, '0') AS story_id,
            'r1' AS run_id, now() AS ingested_at
        FROM range({n_articles}) t(i)""")
    types = ["consult", "agreement_signed", "attack", "withdrawal", "make_statement", "demand", "explosion_mine"]
    con.execute(f"""
        INSERT INTO events BY NAME SELECT 'e_' || lpad(to_hex(i), 16, '0') AS event_id,
            'a_' || lpad(to_hex(i % {n_articles}), 16, '0') AS article_id, {types}[1 + i % 7] AS event_type,
            '040' AS cameo_code, lpad(CAST(1 + i % 20 AS VARCHAR), 2, '0') AS cameo_root, 1 + i % 4 AS quad_class,
            i % 5 AS pentacode, 'CONSULT' AS plover_type,
            ['Ilham Aliyev','Vladimir Putin','Armenia','Azerbaijan','Russia (peacekeepers)'][1 + i % 5] AS actor1,
            ['Armenia','Azerbaijan','Russia','BBC', NULL][1 + (i // 5) % 5] AS actor2, 'PERSON' AS actor1_type,
            'STATE' AS actor2_type, 'AZE' AS actor1_country, 'ARM' AS actor2_country, ['AZE','ARM'] AS actor_countries,
            DATE '2020-01-01' + CAST(i % 1500 AS INTEGER) AS event_date, 'day' AS date_precision,
            'on that day' AS date_text, 'sentence' AS date_source, 'current' AS mention_kind,
            ['Baku','Lachin','Aghdam','Shusha', NULL][1 + i % 5] AS location, 'AZE' AS country_iso3,
            40.0 + (i % 5) / 10 AS latitude, 46.5 AS longitude, CASE WHEN i % 9 = 0 THEN i % 20 END AS killed,
            'met' AS trigger, 'Evidence ' || i AS evidence, 0 AS evidence_start, i % 5 AS model_pentacode,
            0.5 AS model_probability, 0.7 AS confidence, 1 AS n_mentions,
            'c_' || lpad(to_hex(i // 3), 16, '0') AS canonical_event_id, 'r1' AS run_id, 'occurred' AS status
        FROM range({n_events}) t(i)""")
    con.execute(
        "INSERT INTO runs BY NAME SELECT 'r1' AS run_id, now() AS started_at, now() AS finished_at, "
        "'succeeded' AS status, 'synthetic' AS source, 1 AS files_seen, 1 AS files_loaded, 0 AS files_duplicate, "
        "0 AS files_rejected, 0 AS files_unchanged, 1 AS articles, 1 AS events, 0 AS rejects"
    )
    refresh = _timed(lambda: refresh_marts(con))
    con.close()
    con = duckdb.connect(str(work / "bench.duckdb"), read_only=True)
    timings = {"(refresh of all materialized marts, once per load)": (refresh, refresh)}
    for name in mart_names():
        live = min(_timed(lambda n=name: con.sql(f"SELECT * FROM main.{n}").to_arrow_table()) for _ in range(3))
        mat = min(_timed(lambda n=name: con.sql(f"SELECT * FROM bench.marts.{n}").to_arrow_table()) for _ in range(3))
        timings[name] = (live, mat)
    con.close()
    return timings


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--prefect-size", type=int, default=1000)
    ap.add_argument("--mart-events", type=int, default=1_000_000)
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return 0
    corpus = Path(args.corpus)
    if not present(corpus):
        print(f"corpus not found at {corpus}; nothing measured")
        return 2
    sizes = [int(s) for s in args.sizes.split(",") if s]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in sizes:
            src, work = tmp / f"src{n}", tmp / f"work{n}"
            work.mkdir()
            build_corpus(corpus, src, n)
            floor = run_child("floor", src, work)
            run = run_child("pipeline", src, work)
            noop = run_child("pipeline", src, work)
            rows.append((n, run, floor, noop))
            print(
                f"{n:>7} articles: {run['seconds']:.1f} s pipeline, {floor['seconds']:.2f} s I/O floor, "
                f"no-op re-run {noop['seconds']:.2f} s ({noop['process_seconds']:.1f} s with start-up); "
                f"stages {run['stages']}; no-op stages {noop['stages']}",
                flush=True,
            )
            shutil.rmtree(src)
        prefect_seconds = None
        if args.prefect_size:
            src, work = tmp / "psrc", tmp / "pwork"
            work.mkdir()
            build_corpus(corpus, src, args.prefect_size)
            prefect_seconds = prefect_run(src, work)
        marts = mart_timings(args.mart_events, tmp) if args.mart_events else {}

    print()
    print(
        "| articles | pipeline s | articles/s | I/O floor s | pipeline / floor | peak RSS MB: run (each worker) "
        "| no-op re-run s (with start-up) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, run, floor, noop in rows:
        print(
            f"| {n:,} | {run['seconds']:.1f} | {n / run['seconds']:,.0f} | {floor['seconds']:.2f} | "
            f"{run['seconds'] / floor['seconds']:.0f}x | {run['peak_rss_mb']:,} ({run['worker_peak_rss_mb']:,}) | "
            f"{noop['seconds']:.2f} ({noop['process_seconds']:.1f}) |"
        )
    print()
    for n, run, _floor, _noop in rows:
        cpu = run.get("cpu_seconds")
        if cpu:
            print(
                f"{n:,} articles: {cpu:,.0f} CPU s (run + workers, with start-up) = {n / cpu:,.1f} articles per "
                f"CPU second, {2 * n / cpu:,.0f} articles/s on 2 otherwise idle cores"
            )
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        workers = int(os.environ.get("NEWSEVENTS_EXTRACT_PROCESSES", "0")) or os.cpu_count() or 1
        total = lambda r: r["peak_rss_mb"] + workers * r["worker_peak_rss_mb"]  # noqa: E731
        print(
            f"\npeak RSS growth {a[0]:,} -> {b[0]:,}: run process {b[1]['peak_rss_mb'] / a[1]['peak_rss_mb']:.2f}x; "
            f"with its {workers} workers {total(a[1]):,} -> {total(b[1]):,} MB = {total(b[1]) / total(a[1]):.2f}x"
        )
    if prefect_seconds:
        print(
            f"\nthrough Prefect (CLI, server start-up included): "
            f"{args.prefect_size:,} articles in {prefect_seconds:.1f} s "
            f"= {args.prefect_size / prefect_seconds:,.0f} articles/s"
        )
    if marts:
        print(f"\nmart queries on {args.mart_events:,} synthetic events (best of 3, full result to Arrow):")
        print(f"  {'mart':50} {'live view':>10} {'marts.<name>':>13}")
        for name, (live, mat) in marts.items():
            print(f"  {name:50} {live * 1000:8.1f} ms {mat * 1000:10.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
