"""Crash-test hooks. NEWSEVENTS_FAULT=<point> makes the process SIGKILL itself at that point, and
NEWSEVENTS_FAULT=pause:<point> makes it sleep there (NEWSEVENTS_FAULT_SECONDS, default 5) so a test can start a
second run meanwhile. Used by tests/test_faults.py to prove a run killed anywhere leaves nothing half-done.
Unset, they cost one dictionary lookup."""

from __future__ import annotations

import os
import signal
import time


def fault_point(name: str) -> None:
    wanted = os.environ.get("NEWSEVENTS_FAULT")
    if not wanted:
        return
    if wanted == name:
        os.kill(os.getpid(), signal.SIGKILL)
    elif wanted == f"pause:{name}":
        time.sleep(float(os.environ.get("NEWSEVENTS_FAULT_SECONDS", "5")))
