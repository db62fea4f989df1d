"""What the page inlines besides its data: the Vega JavaScript, the country outlines and the templates.

The JavaScript (vega, vega-lite, vega-embed with its expression interpreter) comes from the pinned
`vl-convert-python` wheel, whose `javascript_bundle()` bundles the versions it ships; bundling takes a few
seconds, so the result is cached per vl-convert version in the build cache's folder (`~/.cache/newsevents/`,
`$XDG_CACHE_HOME` or `NEWSEVENTS_CACHE_DIR`), and read back only from a private folder and a file no one else
could have written (newsevents.extract.buildcache.open_trusted): every page embeds it and runs it. The
outlines are Natural Earth 1:110m admin-0 countries as TopoJSON from the world-atlas package (ISC licence,
`newsevents/data/maps/LICENSE-world-atlas.txt`), each given its ISO 3166 alpha-3 code here."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from importlib.resources import files
from typing import Any

import altair as alt

log = logging.getLogger(__name__)
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


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """vega + vega-lite + vega-embed as one script that sets window.vega, window.vegaLite, window.vegaEmbed."""
    from importlib.metadata import version

    import vl_convert

    from newsevents.extract.buildcache import cache_dir, open_trusted, private_folder, write_private

    vl = vega_lite_version()
    folder = cache_dir()
    cached = folder / f"vega-bundle-vlconvert{version('vl-convert-python')}-vl{vl}.js" if folder else None
    if folder is not None and cached is not None and private_folder(folder):
        try:
            with open_trusted(cached) as fh:
                return fh.read().decode("utf-8")
        except FileNotFoundError:
            pass
        except (OSError, UnicodeDecodeError) as exc:  # untrusted or damaged: bundled again and replaced
            log.warning("cached Vega script %s not used (%s): bundling it again", cached, exc)
    bundle = vl_convert.javascript_bundle(None, vl_version=vl)  # type: ignore[arg-type]  # None: its default snippet
    if folder is not None and cached is not None:
        # an unwritable or shared cache only costs the bundling time next time
        write_private(folder, cached, lambda fh: fh.write(bundle.encode("utf-8")))
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
