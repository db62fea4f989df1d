"""A self-contained HTML dashboard of the warehouse: one file, no network, charts by Vega-Lite.

`build_dashboard(warehouse, out)` opens the warehouse read-only, aggregates the materialized marts in DuckDB
(`data.py`), and writes one HTML page from the package's templates (`templates/`): the charts are Vega-Lite
specs written with altair (`charts.py`), drawn by vega/vega-lite/vega-embed inlined from the pinned
vl-convert-python wheel (`assets.py`), the map's country outlines are Natural Earth TopoJSON shipped in
`newsevents/data/maps/`.

Every string that comes from an article (titles, actors, evidence, publishers, URLs) reaches the page only
through a `<script type="application/json">` block (with `<`, `>` and `&` escaped as \\u003c, \\u003e, \\u0026,
so no `</script>` can close it) and is put into the DOM with `textContent` or drawn by Vega as text; links are
made only from http(s) URLs. A Content-Security-Policy allows only the page's own scripts (by hash) and no
network at all; Vega runs with its expression interpreter (`ast: true`), so no `eval` is needed either. Script
errors are written into `#errors` (tests assert it stays empty)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from newsevents.dashboard import assets, charts
from newsevents.dashboard.data import collect
from warehouse.store import connect_readonly

__all__ = ["build_dashboard", "collect", "render"]


def _json_for_script(data: Any) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' can end the block or open a
    comment (they become \\u003c, \\u003e, \\u0026, which JSON.parse turns back into the characters)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render(data: dict[str, Any]) -> str:
    import vl_convert

    css, errors_js, app_js = (assets.template(n) for n in ("dashboard.css", "errors.js", "dashboard.js"))
    vega_js = assets.vega_bundle()
    # the bundle must not end the <script> element it sits in
    if "</script" in vega_js.lower():
        vega_js = vega_js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")
    scripts = " ".join(_sha256(s) for s in (errors_js, vega_js, app_js))
    # Vega sets inline style attributes on the elements it draws, hence 'unsafe-inline' for styles only;
    # default-src 'none' still forbids every request (connect, img, font, frame) and every other script
    csp = (
        f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    specs = charts.all_specs(assets.countries_topology())
    parts = {
        "CSP": csp,
        "CSS": css,
        "ERRORS_JS": errors_js,
        "VEGA_VERSION": vl_convert.get_vega_version(),
        "SPECS": _json_for_script(specs),
        "DATA": _json_for_script(data),
        "APP_JS": app_js,
        "VEGA_JS": vega_js,
    }
    # one pass over the template: text put in is never searched for markers again
    return re.sub(r"%(" + "|".join(parts) + r")%", lambda m: parts[m.group(1)], assets.template("page.html"))


def build_dashboard(warehouse_path: Path, out: Path) -> Path:
    """Read the warehouse (read-only) and write the dashboard to `out`; returns its path. Raises
    FileNotFoundError when there is no warehouse and warehouse.store.WarehouseBusy while a run writes it."""
    con = connect_readonly(Path(warehouse_path))
    try:
        data = collect(con)
    finally:
        con.close()
    data["warehouse"] = str(warehouse_path)
    out = Path(out)
    if out.is_dir():
        raise IsADirectoryError(f"--out {out} is a folder; give the HTML file to write, e.g. {out / 'dashboard.html'}")
    out.parent.mkdir(parents=True, exist_ok=True)
    page = render(data)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, out)
    finally:  # a write or rename that failed (disk full, a folder in the way) leaves no temporary file
        tmp.unlink(missing_ok=True)
    return out
