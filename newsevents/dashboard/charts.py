"""The dashboard's charts as Vega-Lite specs, written with altair (validated against the Vega-Lite schema).

Every chart reads a *named* data source and carries no data: the page's script fills the sources from the
pre-aggregated cubes (`data.py`) and refills them when a filter changes (`view.data(name, rows)`). Marks name
the field a click filters on (the page listens for clicks on the Vega view)."""

from __future__ import annotations

from typing import Any

import altair as alt

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
QUAD_COLORS = {1: "#2e9e5b", 2: "#86bf4a", 3: "#f0a030", 4: "#d9453d"}
QUAD_LABELS = [f"{q} {n}" for q, n in QUAD_NAMES.items()]
QUAD_SCALE = alt.Scale(domain=QUAD_LABELS, range=list(QUAD_COLORS.values()))
FONT = "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"

CONFIG: dict[str, Any] = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {
        "labelColor": "#3b4452",
        "titleColor": "#3b4452",
        "gridColor": "#eef1f5",
        "domainColor": "#c5ccd8",
        "tickColor": "#c5ccd8",
        "labelFontSize": 11,
        "titleFontSize": 11,
        "titleFontWeight": "normal",
    },
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom", "titleFontWeight": "normal"},
}


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    spec = chart.to_dict()  # validated against the Vega-Lite schema
    spec["config"] = CONFIG
    # the container's width includes the axis titles and legends (a plain fit would push them out of view)
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def _opacity() -> Any:
    # rows the page marks as outside the current selection are drawn faded, not hidden
    return alt.condition("datum.faded", alt.value(0.28), alt.value(1.0))


def timeline() -> dict[str, Any]:
    bars = (
        alt.Chart(alt.NamedData("timeline"))
        .mark_bar(cursor="pointer", tooltip=True)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(labelOverlap=True, grid=False)),
            x2="end:T",
            y=alt.Y("sum(events):Q", title=None, stack="zero"),  # the section says what is counted
            # grouped by these too, so a clicked bar's datum names its bin as text and the fading applies
            detail=["bin_from:N", "bin_to:N", "faded:N"],
            color=alt.Color("quad_label:N", title="quad class", scale=QUAD_SCALE),
            order=alt.Order("quad:Q"),
            opacity=_opacity(),
            tooltip=[
                alt.Tooltip("start:T", title="from"),
                alt.Tooltip("end:T", title="to (excl.)"),
                alt.Tooltip("quad_label:N", title="quad class"),
                alt.Tooltip("sum(events):Q", title="events"),
                alt.Tooltip("sum(reports):Q", title="reports"),
            ],
        )
    )
    return _spec(bars.properties(width="container", height=210))


def hbars(source: str, field: str, title: str, color: str | None = None, label_limit: int = 220) -> dict[str, Any]:
    """Horizontal bars, longest first; coloured by quad class when the rows carry one, else one colour."""
    enc: dict[str, Any] = {
        # the page ranks the rows (longest first); a layered chart can share a min-sort, not a sum-sort
        "y": alt.Y(
            f"{field}:N",
            title=None,
            sort=alt.EncodingSortField("rank", op="min"),
            axis=alt.Axis(labelLimit=label_limit),
        ),
        "x": alt.X("value:Q", title=title),
        "opacity": _opacity(),
        "tooltip": [
            alt.Tooltip(f"{field}:N", title=field),
            alt.Tooltip("value:Q", title=title),
            alt.Tooltip("detail:N", title="detail"),
        ],
    }
    mark: dict[str, Any] = {"cursor": "pointer"}
    if color is None:
        enc["color"] = alt.Color("quad_label:N", title="quad class", scale=QUAD_SCALE, legend=None)
    else:
        mark["color"] = color
    chart = alt.Chart(alt.NamedData(source)).mark_bar(**mark).encode(**enc)
    text = (
        alt.Chart(alt.NamedData(source))
        .mark_text(align="left", dx=3, fontSize=10.5, color="#3b4452")
        .encode(
            y=alt.Y(f"{field}:N", sort=alt.EncodingSortField("rank", op="min")),
            x="value:Q",
            text=alt.Text("value:Q", format=","),
        )
    )
    return _spec(alt.layer(chart, text).properties(width="container", height={"step": 19}))


def world_map(topology: dict[str, Any]) -> dict[str, Any]:
    """Country outlines (Natural Earth via world-atlas, inline TopoJSON), shaded by the filtered events in each
    country, with the event places as circles sized by reports and coloured by their main quad class. The
    projection's centre and scale are parameters the page drives (wheel zoom, drag, region buttons)."""
    # the outlines go in as a top-level dataset after validation (validating 100 KB of arcs takes seconds)
    outlines = alt.NamedData("countries", format=alt.DataFormat(type="topojson", feature="countries"))
    countries = (
        alt.Chart(outlines)
        .mark_geoshape(stroke="#8e99aa", strokeWidth=0.5, cursor="pointer", clip=True)
        .transform_lookup(
            lookup="properties.iso3", from_=alt.LookupData(alt.NamedData("country_counts"), "country", ["events"])
        )
        .transform_calculate(events="datum.events || 0", name="datum.properties.name", iso3="datum.properties.iso3")
        .encode(
            color=alt.Color(
                "events:Q",
                title="canonical events in the country",
                scale=alt.Scale(type="sqrt", range=["#f4f3ef", "#b7bfcc"]),
                legend=None,
            ),
            tooltip=[alt.Tooltip("name:N", title="country"), alt.Tooltip("events:Q", title="canonical events")],
        )
    )
    points = (
        alt.Chart(alt.NamedData("map_places"))
        .mark_circle(stroke="#1d2430", cursor="pointer", clip=True)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            size=alt.Size(
                "reports:Q",
                title="reports",
                scale=alt.Scale(range=[30, 1400]),
                legend=alt.Legend(orient="bottom-left", direction="horizontal", symbolFillColor="#bbb"),
            ),
            color=alt.Color(
                "quad_label:N",
                title="main quad class",
                scale=QUAD_SCALE,
                legend=alt.Legend(orient="bottom-right", direction="vertical"),
            ),
            strokeWidth=alt.condition("datum.selected", alt.value(2.2), alt.value(0.4)),
            opacity=alt.value(0.82),
            order=alt.Order("reports:Q", sort="descending"),
            tooltip=[
                alt.Tooltip("location:N", title="place"),
                alt.Tooltip("country:N", title="country"),
                alt.Tooltip("reports:Q", title="reports"),
                alt.Tooltip("events:Q", title="canonical events"),
                alt.Tooltip("quads:N", title="by quad class"),
            ],
        )
    )
    labels = (
        alt.Chart(alt.NamedData("map_places"))
        .mark_text(align="left", dx=7, dy=-5, fontSize=11, color="#1d2430", clip=True)
        .encode(longitude="longitude:Q", latitude="latitude:Q", text="label:N")
    )
    chart = (
        alt.layer(countries, points, labels)
        .properties(width="container", height=460)
        .project(type="mercator", scale=alt.ExprRef("map_scale"), center=alt.ExprRef("[map_cx, map_cy]"))
    )
    chart = chart.add_params(
        alt.param(name="map_scale", value=140), alt.param(name="map_cx", value=10), alt.param(name="map_cy", value=25)
    )
    spec = _spec(chart)
    spec["background"] = "#dde9f5"  # the sea
    spec["datasets"] = {"countries": topology}
    return spec


def runs_chart() -> dict[str, Any]:
    kinds = ["loaded", "duplicate", "rejected"]
    chart = (
        alt.Chart(alt.NamedData("runs"))
        .transform_fold([f"files_{k}" for k in kinds], as_=["kind", "files"])
        .transform_calculate(kind="replace(datum.kind, 'files_', '')")
        .mark_bar(cursor="pointer", size=28)
        .encode(
            x=alt.X("label:N", title=None, sort=None, axis=alt.Axis(labelAngle=-30, labelLimit=140)),
            y=alt.Y("files:Q", title="files"),
            color=alt.Color(
                "kind:N", title="files", scale=alt.Scale(domain=kinds, range=["#19a979", "#9aa5b5", "#d9453d"])
            ),
            opacity=_opacity(),
            tooltip=[
                alt.Tooltip("run_id:N", title="run"),
                alt.Tooltip("status:N"),
                alt.Tooltip("kind:N"),
                alt.Tooltip("files:Q"),
                alt.Tooltip("pass_rate_pct:Q", title="checks passed %"),
            ],
        )
    )
    return _spec(chart.properties(width="container", height=170))


def all_specs(topology: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        "timeline": timeline(),
        "types": hbars("types", "type", "canonical events"),
        "countries": hbars("countries", "country", "canonical events", color="#5b7fc4", label_limit=160),
        "actors": hbars("actors", "actor", "canonical events", color="#2f6fdf"),
        "publishers": hbars("publishers", "publisher", "articles", color="#19a979"),
        "map": world_map(topology),
        "runs": runs_chart(),
        "rejects": hbars("rejects", "check", "rejected rows", color="#d9453d", label_limit=300),
    }
