"""Where the shipped data files live, and the user's directory that extends them (NEWSEVENTS_DATA_DIR)."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def data_files(name: str, extra_dir: str | None = None) -> list[Path]:
    """The shipped file first, then the user's file of the same name, whose rows extend or override it."""
    paths = [DATA_DIR / name]
    if extra_dir:
        user = Path(extra_dir) / name
        if user.is_file():
            paths.append(user)
    return paths
