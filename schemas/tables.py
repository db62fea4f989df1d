"""The single definition of every warehouse table: pandera models (polars backend).

DuckDB DDL, the Parquet schema check and the data dictionary are all derived from these classes
(schemas/ddl.py, schemas/dictionary.py). Checks on a model are errors: a failing row is quarantined to
`rejects`. Models named *Warnings hold warning-severity checks: failures are counted in `dq_results` only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import pandera.polars as pa
import polars as pl
from pandera.api.polars.model_config import BaseConfig

from newsevents.extract.taxonomy import load_taxonomy

UTC_TS = Annotated[pl.Datetime, "us", "UTC"]
ISO3 = r"^[A-Z]{3}$"
EVENT_TYPES = sorted(load_taxonomy())  # the shipped types (documentation); a run checks its own (EventsInContext)


ACTOR_TYPES = ["PERSON", "ORG", "STATE", "GROUP", "OBJECT"]
SECTORS = [
    "government",
    "military",
    "police",
    "judiciary",
    "legislature",
    "party",
    "igo",
    "ngo",
    "armed_group",
    "labour",
    "protesters",
    "business",
    "media",
    "religious",
    "civilian",
]
PUBLISHED_SOURCES = [
    "metadata",
    "header",
    "byline",
    "footer",
    "url",
    "inferred",
    "none",
    # HTML pages (newsevents.read.metadata): the source of the winning candidate
    "jsonld",
    "jsonld_page",
    "meta",
    "microdata",
    "time_tag",
    "htmldate",
]
TITLE_SOURCES = ["metadata", "header", "jsonld", "og", "twitter", "meta", "h1", "title_tag", "trafilatura"]
AUTHORS_SOURCES = ["metadata", "header", "jsonld", "meta", "byline", "trafilatura"]


class _Config(BaseConfig):
    strict = True  # a column not in the contract is a bug, not data
    coerce = False


class Articles(pa.DataFrameModel):
    """One row per article (exact copies from other sources are kept with duplicate_of set)."""

    article_id: str = pa.Field(
        unique=True,
        str_matches=r"^a_[0-9a-f]{16}$",
        description="Stable id: hash of the normalised body, title, publisher, date and URL.",
    )
    source_uri: str = pa.Field(
        description="Input file the article came from (with #line=N for JSONL, #item=N for JSON lists)."
    )
    source_format: str = pa.Field(isin=["txt", "html", "json"], description="Format of the input.")
    publisher: str = pa.Field(
        nullable=True, description="Canonical publisher (publishers.csv), else the site name as found."
    )
    section: str = pa.Field(nullable=True, description="Section or category given by the page (e.g. Politics).")
    title: str = pa.Field(
        nullable=True, description="Headline, stated once. Null when the text has none (warning in dq_results)."
    )
    authors: pl.List(pl.String) = pa.Field(  # type: ignore[valid-type]
        description="Author names from the byline; empty list when none."
    )
    credit: str = pa.Field(nullable=True, description="Syndication credit ('By Azernews' in a Today.az article).")
    url: str = pa.Field(nullable=True, str_matches=r"^https?://\S+$", description="Canonical URL of the article.")
    published_at: UTC_TS = pa.Field(
        nullable=True, description="Publication instant (TIMESTAMPTZ). Midnight local time when only a day is known."
    )
    published_tz: str = pa.Field(
        nullable=True,
        str_matches=r"^[+-]\d{2}:\d{2}$",
        description="UTC offset the article was published in (from the text, else the publisher's time zone).",
    )
    published_date: pl.Date = pa.Field(
        nullable=True, description="Publication day in the publisher's local time: use this for daily counts."
    )
    published_precision: str = pa.Field(isin=["minute", "day", "unknown"], description="How precise published_at is.")
    published_at_source: str = pa.Field(
        isin=PUBLISHED_SOURCES,
        description=(
            "Where the date came from: metadata (JSON record)|header|byline|footer|url|inferred|none, or on an HTML "
            "page the winning candidate's source: jsonld|jsonld_page|meta (meta tag)|microdata|time_tag|htmldate "
            "(htmldate's original-date search)|url."
        ),
    )
    language: str = pa.Field(
        nullable=True, str_matches=r"^[a-z]{2}$", description="ISO 639-1 language detected from the body (lingua)."
    )
    body: str = pa.Field(
        str_length={"min_value": 1},
        description=(
            "Clean article text: no navigation, share forms, footers or repeated title/byline. Paragraphs separated by"
            " a blank line."
        ),
    )
    word_count: int = pa.Field(ge=0, description="Words in body.")
    content_sha256: str = pa.Field(
        str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the normalised body (whitespace folded, lower case)."
    )
    duplicate_of: str = pa.Field(
        nullable=True, description="article_id of the first article with the same normalised body, else null."
    )
    near_duplicate_of: str = pa.Field(
        nullable=True,
        description="article_id of an earlier near-identical article (MinHash Jaccard >= threshold), else null.",
    )
    story_id: str = pa.Field(
        str_matches=r"^s_[0-9a-f]{16}$",
        description=(
            "Same story across outlets: articles linked by shared events and people within a few days, or by "
            "near-duplicate text."
        ),
    )
    run_id: str = pa.Field(description="Run that loaded the row.")
    ingested_at: UTC_TS = pa.Field(description="When the row was loaded.")
    # Added later: nullable (rows of earlier runs have none), at the end (existing warehouses gain them by ALTER).
    title_source: str = pa.Field(
        nullable=True,
        isin=TITLE_SOURCES,
        description=(
            "Where the title came from: metadata (the JSON record's field), header (plain-text header), or on an HTML "
            "page the winning candidate's source: jsonld (NewsArticle headline), og, twitter, meta, h1, title_tag "
            "(site name cut off), trafilatura. Null when there is no title."
        ),
    )
    event_relevance: str = pa.Field(
        nullable=True,
        description=(
            "Whether the article was read for events, and why: 'coded: ...' (it names a public actor, a state or "
            "a word of politics, violence or coercion) or 'skipped: ...' (it reads as sport, entertainment or "
            "technology news, or names none of these; newsevents/extract/events/scope.py), or 'not coded: "
            "language ...' (not one of NEWSEVENTS_EVENT_LANGUAGES). Null for a duplicate."
        ),
    )
    authors_source: str = pa.Field(
        nullable=True,
        isin=AUTHORS_SOURCES,
        description=(
            "Where the authors came from: metadata, header (plain-text byline), or on an HTML page jsonld (author "
            "persons), meta (author meta tags), byline (rel/itemprop author or a byline element), trafilatura. "
            "Null when authors is empty."
        ),
    )

    @pa.dataframe_check(
        name="published_at_not_in_future",
        error="published date in the future: published_at is more than a day after the run",
    )
    def published_not_future(cls, data) -> pl.LazyFrame:
        limit = datetime.now(UTC) + timedelta(days=1)
        return data.lazyframe.select(pl.col("published_at").is_null() | (pl.col("published_at") <= limit))

    @pa.dataframe_check(name="published_at_after_1900", error="published_at is before 1900-01-01")
    def published_after_1900(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("published_at").is_null() | (pl.col("published_at").dt.year() >= 1900))

    class Config(_Config):
        name = "articles"


class ArticleWarnings(pa.DataFrameModel):
    """Warning-severity checks on articles: recorded in dq_results, the row is still loaded."""

    title: str = pa.Field(nullable=False, description="Article has a headline.")
    published_at: UTC_TS = pa.Field(nullable=False, description="Article has a publication date.")
    publisher: str = pa.Field(nullable=False, description="Publisher is known.")
    language: str = pa.Field(nullable=False, description="Language could be detected.")
    word_count: int = pa.Field(
        ge=50, description="Body has at least 50 words (shorter is usually a teaser or boilerplate)."
    )

    class Config(BaseConfig):
        name = "articles"
        strict = False


class Events(pa.DataFrameModel):
    """One row per happening per article (its repeats in the article fold into n_mentions); canonical_event_id
    joins rows of several articles that report the same real-world event (same type and day, the same actor1 and
    no different actor2). A row is in scope: it has a public or political participant (a state and its organs,
    officials, parties and politicians, IGOs, NGOs and pressure groups, armed groups, unions and protesters), or
    it is physical violence against people, or police or judicial coercion; a statement needs a named public
    speaker or an institution. Sports results, markets, earnings, products, films, disasters and accidents, and
    private people talking about their lives are left out (README, 'What the events table holds')."""

    event_id: str = pa.Field(
        unique=True, str_matches=r"^e_[0-9a-f]{16}$", description="Stable id: article, position and type."
    )
    article_id: str = pa.Field(str_matches=r"^a_[0-9a-f]{16}$", description="Article the event was read from.")
    event_type: str = pa.Field(
        description=(
            "Type in the newsevents taxonomy (see the Event taxonomy section below); the allowed values are the loaded"
            " taxonomy's, NEWSEVENTS_DATA_DIR/event_types.csv included."
        )
    )
    cameo_code: str = pa.Field(str_matches=r"^\d{3,4}$", description="CAMEO event code.")
    cameo_root: str = pa.Field(str_matches=r"^(0[1-9]|1\d|20)$", description="CAMEO root code '01'..'20'.")
    quad_class: int = pa.Field(
        in_range={"min_value": 1, "max_value": 4},
        description=(
            "GDELT QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."
        ),
    )
    pentacode: int = pa.Field(
        in_range={"min_value": 0, "max_value": 4},
        description=(
            "Pentacode 0..4 as the ConfliBERT labels use it: 0 statements and appeals (CAMEO 01-02), 1 verbal "
            "cooperation (03-05), 2 material cooperation (06-08), 3 verbal conflict (09-13 and 16, reduce "
            "relations), 4 material conflict (14-15, 17-20)."
        ),
    )
    plover_type: str = pa.Field(
        nullable=True, description="PLOVER event type (from the PLOVER manual's CAMEO table); null for statements."
    )
    plover_mode: str = pa.Field(nullable=True, description="PLOVER mode, where the CAMEO code gives one.")
    acled_event_type: str = pa.Field(nullable=True, description="ACLED event type, for the types ACLED codes.")
    acled_sub_event_type: str = pa.Field(nullable=True, description="ACLED sub-event type.")
    actor1: str = pa.Field(nullable=True, description="Who acted: canonical person, organisation, government or group.")
    actor2: str = pa.Field(nullable=True, description="Whom it was done to or with.")
    actor1_type: str = pa.Field(
        nullable=True,
        isin=ACTOR_TYPES,
        description=(
            "PERSON, ORG, STATE (a country or its capital as government), GROUP (e.g. 'Armenia (military)') or, "
            "for actor2 of an attack, OBJECT (the thing hit: 'army base', 'convoy')."
        ),
    )
    actor2_type: str = pa.Field(nullable=True, isin=ACTOR_TYPES, description="Type of actor2.")
    actor1_sector: str = pa.Field(
        nullable=True,
        isin=SECTORS,
        description=(
            "What actor1 is: government, military, police, judiciary, legislature, party, igo, ngo, armed_group, "
            "labour, protesters (the public sectors: a row needs one of them as a participant unless it is violence "
            "or an arrest) or business, media, religious, civilian; null when unknown (data/event_words/sectors.tsv)."
        ),
    )
    actor2_sector: str = pa.Field(nullable=True, isin=SECTORS, description="What actor2 is, as actor1_sector.")
    actor1_country: str = pa.Field(
        nullable=True, str_matches=ISO3, description="ISO 3166 alpha-3 of actor1 (EUR and UNO for EU and UN bodies)."
    )
    actor2_country: str = pa.Field(nullable=True, str_matches=ISO3, description="ISO alpha-3 of actor2.")
    actor_countries: pl.List(pl.String) = pa.Field(  # type: ignore[valid-type]
        description="Every country taking part in the sentence's event, sorted."
    )
    event_date: pl.Date = pa.Field(
        nullable=True,
        description=(
            "When it happened (first day for month/year precision, start of a range). Never the publication date by "
            "default."
        ),
    )
    event_date_end: pl.Date = pa.Field(
        nullable=True, description="End of a stated range ('between September 27 - November 10')."
    )
    date_precision: str = pa.Field(isin=["day", "month", "year", "unknown"], description="Precision of event_date.")
    date_text: str = pa.Field(nullable=True, description="The date as written.")
    date_source: str = pa.Field(
        isin=["sentence", "report", "context", "none"],
        description=(
            "sentence: in the event's sentence; report: 'reported on ...'; context: previous sentence; none: undated."
        ),
    )
    mention_kind: str = pa.Field(
        isin=["current", "background", "future"],
        description=(
            "current news, background (over 30 days before publication) or future (a scheduled event with a date of "
            "its own after publication). Marts of what happened exclude 'future'."
        ),
    )
    location: str = pa.Field(nullable=True, description="Place name (canonical).")
    country_iso3: str = pa.Field(nullable=True, str_matches=ISO3, description="Country of the place.")
    latitude: float = pa.Field(
        nullable=True, in_range={"min_value": -90, "max_value": 90}, description="WGS84 latitude of the place."
    )
    longitude: float = pa.Field(
        nullable=True, in_range={"min_value": -180, "max_value": 180}, description="WGS84 longitude."
    )
    killed: pl.Int64 = pa.Field(
        nullable=True, ge=0, description="People killed (conservative figure; ACLED convention for vague words)."
    )
    injured: pl.Int64 = pa.Field(nullable=True, ge=0, description="People injured.")
    troops: pl.Int64 = pa.Field(nullable=True, ge=0, description="Troops or peacekeepers deployed/involved.")
    trigger: str = pa.Field(description="Words that typed the event.")
    evidence: str = pa.Field(
        str_length={"min_value": 1},
        description="The sentence, an exact substring of the article body (or of its title: see evidence_in).",
    )
    evidence_in: str = pa.Field(
        nullable=True,
        isin=["body", "title"],
        description=(
            "Where the evidence is: 'body', or 'title' for an event the headline reports and the body does not "
            "(a headline that repeats an event of the body is one of its n_mentions). Empty on rows stored before "
            "headlines were read."
        ),
    )
    evidence_start: int = pa.Field(ge=0, description="Offset of evidence in the body (in the title for a headline).")
    model_pentacode: int = pa.Field(
        nullable=True,
        in_range={"min_value": 0, "max_value": 4},
        description=(
            "Pentacode of the evidence sentence by the fitted text classifier (newsevents.extract.pentacode, trained "
            "without the dev-gold sentences); it decides the class of the sentence's main event (see type_source)."
        ),
    )
    model_probability: float = pa.Field(
        nullable=True,
        in_range={"min_value": 0, "max_value": 1},
        description="Classifier's probability for model_pentacode.",
    )
    confidence: float = pa.Field(
        in_range={"min_value": 0, "max_value": 1},
        description=(
            "Calibrated probability that the row's class is right (newsevents.extract.confidence: logistic model over "
            "the row's evidence - main event, classifier agreement, CAMEO pattern, roles, date, place, clause depth - "
            "fitted on held-out labelled sentences, not the dev gold; reliability table: benchmarks/events_gold.py). "
            "Rows under NEWSEVENTS_MIN_CONFIDENCE (default 0.05) are not stored unless they count casualties."
        ),
    )
    n_mentions: int = pa.Field(ge=1, description="Sentences of the article that report this event.")
    canonical_event_id: str = pa.Field(
        str_matches=r"^c_[0-9a-f]{16}$", description="Same real-world event across articles and outlets."
    )
    run_id: str = pa.Field(description="Run that loaded the row.")
    # Added later: nullable (rows of earlier runs have none), at the end (existing warehouses gain them by ALTER).
    status: str = pa.Field(
        isin=["occurred", "ongoing", "future"],
        nullable=True,
        description=(
            "From the sentence's syntax: occurred; ongoing (a total over a period, see is_aggregate); future "
            "(scheduled, with a date). Negated, hypothetical (would/could/if), questioned and intended-only mentions "
            "are not events and are not stored: an intention is stored as the announcing actor's 03/13 event, a "
            "refusal ('will not') as 12."
        ),
    )
    is_aggregate: bool = pa.Field(
        nullable=True,
        description=(
            "The counts are a total over a period ('61 killed over the past 3 years'): never booked on one day "
            "(event_date null unless the sentence states the range)."
        ),
    )
    type_source: str = pa.Field(
        isin=["agree", "rules", "model"],
        nullable=True,
        description=(
            "How the type was decided (newsevents.extract.pentacode.decide): agree: the CAMEO pattern's class is the "
            "classifier's; rules: the rules' type, the classifier reads another class for the sentence's main event; "
            "model: the classifier's class, the rules had no event of it (retyped to the class's default CAMEO root)."
        ),
    )
    is_main: bool = pa.Field(
        nullable=True,
        description="The sentence's main event: of the class the classifier reads and the most confident of it.",
    )

    @pa.dataframe_check(name="lat_lon_both_or_neither", error="latitude and longitude must both be set or both be null")
    def lat_lon_pair(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("latitude").is_null() == pl.col("longitude").is_null())

    @pa.dataframe_check(
        name="date_precision_matches_date", error="date_precision is 'unknown' exactly when event_date is null"
    )
    def precision_matches(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("event_date").is_null() == (pl.col("date_precision") == "unknown"))

    class Config(_Config):
        name = "events"


class EventsInContext(pa.DataFrameModel):
    """Cross-table checks: events joined to their article (columns article_exists, article_body, article_title,
    article_published_date) before loading."""

    article_exists: bool = pa.Field(description="events.article_id exists in articles.")
    event_type_known: bool = pa.Field(
        description="events.event_type is a type of the run's taxonomy (data/event_types.csv plus "
        "NEWSEVENTS_DATA_DIR/event_types.csv)."
    )

    @pa.dataframe_check(name="evidence_in_body", error="evidence is not a substring of the article body or title")
    def evidence_in_body(cls, data) -> pl.LazyFrame:
        in_title = pl.col("evidence_in").fill_null("body") == "title"
        source = pl.when(in_title).then(pl.col("article_title")).otherwise(pl.col("article_body"))
        return data.lazyframe.select(source.fill_null("").str.contains(pl.col("evidence"), literal=True))

    @pa.dataframe_check(
        name="event_not_after_publication",
        error="event_date is after publication but the event is not stated as future",
    )
    def not_after_publication(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("event_date").is_null()
            | pl.col("article_published_date").is_null()
            | (pl.col("mention_kind") == "future")
            | (pl.col("event_date") <= pl.col("article_published_date").dt.offset_by("1d"))
        )

    @pa.check("article_exists", name="article_exists", error="events.article_id has no row in articles")
    def exists(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("article_exists"))

    @pa.check(
        "event_type_known",
        name="event_type_in_taxonomy",
        error=(
            "event_type is not a type of the loaded taxonomy (data/event_types.csv plus "
            "NEWSEVENTS_DATA_DIR/event_types.csv)"
        ),
    )
    def type_known(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("event_type_known"))

    class Config(BaseConfig):
        name = "events"
        strict = False


class EventWarnings(pa.DataFrameModel):
    actor1: str = pa.Field(nullable=False, description="Event has a first actor.")
    event_date: pl.Date = pa.Field(nullable=False, description="Event has a date.")

    class Config(BaseConfig):
        name = "events"
        strict = False


class Entities(pa.DataFrameModel):
    """One row per entity mention in an article body."""

    mention_id: str = pa.Field(
        unique=True, str_matches=r"^m_[0-9a-f]{16}$", description="Stable id: article and offsets."
    )
    article_id: str = pa.Field(str_matches=r"^a_[0-9a-f]{16}$", description="Article of the mention.")
    entity_type: str = pa.Field(
        isin=["PERSON", "ORG", "GPE", "LOC"],
        description="PERSON, ORG, GPE (countries, cities, demonyms) or LOC (regions).",
    )
    entity_kind: str = pa.Field(
        isin=["person", "org", "country", "demonym", "capital", "city", "region"], description="Finer kind."
    )
    name: str = pa.Field(
        description="Canonical name ('Hikmet Hajiyev' for 'Hikmat Hajiyv', 'Karabakh' for 'Garabagh')."
    )
    surface: str = pa.Field(description="As written in the body.")
    start_char: int = pa.Field(ge=0, description="Offset of the mention in body.")
    end_char: int = pa.Field(ge=1, description="End offset (exclusive).")
    role: str = pa.Field(nullable=True, description="Role of a person (gazetteer or title in the text).")
    latitude: float = pa.Field(
        nullable=True, in_range={"min_value": -90, "max_value": 90}, description="Latitude of a place."
    )
    longitude: float = pa.Field(
        nullable=True, in_range={"min_value": -180, "max_value": 180}, description="Longitude of a place."
    )
    country_iso3: str = pa.Field(nullable=True, str_matches=ISO3, description="Country of the entity.")
    run_id: str = pa.Field(description="Run that loaded the row.")

    @pa.dataframe_check(name="span_ordered", error="end_char must be after start_char")
    def span_ordered(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("end_char") > pl.col("start_char"))

    class Config(_Config):
        name = "entities"


class Rejects(pa.DataFrameModel):
    """Quarantine: every input or row that was not loaded, with a reason a user can read."""

    reject_id: str = pa.Field(unique=True, description="Stable id of the reject.")
    run_id: str = pa.Field(description="Run that rejected it.")
    source_uri: str = pa.Field(description="Input file (and line/item).")
    stage: str = pa.Field(
        isin=["discover", "read", "parse", "extract", "validate", "load"],
        description="Pipeline stage that rejected it.",
    )
    table_name: str = pa.Field(nullable=True, description="Table the row was meant for (null for whole files).")
    check_name: str = pa.Field(description="Short machine name of the failed check.")
    reason: str = pa.Field(description="What is wrong, in words.")
    payload: str = pa.Field(nullable=True, description="The rejected row as JSON (or a preview of the input).")
    rejected_at: UTC_TS = pa.Field(description="When.")

    class Config(_Config):
        name = "rejects"


class Runs(pa.DataFrameModel):
    run_id: str = pa.Field(unique=True, description="Run id (time-ordered).")
    flow_run_id: str = pa.Field(nullable=True, description="Prefect flow run id.")
    started_at: UTC_TS = pa.Field(description="Start.")
    finished_at: UTC_TS = pa.Field(nullable=True, description="End.")
    status: str = pa.Field(isin=["running", "succeeded", "failed"], description="Outcome.")
    source: str = pa.Field(description="Source folder or file.")
    files_seen: int = pa.Field(ge=0, description="Input files found.")
    files_loaded: int = pa.Field(ge=0, description="Files whose articles were loaded.")
    files_duplicate: int = pa.Field(ge=0, description="Files skipped as duplicates of loaded content.")
    files_rejected: int = pa.Field(ge=0, description="Files rejected (see rejects).")
    files_unchanged: int = pa.Field(
        ge=0, description="Files already loaded in an earlier run, unchanged, not reprocessed."
    )
    articles: int = pa.Field(ge=0, description="Article rows loaded.")
    events: int = pa.Field(ge=0, description="Event rows loaded.")
    rejects: int = pa.Field(ge=0, description="Reject rows written.")
    error: str = pa.Field(nullable=True, description="Why the run failed.")

    class Config(_Config):
        name = "runs"


class DqResults(pa.DataFrameModel):
    run_id: str = pa.Field(description="Run.")
    table_name: str = pa.Field(description="Table checked.")
    check_name: str = pa.Field(description="Check (pandera name).")
    column_name: str = pa.Field(nullable=True, description="Column, null for row-level checks.")
    severity: str = pa.Field(isin=["error", "warning"], description="error: rows quarantined; warning: recorded only.")
    failed_rows: int = pa.Field(ge=0, description="Rows failing the check.")
    total_rows: int = pa.Field(ge=0, description="Rows checked.")
    passed: bool = pa.Field(description="No row failed.")

    class Config(_Config):
        name = "dq_results"


class InputFiles(pa.DataFrameModel):
    """The manifest: every input file ever seen and what became of it."""

    source_uri: str = pa.Field(unique=True, description="Input file.")
    file_sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the raw bytes.")
    size_bytes: int = pa.Field(ge=0, description="Size.")
    first_seen_run: str = pa.Field(description="Run that first saw it.")
    last_run_id: str = pa.Field(description="Run that last processed it.")
    status: str = pa.Field(
        isin=["loaded", "duplicate", "rejected", "incomplete"],
        description="loaded | duplicate | rejected | incomplete (its articles are loaded but the events of some "
        "could not be extracted, extract_error: the next run reads the file again).",
    )
    reason: str = pa.Field(nullable=True, description="Why duplicate, rejected or incomplete.")
    duplicate_of: str = pa.Field(nullable=True, description="The input or article it duplicates.")
    articles: int = pa.Field(ge=0, description="Article rows it produced.")
    updated_at: UTC_TS = pa.Field(description="Last change.")
    modified_ns: int = pa.Field(
        nullable=True,
        description="The file's modification time (ns since 1970) when it was "
        "last read. A file whose size and modification time both match is not read again "
        "(NEWSEVENTS_VERIFY_UNCHANGED=1 hashes every file instead).",
    )

    class Config(_Config):
        name = "input_files"


# Tables of the warehouse, in load order, with their primary key.
TABLES: dict[str, tuple[type[pa.DataFrameModel], str | None]] = {
    "articles": (Articles, "article_id"),
    "events": (Events, "event_id"),
    "entities": (Entities, "mention_id"),
    "rejects": (Rejects, "reject_id"),
    "input_files": (InputFiles, "source_uri"),
    "dq_results": (DqResults, None),
    "runs": (Runs, "run_id"),
}
WARNINGS: dict[str, type[pa.DataFrameModel]] = {"articles": ArticleWarnings, "events": EventWarnings}
