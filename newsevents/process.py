"""The process stage: read -> parse -> fingerprint -> extract for a batch of files, in worker processes (one per
core) when the batch is large enough. Everything here is computed one article at a time without knowing the
rest of the run; duplicates are decided afterwards, in the run's process (newsevents.pipeline)."""

from __future__ import annotations

import atexit
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np
import polars as pl

from newsevents.extract.rows import extract_frames
from newsevents.link.linking import NUM_PERM, minhash_signatures
from newsevents.parse.articles import parse_records
from newsevents.read.files import FileOutcome, InputFile, read_file
from newsevents.settings import Settings
from schemas.ddl import conform
from schemas.rejects import Reject


@dataclass
class Processed:
    """Everything that can be computed for a batch of files one article at a time, without knowing the rest
    of the run: file outcomes, article rows, their MinHash signatures (one row per article), entities and
    events. Duplicates are decided afterwards, in the run's process, against the whole run."""

    outcomes: list[FileOutcome]
    rejects: list[Reject]
    articles: pl.DataFrame
    signatures: np.ndarray
    entities: pl.DataFrame
    events: pl.DataFrame

    @classmethod
    def empty(cls, outcomes: list[FileOutcome], rejects: list[Reject]) -> Processed:
        """A batch with no articles: file outcomes and rejects only (the listing's problems)."""
        return cls(
            outcomes,
            rejects,
            conform(pl.DataFrame(), "articles"),
            np.zeros((0, NUM_PERM), np.uint32),
            conform(pl.DataFrame(), "entities"),
            conform(pl.DataFrame(), "events"),
        )

    @classmethod
    def concat(cls, parts: list[Processed]) -> Processed:
        return cls(
            [o for p in parts for o in p.outcomes],
            [r for p in parts for r in p.rejects],
            pl.concat([p.articles for p in parts]),
            np.vstack([p.signatures for p in parts]) if parts else np.zeros((0, NUM_PERM), np.uint32),
            pl.concat([p.entities for p in parts]),
            pl.concat([p.events for p in parts]),
        )


class PendingBatch:
    """A batch whose chunks are running in the worker processes. The run submits the next batch before it
    finishes this one, so the workers keep busy while the run's process deduplicates, validates and writes."""

    def __init__(self, futures: list):
        self.futures = futures

    def result(self) -> Processed:
        return Processed.concat([f.result() for f in self.futures])


@dataclass(frozen=True)
class BatchJob:
    """One batch of files for the process stage, with what processing needs to know of the run."""

    files: list[InputFile]
    known_sha: dict[str, str]  # manifest hash of the files it already knows (a changed file is compared)
    settings: Settings
    run_id: str
    now: datetime

    def chunk(self, files: list[InputFile]) -> BatchJob:
        return replace(
            self, files=files, known_sha={f.uri: self.known_sha[f.uri] for f in files if f.uri in self.known_sha}
        )


def process_files(job: BatchJob) -> Processed | PendingBatch:
    """read -> decode -> parse -> fingerprint -> extract for a batch of files. A batch large enough is split over
    the worker processes (one per core) so every per-article step runs in parallel and each article's text
    crosses a process boundary once; then the result is a PendingBatch (see collect)."""
    settings, files = job.settings, job.files
    workers = settings.extract_workers()
    if workers > 1 and sum(f.articles for f in files) >= settings.parallel_min_articles:  # articles, not files
        pool = worker_pool(settings)
        # four chunks per worker, of about equal articles, evens out uneven files
        futures = [pool.submit(_process_chunk, job.chunk(chunk)) for chunk in by_articles(files, workers * 4)]
        return PendingBatch(futures)
    return _process_chunk(job)


def by_articles(files: list[InputFile], chunks: int) -> list[list[InputFile]]:
    """files in order, cut into at most `chunks` runs of about equal article counts (a JSON Lines part counts its
    lines, another file 1)."""
    total = sum(f.articles for f in files)
    return runs_of_articles(files, max(1, -(-total // max(1, chunks))))


def runs_of_articles(files: list[InputFile], limit: int) -> list[list[InputFile]]:
    """files in order, cut into runs of at most `limit` articles (a file with more is a run of its own)."""
    out: list[list[InputFile]] = []
    current: list[InputFile] = []
    count = 0
    for f in files:
        if current and count + f.articles > limit:
            out.append(current)
            current, count = [], 0
        current.append(f)
        count += f.articles
    if current:
        out.append(current)
    return out


def collect(batch) -> Processed:
    """The Processed of a batch: waits for a PendingBatch (worker processes) or a deferred Prefect/Dask
    result; a Processed is returned as it is."""
    if isinstance(batch, PendingBatch):
        return batch.result()
    if isinstance(batch, Processed):
        return batch
    return collect(batch.resolve())  # flows.pipeline.Deferred: a task submitted to Dask


def _process_chunk(job: BatchJob) -> Processed:
    settings, run_id, now = job.settings, job.run_id, job.now
    outcomes, records, rejects = [], [], []
    for f in job.files:
        outcome, recs, rej = read_file(f, job.known_sha, settings.max_file_bytes, settings.max_html_chars)
        outcome.modified_ns = f.modified_ns
        outcomes.append(outcome)
        records += recs
        rejects += rej
    articles, parse_rejects = parse_records(records, settings, run_id, now)
    signatures = np.array(minhash_signatures(articles["body"].to_list()), dtype=np.uint32).reshape(
        articles.height, NUM_PERM
    )
    extract_rejects: list[Reject] = []
    entities, events, relevance = extract_frames(articles, settings, run_id, extract_rejects)
    articles = articles.with_columns(
        pl.col("article_id").replace_strict(relevance, default=None, return_dtype=pl.String).alias("event_relevance")
    )
    return Processed(outcomes, rejects + parse_rejects + extract_rejects, articles, signatures, entities, events)


_POOL: tuple[tuple, ProcessPoolExecutor] | None = None


def worker_pool(settings: Settings) -> ProcessPoolExecutor:
    """One pool of worker processes per process, reused across batches and runs. Workers are spawned, not
    forked (the flow process runs Prefect's threads; forking a threaded process can deadlock), and build
    their gazetteer once."""
    global _POOL
    key = (settings.extract_workers(), settings.data_dir, settings.city_min_population, settings.focus_countries)
    if _POOL is None or _POOL[0] != key:
        if _POOL is not None:
            _POOL[1].shutdown(cancel_futures=True)
        pool = ProcessPoolExecutor(
            max_workers=key[0],
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_worker,
            initargs=(settings,),
        )
        _POOL = (key, pool)
        atexit.register(pool.shutdown, cancel_futures=True)
    return _POOL[1]


def stop_workers() -> int:
    """Stop the worker processes now (SIGTERM, Ctrl-C): queued batches are cancelled and running ones
    terminated, instead of waiting for them. Returns how many processes were stopped."""
    global _POOL
    if _POOL is None:
        return 0
    pool = _POOL[1]
    _POOL = None
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(5)
        if p.is_alive():
            p.kill()
    return len(processes)


def _warm_worker(settings: Settings) -> None:
    from newsevents.extract.config import ExtractConfig
    from newsevents.extract.events import knowledge_for
    from newsevents.extract.nlp import load_nlp

    knowledge_for(ExtractConfig.from_settings(settings))  # lexicon, taxonomy, actors, gazetteer, once per worker
    load_nlp(settings.spacy_model, settings.ner)  # the spaCy model, once per worker
