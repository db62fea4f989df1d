from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


# Modules that run the pipeline, the CLI, Prefect, Dask or a browser: `make test-fast` leaves them out.
WHOLE_RUN_MODULES = {
    "test_bad_inputs",
    "test_bi",
    "test_dashboard",
    "test_faults",
    "test_flow",
    "test_marts",
    "test_operations",
    "test_pipeline",
    "test_reliability",
    "test_samples",
    "test_security",
    "test_streaming",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the whole-run tests `slow` (and any test that uses the seeds run), so `-m "not slow"` is the unit
    tests: the inner loop of `make test-fast`."""
    for item in items:
        module = getattr(item, "module", None)
        name = module.__name__.rsplit(".", 1)[-1] if module is not None else ""
        if name in WHOLE_RUN_MODULES or "seed_run" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def run_cli(*args: str, env: dict, timeout: float = 240) -> subprocess.CompletedProcess:
    """`newsevents ARGS` in a child process from the repository root, as a user runs it; .seconds: its wall time."""
    started = time.monotonic()
    res = subprocess.run(
        [sys.executable, "-m", "newsevents.cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    res.seconds = time.monotonic() - started  # type: ignore[attr-defined]
    return res


def shared_path(*parts: str) -> Path:
    """A path in ../shared, or skip the test with a clear message when the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared data folder beside the checkout); not present here")
    return path


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory):
    """The pipeline's stages run once on seeds/ (without Prefect), into a temporary lake and warehouse."""
    from newsevents.pipeline import run_pipeline
    from newsevents.settings import Settings

    root = tmp_path_factory.mktemp("seedrun")
    settings = Settings(source=str(SEEDS), lake=str(root / "lake"), warehouse=str(root / "wh.duckdb"))
    summary = run_pipeline(settings)
    return settings, summary


@pytest.fixture()
def seed_db(seed_run):
    settings, _ = seed_run
    con = duckdb.connect(settings.warehouse, read_only=True)
    yield con
    con.close()


def article(con, prefix: str) -> dict:
    rel = con.sql(f"SELECT * FROM articles WHERE source_uri LIKE '%/{prefix}_%'")
    rows = rel.fetchall()
    assert len(rows) == 1, f"expected one article for seed {prefix}, got {len(rows)}"
    return dict(zip(rel.columns, rows[0]))


def events_of(con, prefix: str) -> list[dict]:
    rel = con.sql(f"SELECT e.* FROM events e JOIN articles a USING (article_id) WHERE a.source_uri LIKE '%/{prefix}_%'")
    return [dict(zip(rel.columns, r)) for r in rel.fetchall()]
