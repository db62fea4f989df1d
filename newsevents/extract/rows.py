"""extract stage for a batch of articles: entity mentions (gazetteer) and events, as rows of the `entities` and
`events` tables; the pentacode policy (classifier + rules, one decision per sentence) and calibrated confidence."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import polars as pl

from newsevents.extract.config import ExtractConfig
from newsevents.extract.events import Actor, ArticleInput, CodedArticle, Event, Knowledge, code_articles, knowledge_for
from newsevents.extract.events.scope import Relevance
from newsevents.extract.gazetteer import Mention
from newsevents.extract.pentacode import PentacodeModel, predict_pentacode
from newsevents.extract.taxonomy import EventType, Taxonomy, load_taxonomy
from newsevents.ids import short_hash
from newsevents.settings import Settings
from schemas.ddl import conform
from schemas.rejects import Reject, preview


def extract_batch(
    articles: pl.DataFrame, settings: Settings, run_id: str, rejects: list[Reject] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Entities and events for the articles that are not exact duplicates, in this process (the pipeline
    extracts inside process_files, in the worker processes). rejects: where articles whose extraction failed
    are recorded (extract_error); without it they are kept without their events and nothing says so."""
    found = extract_frames(articles.filter(pl.col("duplicate_of").is_null()), settings, run_id, rejects)
    return found.entities, found.events


class Extracted(NamedTuple):
    entities: pl.DataFrame
    events: pl.DataFrame
    relevance: dict[str, str]  # article_id -> why it was read for events or not (articles.event_relevance)


def extract_frames(
    articles: pl.DataFrame, settings: Settings, run_id: str, rejects: list[Reject] | None = None
) -> Extracted:
    """Entities and events (with the classifier's second opinion) for the articles in an event language.
    rejects: where an article whose extraction failed is recorded (it stays loaded, without events)."""
    config = ExtractConfig.from_settings(settings)
    knowledge = knowledge_for(config)
    todo = articles.filter(pl.col("language").is_in(list(config.event_languages)))
    rows = list(todo.select("article_id", "body", "published_date", "source_uri", "title").iter_rows())
    relevance = {
        aid: f"not coded: language {lang!r} is not an event language (NEWSEVENTS_EVENT_LANGUAGES)"
        for aid, lang in articles.filter(~pl.col("language").is_in(list(config.event_languages)))
        .select("article_id", "language")
        .iter_rows()
    }
    entity_rows, event_rows = extract_rows(rows, knowledge, run_id, [] if rejects is None else rejects, relevance)
    decided = second_opinion(
        event_rows,
        knowledge.taxonomy,
        retype=config.pentacode_retype,
        retype_sure=config.pentacode_retype_sure,
    )
    return Extracted(
        conform(pl.DataFrame(entity_rows, infer_schema_length=None), "entities"),
        conform(pl.DataFrame(confident(decided, config.min_confidence), infer_schema_length=None), "events"),
        relevance,
    )


def confident(event_rows: list[dict], min_confidence: float) -> list[dict]:
    """The rows worth storing: a calibrated confidence below min_confidence means the row is almost always wrong
    (on held-out labelled sentences, rows under 0.05 were right 1.5 % of the time: benchmarks/min_confidence.py).
    The threshold stays low because those labels give a sentence one class, so they undervalue the secondary
    events of a long news sentence: at 0.15 the seeds lose true statements and signings.
    They are candidate readings, not events: the sentence and its article stay loaded. A row that counts dead or
    injured is kept whatever its confidence (the confidence is about its type; the casualties are what an analyst
    of conflict must not miss)."""
    return [r for r in event_rows if r["confidence"] >= min_confidence or r.get("killed") or r.get("injured")]


def second_opinion(
    event_rows: list[dict],
    taxonomy: Taxonomy | None = None,
    model: PentacodeModel | None = None,
    *,
    retype: bool = True,
    retype_sure: float = 0.6,
    calibrated: bool = True,
) -> list[dict]:
    """The pentacode policy (newsevents.extract.pentacode.decide), applied to each sentence's events: the
    classifier reads the evidence sentence (one batched call), decides the class of its main event, and the
    rules' events of that class come first; a sentence with no event of that class has its most confident event
    retyped to the class's default CAMEO root (type_source 'model'). Then confidence is calibrated from the
    evidence (newsevents.extract.confidence). taxonomy: the run's (default the shipped one); model: a fitted
    PentacodeModel (the benchmark refits one per fold); default the shipped one. calibrated=False leaves the
    evidence score as the confidence (what the confidence model is fitted from)."""
    from newsevents.extract.confidence import calibrate
    from newsevents.extract.pentacode import CLASS_DEFAULT_CODE, decide

    if not event_rows:
        return event_rows
    sentences = sorted({r["evidence"] for r in event_rows})
    readings = dict(zip(sentences, model.predict(sentences) if model is not None else predict_pentacode(sentences)))
    groups: dict[tuple, list[dict]] = {}
    for r in event_rows:
        groups.setdefault((r["article_id"], r.get("evidence_in"), r["evidence_start"]), []).append(r)
    for rows in groups.values():
        rows.sort(key=lambda r: -r["confidence"])
        cls, prob = readings[rows[0]["evidence"]]
        chosen, index, source = decide(
            [r["pentacode"] for r in rows], (int(cls), float(prob)), retype=retype, retype_sure=retype_sure
        )
        for r in rows:
            r["model_pentacode"], r["model_probability"] = int(cls), round(float(prob), 3)
            r["type_source"] = "agree" if r["pentacode"] == int(cls) else "rules"
            r["is_main"] = False
        main = rows[0] if index is None else rows[index]
        main["is_main"] = True
        # Retype only an event of the sentence's main clause: a background mention ('the declaration signed on
        # November 10') or a subordinate predicate is not what the classifier reads as the sentence's event.
        # Nor an event a curated verb or an event noun typed ('vacated Aghdam' stays a withdrawal, 08, whatever
        # class the sentence reads as); a CAMEO pattern's type only when the classifier is very sure (>= 0.9).
        # The classifier learned from sentences known to hold political events. In a whole article it misreads
        # the rest (an arrest in a business story read as aid: precision .49 -> .43 on the fit set's articles),
        # so it retypes only in a snippet, the kind of text it learned from.
        retypable = (
            main.get("_snippet", True)
            and (main.get("_depth") or 0) == 0
            and main.get("mention_kind") == "current"
            and ((main.get("_specificity") or 0) == 0 or ((main.get("_specificity") or 0) > 1 and prob >= 0.9))
            and not main.get("_noun")
        )
        if index is None and source == "model" and retypable:
            t = (taxonomy or load_taxonomy()).for_code(CLASS_DEFAULT_CODE[chosen])
            if t is not None:
                _retype(main, t)
                main["type_source"] = "model"
        if calibrated:
            calibrate(rows)
    return event_rows


def _type_columns(t: EventType) -> dict:
    """The events columns that come from the event type (taxonomy row)."""
    return {
        "event_type": t.event_type,
        "cameo_code": t.cameo_code,
        "cameo_root": t.cameo_root,
        "quad_class": t.quad_class,
        "pentacode": t.pentacode,
        "plover_type": t.plover_type,
        "plover_mode": t.plover_mode,
        "acled_event_type": t.acled_event_type,
        "acled_sub_event_type": t.acled_sub_event_type,
    }


def _retype(row: dict, t: EventType) -> None:
    row.update(_type_columns(t))
    if not t.victims:
        row["killed"] = row["injured"] = None


ArticleRow = tuple[str, str, date | None, str, str | None]  # article_id, body, published_date, source_uri, title


def extract_rows(
    rows: list[ArticleRow],
    knowledge: Knowledge,
    run_id: str,
    rejects: list[Reject],
    relevance: dict[str, str] | None = None,
) -> tuple[list[dict], list[dict]]:
    """Entity rows (gazetteer mentions) and event rows for the articles. The candidate sentences of all the
    articles are parsed in one batched stream (events.code_articles); an article whose extraction fails is
    rejected alone (it stays loaded, without entities and events), the others keep theirs. relevance: filled with
    each article's reason to be coded or skipped."""
    relevance = {} if relevance is None else relevance
    entity_rows: list[dict] = []
    event_rows: list[dict] = []
    batch: list[ArticleInput] = []
    entities_of: dict[str, list[dict]] = {}
    source_of: dict[str, tuple[str, str]] = {}
    for article_id, body, published_date, source_uri, title in rows:
        try:
            mentions: list[Mention] = knowledge.gazetteer.find(body)
            entities_of[article_id] = _entity_rows(mentions, article_id, run_id)
        except Exception as exc:  # noqa: BLE001  (per-article isolation: the article is kept, without events)
            rejects.append(_extract_reject(source_uri, body, exc))
            continue
        batch.append(ArticleInput(article_id, body, published_date, mentions, title))
        source_of[article_id] = (source_uri, body)
    results: list[CodedArticle | None]
    try:
        results = list(code_articles(batch, knowledge))
    except Exception:  # noqa: BLE001  (find the article that fails: one at a time)
        results = []
        for item in batch:
            try:
                results.append(code_articles([item], knowledge)[0])
            except Exception as exc:  # noqa: BLE001
                rejects.append(_extract_reject(*source_of[item.article_id], exc))
                results.append(None)
    public = knowledge.lexicon.words.public_sectors
    for item, coded in zip(batch, results):
        if coded is None:
            continue
        relevance[item.article_id] = ("coded: " if coded.relevance.coded else "skipped: ") + coded.relevance.reason
        try:
            rows_of = [_event_row(ev, item.article_id, run_id, coded.relevance, public) for ev in coded.events]
        except Exception as exc:  # noqa: BLE001
            rejects.append(_extract_reject(*source_of[item.article_id], exc))
            continue
        entity_rows += entities_of[item.article_id]
        event_rows += rows_of
    return entity_rows, event_rows


def _extract_reject(source_uri: str, body: str, exc: Exception) -> Reject:
    return Reject(
        "extract",
        source_uri,
        "extract_error",
        "entities and events could not be extracted "
        f"(the article is loaded without them): {type(exc).__name__}: {str(exc)[:300]}",
        preview(body),
        "events",
    )


def _entity_rows(mentions: list[Mention], article_id: str, run_id: str) -> list[dict]:
    return [
        {
            "mention_id": short_hash("m", article_id, m.start, m.end),
            "article_id": article_id,
            "entity_type": m.entry.entity_type,
            "entity_kind": m.entry.kind,
            "name": m.entry.name,
            "surface": m.surface,
            "start_char": m.start,
            "end_char": m.end,
            "role": m.entry.role,
            "latitude": m.entry.latitude,
            "longitude": m.entry.longitude,
            "country_iso3": m.entry.country_iso3,
            "run_id": run_id,
        }
        for m in mentions
    ]


def _event_row(
    ev: Event,
    article_id: str,
    run_id: str,
    relevance: Relevance | None = None,
    public: frozenset[str] = frozenset(),
) -> dict:
    t = ev.event_type
    loc = ev.location.entry if ev.location else None
    return {
        "event_id": ev.event_id,
        "article_id": article_id,
        **_type_columns(t),
        "actor1": ev.actor1.name if ev.actor1 else None,
        "actor2": ev.actor2.name if ev.actor2 else None,
        "actor1_type": _actor_type(ev.actor1),
        "actor2_type": _actor_type(ev.actor2),
        "actor1_sector": ev.actor1.sector if ev.actor1 else None,
        "actor2_sector": ev.actor2.sector if ev.actor2 else None,
        "actor1_country": ev.actor1.country_iso3 if ev.actor1 else None,
        "actor2_country": ev.actor2.country_iso3 if ev.actor2 else None,
        "actor_countries": list(ev.countries),
        "event_date": ev.resolved.value if ev.resolved else None,
        "event_date_end": ev.resolved.end if ev.resolved else None,
        "date_precision": ev.resolved.precision if ev.resolved else "unknown",
        "date_text": ev.date_text if ev.resolved else None,
        "date_source": ev.date_source if ev.resolved else "none",
        "mention_kind": ev.mention_kind,
        "location": loc.name if loc else None,
        "country_iso3": loc.country_iso3 if loc else None,
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "killed": ev.killed,
        "injured": ev.injured,
        "troops": ev.troops,
        "trigger": ev.trigger_text,
        "evidence": ev.sentence.text,
        "evidence_in": "title" if ev.in_title else "body",
        "evidence_start": ev.sentence.start,
        "confidence": ev.confidence,
        "n_mentions": ev.n_mentions,
        "canonical_event_id": None,
        "run_id": run_id,
        "status": ev.status,
        "is_aggregate": ev.is_aggregate,
        # evidence for the confidence model (newsevents.extract.confidence); not stored
        "_specificity": ev.specificity,
        "_depth": ev.depth,
        "_reported": ev.reported,
        "_noun": ev.evidence_kind == "noun",
        "_intent": ev.evidence_kind == "intent",
        "_a1_known": bool(ev.actor1 is not None and ev.actor1.known),
        "_a1_kind": ev.actor1.kind if ev.actor1 else None,
        "_political": bool(relevance is not None and relevance.political),
        "_a1_public": ev.actor1 is not None and ev.actor1.sector in public,  # public sectors: sectors.tsv
        "_a2_public": ev.actor2 is not None and ev.actor2.sector in public,
        "_snippet": relevance is None or relevance.snippet,
        "_statement": t.statement,
        "_verbal": t.verbal,
        "_violent": t.violent,
        "_quoted": '"' in ev.sentence.text or "“" in ev.sentence.text,
    }


def _actor_type(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.group:
        return "GROUP"
    return {"person": "PERSON", "org": "ORG", "object": "OBJECT"}.get(actor.kind, "STATE")
