"""Crash-test hooks. NEWSEVENTS_FAULT=<point> makes the process SIGKILL itself at that point,
NEWSEVENTS_FAULT=pause:<point> makes it sleep there (NEWSEVENTS_FAULT_SECONDS, default 5) so a test can start a
second run meanwhile, and NEWSEVENTS_FAULT=raise:<point> raises FaultInjected there (a deterministic failure;
each time it fires, a line is appended to NEWSEVENTS_FAULT_LOG when set). Used by tests/test_faults.py and
tests/test_reliability.py to prove a run killed or failing anywhere leaves nothing half-done.
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
    elif wanted == f"raise:{name}":
        log = os.environ.get("NEWSEVENTS_FAULT_LOG")
        if log:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(name + "\n")
        raise FaultInjected(f"fault injected at {name}")


class FaultInjected(RuntimeError):
    """A deterministic failure injected by NEWSEVENTS_FAULT=raise:<point>."""
