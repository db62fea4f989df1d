"""`newsevents query`'s sandbox: one read-only SELECT run in a child process whose memory, disk and time the
operating system bounds, not DuckDB's own checks.

DuckDB's settings alone do not bound a statement: its memory_limit covers its buffer manager, not list values or
the rows handed to Python (`select len(list_sort(range(300000000)))` reached 15 GB); a sort larger than the limit
spills into `<warehouse>.tmp` (gigabytes, left behind when the process is killed); and an interrupt is only
checked between chunks, so one long function call (levenshtein on long strings) runs on long after the time
limit. So the statement runs in a child process (`python -I` of this file, which imports nothing but the standard
library and duckdb) that
- has no temporary directory (DuckDB's `temp_directory = ''`: nothing is spilled, a statement that does not
  fit fails) and may not write a byte to any file (RLIMIT_FSIZE 0), on top of DuckDB's
  `enable_external_access = false` and `lock_configuration = true`;
- is limited in memory by the kernel (RLIMIT_DATA, every private writable mapping: heap, DuckDB's buffers, list
  values, the Python rows), DuckDB's own memory_limit being half of it;
- is killed (SIGKILL) by the caller when the time limit passes, whatever it is doing, and dies with its caller
  (PR_SET_PDEATHSIG; RLIMIT_CPU as a last resort).
The rows come back pickled through a pipe; the caller reports exactly what happened: the rows, DuckDB's error,
"stopped after N s" (measured when it was killed), "ran out of its N MB of memory", or the signal that ended it.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

# DuckDB settings of the connection: no file, network or extension access beyond the warehouse itself, no
# temporary directory, and nothing a statement can change back (lock_configuration), so ATTACH, COPY, EXPORT,
# INSTALL/LOAD, SET and read_text('/etc/..') all fail.
SANDBOX: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "temp_directory": "",
    "lock_configuration": True,
}
DUCKDB_SHARE = 0.5  # of the process's memory for DuckDB's buffer manager; the rest for values and rows
MIN_MEMORY = 256 * 2**20  # the interpreter, duckdb and a query's threads need ~230 MB of address space to start
_UNITS = {"kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


class Stopped(Exception):
    """The statement was stopped by a limit (time, memory) or its process ended; the message says which."""


def size_bytes(text: str) -> int:
    """'2GB' -> 2_000_000_000, '512MiB' -> 536_870_912 (DuckDB's units: KB = 1000 bytes, KiB = 1024)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B)\s*", text, re.I)
    if not m:
        raise ValueError(f"memory size {text!r} should look like 512MB or 2GB")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB"


def run(
    warehouse: Path, sql: str, timeout: float, memory_limit: str
) -> tuple[list[str], list[tuple]] | tuple[str, str]:
    """(columns, rows) of sql on the warehouse, run in a child process within the limits; or ('busy'|'error:<Type>',
    message) for the caller to raise. Raises Stopped when a limit stopped it, KeyboardInterrupt after killing it."""
    memory = max(size_bytes(memory_limit), MIN_MEMORY)
    shown = memory_limit.strip() if memory == size_bytes(memory_limit) else _mb(memory)
    request = json.dumps(
        {
            "warehouse": str(warehouse),
            "sql": sql,
            "memory": memory,
            "cpu_seconds": math.ceil(timeout * 4) + 10,
            "parent": os.getpid(),
        }
    ).encode()
    proc = subprocess.Popen(
        [sys.executable, "-I", str(Path(__file__).resolve())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # Ctrl-C reaches the caller only, which kills the child
    )
    started = time.monotonic()
    try:
        out, err = proc.communicate(request, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        elapsed = time.monotonic() - started
        proc.communicate()
        raise Stopped(
            f"stopped after {elapsed:.1f} s, its time limit ({timeout:g} s, NEWSEVENTS_QUERY_TIMEOUT_SECONDS): "
            "the process running it was killed"
        ) from None
    except BaseException:  # Ctrl-C, SIGTERM: never leave the statement running
        proc.kill()
        proc.wait()
        raise
    if proc.returncode != 0 or not out:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
        how = (
            f"was ended by signal {signal.Signals(-proc.returncode).name}"
            if proc.returncode < 0
            else f"exited with status {proc.returncode}"
        )
        raise Stopped(
            f"the process running the statement {how} (it may have run out of its {shown} of memory, "
            f"NEWSEVENTS_QUERY_MEMORY_LIMIT){': ' + detail[0] if detail else ''}"
        )
    reply = pickle.loads(out)  # written by this file's _child below, in the process started above
    if reply[0] == "ok":
        return reply[1], reply[2]
    if reply[0] == "memory":
        raise Stopped(
            f"stopped, it needs more than the {shown} of memory a query may use "
            f"(NEWSEVENTS_QUERY_MEMORY_LIMIT; nothing is spilled to disk). Aggregate, add a LIMIT or select "
            f"fewer columns. ({reply[1]})"
        )
    return reply[0], reply[1]


# --- the child process ------------------------------------------------------------------------------------------


def _limit_self(memory: int, cpu_seconds: int) -> None:
    import resource

    try:  # die with the caller (Linux): a killed `newsevents query` never leaves its statement running
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    data = getattr(resource, "RLIMIT_DATA", resource.RLIMIT_AS)
    resource.setrlimit(data, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # not one byte written to a file
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write beyond RLIMIT_FSIZE fails instead of killing
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _child() -> None:
    request = json.loads(sys.stdin.buffer.read())
    _limit_self(int(request["memory"]), int(request["cpu_seconds"]))
    if os.getppid() != request["parent"]:  # the caller died before the death signal was set
        return
    import duckdb

    config: dict[str, str | bool | int | float | list[str]] = {
        **SANDBOX,
        "memory_limit": f"{int(request['memory'] * DUCKDB_SHARE) // 2**20}MiB",
    }
    try:
        try:
            con = duckdb.connect(request["warehouse"], read_only=True, config=config)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                reply: tuple = ("busy", str(exc).splitlines()[0])
                raise _Reply(reply) from None
            raise
        rel = con.sql(request["sql"])
        reply = ("ok", list(rel.columns), rel.fetchall()) if rel is not None else ("ok", [], [])
        con.close()
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except _Reply as r:
        data = pickle.dumps(r.reply)
    except (MemoryError, duckdb.OutOfMemoryException) as exc:
        reply = ("memory", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)  # the rows are freed
        data = pickle.dumps(reply)
    except duckdb.Error as exc:
        data = pickle.dumps((f"error:{type(exc).__name__}", str(exc)))
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


class _Reply(Exception):
    def __init__(self, reply: tuple) -> None:
        self.reply = reply


if __name__ == "__main__":
    _child()
