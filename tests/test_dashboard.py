"""The HTML dashboard: one self-contained file, opened in headless Chromium.

The warehouse is the seeds plus a crafted article whose title is `<script>window.__xss=1</script> ...` and
whose body has an `<img onerror>` in an event's evidence sentence. The page must draw its charts, raise no
script error, never run the injected markup, and show it as text."""

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
    con = duckdb.connect(settings.warehouse, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles WHERE title = ?", [XSS_TITLE]).fetchall() == [(1,)]
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


def _find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    return None


@pytest.fixture(scope="session")
def chromium() -> str:
    """Headless Chromium (`make browser` installs it). When it is absent, try the same install (root only);
    skip with a clear message when that is impossible."""
    exe = _find_chromium()
    if exe is None and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(INSTALL, shell=True, capture_output=True, timeout=1200)
        exe = _find_chromium()
    if exe is None:
        pytest.skip("headless Chromium is not installed and could not be installed here; "
                    "run `make browser` (as root: apt-get install chromium) to run the browser tests")
    return exe


def open_in_chromium(chromium: str, page: Path, tmp_path: Path) -> tuple[lxml.html.HtmlElement, str, str]:
    """Load the page (file://, no network), let its scripts run, return the DOM (parsed and raw) and stderr."""
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'chromium-profile'}", "--enable-logging=stderr", "--v=0",
           "--virtual-time-budget=5000", "--dump-dom", page.resolve().as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, f"chromium exited {proc.returncode}: {proc.stderr[-3000:]}"
    assert "<body" in proc.stdout, proc.stderr[-3000:]
    return lxml.html.fromstring(proc.stdout), proc.stdout, proc.stderr


def console_problems(stderr: str) -> list[str]:
    """Chromium logs the page's console to stderr as INFO:CONSOLE lines: uncaught errors, CSP refusals."""
    return [ln for ln in stderr.splitlines()
            if "Uncaught" in ln or ("CONSOLE" in ln and re.search(r"Content Security Policy|Refused to|Error", ln))]


def json_block(html: str) -> str:
    m = re.search(r'<script type="application/json" id="dashboard-data">(.*?)</script>', html, re.S)
    assert m, "no JSON data block"
    return m.group(1)


# --- the file itself (no browser) -----------------------------------------------------------------------------

def test_page_is_self_contained_and_escapes_the_data(xss_page):
    html = xss_page.read_text(encoding="utf-8")
    block = json_block(html)
    assert "<" not in block and ">" not in block, "the JSON block must not contain raw < or > (no </script> breakout)"
    data = json.loads(block)
    assert XSS_TITLE in [a["title"] for a in data["articles"]]
    assert any(XSS_IMG in e["evidence"] for e in data["canonical_events"])
    # one script block of data and two of code, nothing loaded from anywhere
    assert html.count("<script") == 3
    outside = html.replace(block, "")
    assert not re.search(r"\bsrc\s*=|<link\b|@import|url\(|<iframe|<img", outside)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    code = outside.replace("'http://www.w3.org/2000/svg'", "")  # the SVG namespace name, not a fetch
    assert "http://" not in code and "https://" not in code


def test_dashboard_on_an_empty_warehouse(empty_warehouse, tmp_path):
    page = build_dashboard(empty_warehouse, tmp_path / "empty.html")
    data = json.loads(json_block(page.read_text(encoding="utf-8")))
    assert data["summary"]["articles"] == 0 and data["timeline"]["bins"] == [] and data["places"] == []


def test_dashboard_on_a_warehouse_written_before_the_new_marts(seed_run, tmp_path):
    settings, _ = seed_run
    old = tmp_path / "old.duckdb"
    shutil.copy(settings.warehouse, old)
    con = duckdb.connect(str(old))
    con.execute("DROP VIEW places")
    con.execute("DROP VIEW actor_pairs")
    con.close()
    data = json.loads(json_block(build_dashboard(old, tmp_path / "old.html").read_text(encoding="utf-8")))
    assert "Lachin" in [p["location"] for p in data["places"]]
    assert ("Azerbaijan", "Russia") in [(p["actor1"], p["actor2"]) for p in data["actor_pairs"]]
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
    result = CliRunner().invoke(app, ["dashboard", "--warehouse", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "d.html")])
    assert result.exit_code == 2
    assert "no warehouse" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "d.html").exists()


def test_cli_dashboard_busy_warehouse(seed_run, tmp_path):
    import sys

    settings, _ = seed_run
    busy = tmp_path / "busy.duckdb"
    shutil.copy(settings.warehouse, busy)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(60)", str(busy)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = CliRunner().invoke(app, ["dashboard", "--warehouse", str(busy), "--out", str(tmp_path / "d.html")])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 3, result.output
    assert "busy" in result.output and "Traceback" not in result.output


# --- in the browser -----------------------------------------------------------------------------------------

def test_dashboard_renders_in_chromium_without_errors_or_injection(chromium, xss_page, tmp_path):
    doc, raw, stderr = open_in_chromium(chromium, xss_page, tmp_path)
    body = doc.find("body")
    assert body.get("data-ready") == "1", "the page's script did not finish"
    errors = doc.get_element_by_id("errors")
    assert len(errors) == 0 and not errors.text_content().strip(), f"script errors: {errors.text_content()}"
    assert console_problems(stderr) == [], "\n".join(console_problems(stderr))

    # the injected markup never ran ...
    assert body.get("data-xss") == "undefined"
    assert len(doc.xpath("//script")) == 3 and not doc.xpath("//img")
    assert "<script>window.__xss" not in raw and "<img src" not in raw
    # ... and shows as text: the title in the articles table and as a source of its events, the <img> in evidence
    titles = [td.text_content() for td in doc.xpath("//section[@id='publishers']//tbody//td")]
    assert XSS_TITLE in titles
    sources = " ".join(td.text_content() for td in doc.xpath("//section[@id='events']//td[@class='sources']"))
    assert XSS_TITLE in sources
    evidence = " ".join(td.text_content() for td in doc.xpath("//section[@id='events']//td[@class='evidence']"))
    assert XSS_IMG in evidence

    # the charts are drawn
    bars = doc.xpath("//section[@id='timeline']//rect[@data-type][@data-bin]")
    assert len(bars) >= 10 and {"agreement_signed", "consult"} <= {b.get("data-type") for b in bars}
    assert sum(int(b.get("data-events")) for b in bars) >= 30
    places = doc.xpath("//section[@id='map']//svg[@data-map='overview']//circle[@data-location]")
    assert {"Lachin", "Karabakh", "Moscow"} <= {c.get("data-location") for c in places}
    lachin = [c for c in places if c.get("data-location") == "Lachin"][0]
    assert 39 < float(lachin.get("data-lat")) < 40.5 and 46 < float(lachin.get("data-lon")) < 47
    assert doc.xpath("//section[@id='map']//line[@class='graticule']")
    actors = {r.get("data-actor") for r in doc.xpath("//section[@id='actors']//rect[@data-actor]")}
    assert {"Azerbaijan", "Ilham Aliyev"} <= actors
    pairs = {(r.get("data-actor1"), r.get("data-actor2")) for r in doc.xpath("//section[@id='pairs']//rect[@data-actor1]")}
    assert ("Ilham Aliyev", "Vladimir Putin") in pairs
    publishers = {r.get("data-publisher"): int(r.get("data-articles")) for r in doc.xpath("//section[@id='publishers']//rect[@data-publisher]")}
    assert publishers["Azernews"] == 3 and publishers["Today.az"] == 1
    runs = doc.xpath("//section[@id='quality']//rect[@data-run]")
    assert len(runs) == 1 and 50 < float(runs[0].get("data-pass-rate")) < 100

    # canonical events with evidence and links to the sources
    rows = doc.xpath("//section[@id='events']//tbody/tr[@data-canonical-event-id]")
    assert len(rows) >= 40
    top = rows[0]
    assert int(top.get("data-n-articles")) >= 3 and "agreement_signed" in top.text_content()
    links = [a.get("href") for a in doc.xpath("//section[@id='events']//td[@class='sources']//a")]
    assert "http://www.today.az/news/politics/200807.html" in links
    assert all(h.startswith(("http://", "https://")) for h in links)


def test_empty_dashboard_renders_in_chromium(chromium, empty_warehouse, tmp_path):
    page = build_dashboard(empty_warehouse, tmp_path / "empty.html")
    doc, _, stderr = open_in_chromium(chromium, page, tmp_path)
    assert doc.find("body").get("data-ready") == "1"
    assert not doc.get_element_by_id("errors").text_content().strip()
    assert console_problems(stderr) == [], "\n".join(console_problems(stderr))
    assert "No dated events yet." in doc.text_content() and "No runs yet." in doc.text_content()
