"""What the page inlines besides its data: the Vega JavaScript, the country outlines and the templates.

The JavaScript (vega, vega-lite, vega-embed with its expression interpreter) comes from the pinned
`vl-convert-python` wheel, whose `javascript_bundle()` bundles the versions it ships; bundling takes a few
seconds, so the result is cached per vl-convert version (`~/.cache/newsevents/`, or `$XDG_CACHE_HOME`). The
outlines are Natural Earth 1:110m admin-0 countries as TopoJSON from the world-atlas package (ISC licence,
`newsevents/data/maps/LICENSE-world-atlas.txt`), each given its ISO 3166 alpha-3 code here."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import altair as alt

TEMPLATES = files("newsevents.dashboard") / "templates"
MAPS = files("newsevents") / "data" / "maps"
# world-atlas ids are ISO 3166 numeric codes; these three outlines have none
NO_NUMERIC_CODE = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}


def template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def vega_lite_version() -> str:
    """The Vega-Lite version altair writes specs for, as vl-convert names it (e.g. 'v6.4')."""
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"v{major}.{minor}"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsevents"


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """vega + vega-lite + vega-embed as one script that sets window.vega, window.vegaLite, window.vegaEmbed."""
    from importlib.metadata import version

    import vl_convert

    vl = vega_lite_version()
    cached = _cache_dir() / f"vega-bundle-vlconvert{version('vl-convert-python')}-vl{vl}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    bundle = vl_convert.javascript_bundle(None, vl_version=vl)  # type: ignore[arg-type]  # None: its default snippet
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        tmp.write_text(bundle, encoding="utf-8")
        os.replace(tmp, cached)
    except OSError:
        pass  # an unwritable cache only costs the bundling time next time
    return bundle


@lru_cache(maxsize=1)
def countries_topology() -> dict[str, Any]:
    """The country outlines with `properties.iso3` (ISO 3166 alpha-3, the code events carry)."""
    import pycountry

    topo = json.loads((MAPS / "countries-110m.json").read_text(encoding="utf-8"))
    for geometry in topo["objects"]["countries"]["geometries"]:
        props = geometry.setdefault("properties", {})
        country = pycountry.countries.get(numeric=str(geometry.get("id", "")).zfill(3))
        props["iso3"] = country.alpha_3 if country else NO_NUMERIC_CODE.get(props.get("name", ""))
    return topo
