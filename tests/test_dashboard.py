"""The HTML dashboard: one self-contained file, opened in headless Chromium.

The warehouse is the seeds plus a crafted article whose title is `<script>window.__xss=1</script> ...` and
whose body has an `<img onerror>` in an event's evidence sentence. The page must draw its charts and map,
raise no script error, make no request, never run the injected markup, show it as text, and filter the
canonical-events table when an actor, a place or a type is clicked (Chromium driven over DevTools: tests/cdp.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import lxml.html
import pytest
from cdp import Page, find_chromium
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.dashboard import build_dashboard
from warehouse.store import connect_writer

REPO = Path(__file__).resolve().parents[1]
XSS_TITLE = "<script>window.__xss=1</script> Leaders agree on Lachin corridor"
XSS_IMG = '<img src=x onerror="window.__xss=2">'
XSS_ARTICLE = f"""{XSS_TITLE}

Baku, 12 November 2020 - Azerbaijani President Ilham Aliyev and Russian President Vladimir Putin discussed the \
deployment of Russian peacekeepers in Lachin on November 11, 2020, the presidential press service reported.

Azerbaijan and Russia signed a memorandum {XSS_IMG} in Baku on November 11, 2020. The sides agreed to hold \
further consultations in Moscow.
"""
INSTALL = "apt-get update -qq && apt-get install -y -qq chromium >/dev/null"


# --- fixtures ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xss_warehouse(tmp_path_factory) -> Path:
    from newsevents.pipeline import run_pipeline
    from newsevents.settings import Settings

    root = tmp_path_factory.mktemp("xss")
    src = root / "src"
    src.mkdir()
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        shutil.copy(seed, src / seed.name)
    (src / "900_xss.txt").write_text(XSS_ARTICLE, encoding="utf-8")
    settings = Settings(source=str(src), lake=str(root / "lake"), warehouse=str(root / "wh.duckdb"))
    summary = run_pipeline(settings)
    assert summary.status == "succeeded", summary.error
    # a second run that only rejects a file, for the data-quality panel
    (src / "901_binary.txt").write_bytes(bytes(range(256)) * 8)
    summary = run_pipeline(settings)
    assert summary.status == "succeeded", summary.error
    con = duckdb.connect(settings.warehouse, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles WHERE title = ?", [XSS_TITLE]).fetchall() == [(1,)]
        assert con.execute("SELECT files_rejected FROM runs ORDER BY started_at").fetchall() == [(0,), (1,)]
    finally:
        con.close()
    return Path(settings.warehouse)


@pytest.fixture(scope="module")
def xss_page(xss_warehouse, tmp_path_factory) -> Path:
    return build_dashboard(xss_warehouse, tmp_path_factory.mktemp("page") / "dashboard.html")


@pytest.fixture()
def empty_warehouse(tmp_path) -> Path:
    path = tmp_path / "empty.duckdb"
    connect_writer(path).close()
    return path


@pytest.fixture(scope="session")
def chromium() -> str:
    """Headless Chromium (`make browser` installs it). When it is absent, try the same install (root only);
    skip with a clear message when that is impossible."""
    exe = find_chromium()
    if exe is None and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(INSTALL, shell=True, capture_output=True, timeout=1200)
        exe = find_chromium()
    if exe is None:
        pytest.skip(
            "headless Chromium is not installed and could not be installed here; "
            "run `make browser` (as root: apt-get install chromium) to run the browser tests"
        )
    return exe


def json_block(html: str, name: str = "dashboard-data") -> str:
    m = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', html, re.S)
    assert m, f"no JSON block {name}"
    return m.group(1)


def page_data(path: Path) -> dict:
    return json.loads(json_block(path.read_text(encoding="utf-8")))


def decode(table: dict) -> list[dict]:
    """A column-wise page table (text columns dictionary-encoded) as row dicts, as the page's script reads it."""
    cols = [
        c if isinstance(c, list) else [None if k is None else c["dict"][k] for k in c["codes"]] for c in table["data"]
    ]
    return [dict(zip(table["columns"], row)) for row in zip(*cols)] if cols else []


# --- the file itself (no browser) -----------------------------------------------------------------------------


def test_page_is_self_contained_and_escapes_the_data(xss_page):
    html = xss_page.read_text(encoding="utf-8")
    block = json_block(html)
    assert "<" not in block and ">" not in block, "the JSON block must not contain raw < or > (no </script> breakout)"
    data = json.loads(block)
    titles = [s["title"] for e in data["events"] for s in e["sources"]]
    assert XSS_TITLE in titles
    assert any(XSS_IMG in e["evidence"] for e in data["events"])
    # scripts: error reporter, the Vega bundle, two JSON blocks (specs, data), the page's code; nothing loaded
    doc = lxml.html.fromstring(html)
    scripts = doc.xpath("//script")
    assert len(scripts) == 5 and not any(s.get("src") for s in scripts)
    assert not doc.xpath("//link | //iframe | //img | //object | //embed | //*[@src] | //*[@href]")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # the page's own code and style name no URL (the Vega bundle's editor/schema URLs are never requested:
    # the browser test records every request)
    from newsevents.dashboard import assets

    own = assets.template("dashboard.js") + assets.template("dashboard.css") + assets.template("page.html")
    assert "http://" not in own and "https://" not in own
    # the map's outlines are inline, with the ISO alpha-3 code the events carry
    specs = json.loads(json_block(html, "dashboard-specs"))
    topo = specs["map"]["datasets"]["countries"]
    iso3 = {g["properties"]["iso3"] for g in topo["objects"]["countries"]["geometries"]}
    assert {"AZE", "ARM", "RUS", "GBR", "USA"} <= iso3 and len(iso3) > 150


def test_dashboard_aggregates_in_duckdb(xss_page, xss_warehouse):
    """The page carries cubes that add up to the warehouse's canonical events, not the events."""
    data = page_data(xss_page)
    con = duckdb.connect(str(xss_warehouse), read_only=True)
    try:
        canonical = con.sql("SELECT count(*) FROM marts.canonical_events").fetchall()[0][0]
        lachin = con.sql("SELECT count(*) FROM marts.canonical_events WHERE location = 'Lachin'").fetchall()[0][0]
    finally:
        con.close()
    cube = decode(data["cube"])
    assert sum(r["events"] for r in cube) == canonical == data["summary"]["canonical_events"]
    assert len(cube) < canonical
    places = [p["location"] for p in data["places"]]
    pcube = decode(data["place_cube"])
    assert len(pcube) == data["place_cube"]["length"]
    assert sum(r["events"] for r in pcube if places[r["place"]] == "Lachin") == lachin > 0
    assert {"Azerbaijan", "Ilham Aliyev"} <= set(data["actors"])


def test_dashboard_reads_the_materialized_marts(seed_run, tmp_path):
    settings, _ = seed_run
    copy = tmp_path / "wh.duckdb"
    shutil.copy(settings.warehouse, copy)
    con = duckdb.connect(str(copy))
    con.execute("UPDATE marts.places SET location = 'Materialized ' || location")
    con.close()
    data = page_data(build_dashboard(copy, tmp_path / "d.html"))
    assert "Materialized Aghdam" in [p["location"] for p in data["places"]]


def test_dashboard_on_an_empty_warehouse(empty_warehouse, tmp_path):
    data = page_data(build_dashboard(empty_warehouse, tmp_path / "empty.html"))
    assert data["summary"]["articles"] == 0 and data["places"] == []
    assert data["cube"]["length"] == 0 and decode(data["cube"]) == []
    assert data["events"] == [] and data["runs"] == []


def test_dashboard_on_a_warehouse_written_before_the_new_marts(seed_run, tmp_path):
    settings, _ = seed_run
    old = tmp_path / "old.duckdb"
    shutil.copy(settings.warehouse, old)
    con = duckdb.connect(str(old))
    con.execute("DROP VIEW places")
    con.execute("DROP TABLE marts.places")
    con.execute("DROP TABLE marts.actor_pairs")
    con.close()
    data = page_data(build_dashboard(old, tmp_path / "old.html"))
    aghdam = [p for p in data["places"] if p["location"] == "Aghdam"]
    assert aghdam and 39 < aghdam[0]["latitude"] < 40.5 and 46 < aghdam[0]["longitude"] < 47
    con = duckdb.connect(str(old), read_only=True)
    try:  # the file itself was not changed: the views were temporary
        names = {r[0] for r in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        assert "places" not in names
    finally:
        con.close()


# --- the command line -----------------------------------------------------------------------------------------


def test_cli_dashboard_writes_the_page(seed_run, tmp_path):
    settings, _ = seed_run
    out = tmp_path / "sub" / "d.html"
    result = CliRunner().invoke(app, ["dashboard", "--warehouse", settings.warehouse, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_dashboard_missing_warehouse(tmp_path):
    result = CliRunner().invoke(
        app, ["dashboard", "--warehouse", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "d.html")]
    )
    assert result.exit_code == 2
    assert "no warehouse" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "d.html").exists()


def test_failed_dashboard_leaves_no_temporary_file(seed_run, tmp_path):
    """Issue 22, item 15: `--out` naming a folder fails with one line, and no attempt leaves its 1 MB page."""
    settings, _ = seed_run
    folder = tmp_path / "out"
    folder.mkdir()
    for _ in range(2):
        result = CliRunner().invoke(app, ["dashboard", "--warehouse", settings.warehouse, "--out", str(folder)])
        assert result.exit_code == 1, result.output
        assert "dashboard failed" in result.output and "folder" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"] and not list(folder.iterdir())


def test_cli_dashboard_busy_warehouse(seed_run, tmp_path):
    import sys

    settings, _ = seed_run
    busy = tmp_path / "busy.duckdb"
    shutil.copy(settings.warehouse, busy)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)",
            str(busy),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = CliRunner().invoke(app, ["dashboard", "--warehouse", str(busy), "--out", str(tmp_path / "d.html")])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 3, result.output
    assert "busy" in result.output and "Traceback" not in result.output


# --- in the browser -----------------------------------------------------------------------------------------


def _labels(page: Page, selector: str) -> list[str]:
    return page.eval(
        f"Array.from(document.querySelectorAll({json.dumps(selector)}))"
        ".map(function (e) {{ return e.getAttribute('aria-label') || ''; }})"
    )


def _table(page: Page) -> list[str]:
    return _texts(page, "#events tbody tr")


def _texts(page: Page, selector: str) -> list[str]:
    return page.eval(
        f"Array.from(document.querySelectorAll({json.dumps(selector)}))"
        ".map(function (e) {{ return e.textContent; }})"
    )


def _timeline_total(page: Page) -> int:
    labels = _labels(page, "#timeline .mark-rect path[aria-label]")
    return sum(int(re.search(r"events: (\d+)", s).group(1)) for s in labels)


def test_dashboard_in_chromium(chromium, xss_page):
    with Page(chromium) as page:
        page.open(xss_page.resolve().as_uri())
        page.pump(0.5)
        assert page.eval("document.getElementById('errors').textContent") == ""
        assert page.problems() == [], "\n".join(page.problems())
        assert page.network_requests() == []

        # the injected markup never ran, and shows as text
        assert page.eval("String(window.__xss)") == "undefined"
        assert page.eval("document.querySelectorAll('script').length") == 5
        assert page.eval("document.querySelectorAll('img').length") == 0
        sources = " ".join(_texts(page, "#events td.sources"))
        assert XSS_TITLE in sources
        evidence = " ".join(_texts(page, "#events td.evidence"))
        assert XSS_IMG in evidence
        links = page.eval(
            "Array.from(document.querySelectorAll('#events td.sources a')).map(function (a) { return a.href; })"
        )
        assert "http://www.today.az/news/politics/200807.html" in links
        assert all(h.startswith(("http://", "https://")) for h in links)

        # the map draws the country outlines and the places
        assert page.eval("document.querySelectorAll('#map .mark-shape path').length") >= 150
        places = " ".join(_labels(page, "#map .mark-symbol.role-mark path"))
        assert all(f"place: {p};" in places for p in ("Lachin", "Karabakh", "Baku"))

        # the region buttons zoom: Lachin and Baku lie further apart on the Caucasus than on the world
        def apart() -> float:
            (x1, y1), (x2, y2) = (
                page.eval(
                    f'(function () {{ var r = document.querySelector("#map .mark-symbol.role-mark '
                    f"path[aria-label*='place: {p};']\").getBoundingClientRect(); "
                    "return [r.left + r.width / 2, r.top + r.height / 2]; })()"
                )
                for p in ("Lachin", "Baku")
            )
            return ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5

        page.click_selector("#map-regions button[data-region='World']")
        page.pump(0.5)
        world = apart()
        page.click_selector("#map-regions button[data-region='Caucasus']")
        page.pump(0.5)
        assert apart() > 3 * world

        # the charts are drawn
        assert _timeline_total(page) >= 10
        types = " ".join(_labels(page, "#types .mark-rect path"))
        assert "type: agreement_signed" in types and "type: consult" in types
        actors = " ".join(_labels(page, "#actors .mark-rect path"))
        assert "actor: Azerbaijan;" in actors and "actor: Ilham Aliyev;" in actors
        assert "publisher: Azernews;" in " ".join(_labels(page, "#publishers .mark-rect path"))
        # data quality per run: the latest run (one file rejected) first, then the first run picked by its bar
        metric = "document.querySelector('[data-run-metric=\"{}\"] b').textContent"
        assert page.eval(metric.format("rejected")) == "1" and page.eval(metric.format("loaded")) == "0"
        checks = " ".join(_labels(page, "#rejects-chart .mark-rect path"))
        assert "check: read" in checks and page.eval("document.getElementById('rejects-empty').hidden") is True
        page.click_selector("#runs-chart .mark-rect path[aria-label]")
        page.wait_for(metric.format("loaded") + " === '6'")
        assert page.eval("document.getElementById('rejects-empty').hidden") is False

        # clicking an actor's bar filters the table (and the timeline follows)
        rows = _table(page)
        assert len(rows) >= 40
        total = _timeline_total(page)
        page.click_selector("#actors path[aria-label*='actor: Ilham Aliyev;']")
        page.wait_for("location.hash.indexOf('actor=Ilham') >= 0")
        filtered = _table(page)
        assert 0 < len(filtered) < len(rows) and all("Ilham Aliyev" in r for r in filtered)
        assert 0 < _timeline_total(page) < total
        assert "actor: Ilham Aliyev" in page.eval("document.getElementById('chips').textContent")
        page.click_selector("#f-clear")
        assert len(_table(page)) == len(rows)

        # clicking a place on the map
        page.click_selector("#map .mark-symbol.role-mark path[aria-label*='place: Lachin;']")
        page.wait_for("location.hash.indexOf('place=') >= 0")
        filtered = _table(page)
        assert 0 < len(filtered) < len(rows) and all("Lachin" in r for r in filtered)
        # ... then a type inside the table narrows it further
        page.click_selector("#events button[data-pick='type']")
        page.wait_for("location.hash.indexOf('type=') >= 0")
        assert 0 < len(_table(page)) <= len(filtered)

        # a bar of the timeline: its time bin becomes the date range
        page.click_selector("#f-clear")
        page.click_selector("#timeline .mark-rect path[aria-label]")
        page.wait_for("location.hash.indexOf('from=') >= 0 && location.hash.indexOf('to=') >= 0")
        lo, hi = page.eval("[document.getElementById('f-from').value, document.getElementById('f-to').value]")
        in_bin = _texts(page, "#events tbody tr td:first-child")
        assert lo <= hi and 0 < len(in_bin) < len(rows) and all(lo <= d[:10] <= hi for d in in_bin)

        # the date range
        page.click_selector("#f-clear")
        page.eval(
            "(function () { var f = document.getElementById('f-from'); f.value = '2023-01-01';"
            " f.dispatchEvent(new Event('change')); })()"
        )
        dated = _texts(page, "#events tbody tr td:first-child")
        assert dated and all(d[:4] >= "2023" for d in dated) and len(dated) < len(rows)
        assert page.problems() == [] and page.network_requests() == []


def test_dashboard_opens_with_the_filters_of_its_url(chromium, xss_page):
    with Page(chromium) as page:
        page.open(xss_page.resolve().as_uri() + "#type=consult")
        rows = _table(page)
        assert rows and all("consult" in r for r in rows)
        assert page.eval("document.getElementById('f-type').value") == "consult"


def test_empty_dashboard_renders_in_chromium(chromium, empty_warehouse, tmp_path):
    page_path = build_dashboard(empty_warehouse, tmp_path / "empty.html")
    with Page(chromium) as page:
        page.open(page_path.resolve().as_uri())
        page.pump(0.3)
        assert page.eval("document.getElementById('errors').textContent") == ""
        assert page.problems() == [], "\n".join(page.problems())
        assert page.network_requests() == []
        text = page.eval("document.body.textContent")
        assert "No events yet." in text and "No runs yet." in text
        assert page.eval("document.querySelectorAll('#map .mark-shape path').length") >= 150


@pytest.mark.parametrize("fragment", ["#actor=%", "#q=100%", "#type=consult&x=%E0%A4%A", "#type=consult&actor"])
def test_malformed_fragment_does_not_blank_the_page(chromium, xss_page, fragment):
    """Issue 22, item 15: a hand-edited or truncated link keeps the page working; escapes that are well formed
    are still decoded, the rest kept as typed."""
    with Page(chromium) as page:
        page.open(xss_page.resolve().as_uri() + fragment)
        page.pump(0.3)
        assert page.eval("document.getElementById('errors').textContent") == ""
        assert page.problems() == [], "\n".join(page.problems())
        assert page.eval("document.querySelectorAll('#map .mark-shape path').length") >= 150
        if "type=consult" in fragment:
            rows = _table(page)
            assert rows and all("consult" in r for r in rows)
        if fragment == "#q=100%":
            assert page.eval("document.getElementById('f-q').value") == "100%"
