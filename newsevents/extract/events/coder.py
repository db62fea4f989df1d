"""How is an article coded? The order of the steps, top to bottom: split the body into sentences, parse the ones
that can hold an event (lexicon.candidate_sentence), then per sentence find its predicates (predicates), and per
predicate decide whether it happened (status), who did it to whom (roles), where (place), when (when) and how many
(counts); one row per happening (merge). Each step is a module of this package named by its question."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from newsevents.extract.events.context import ArticleHistory, SentenceContext
from newsevents.extract.events.counts import aggregate, clause_text, counts
from newsevents.extract.events.knowledge import Knowledge, knowledge_for
from newsevents.extract.events.lexicon import candidate_sentence
from newsevents.extract.events.measures import note_measures
from newsevents.extract.events.merge import evidence_score, merge_violence, merge_within_article, utterance
from newsevents.extract.events.model import Actor, Event, Predicate, Roles, event_id
from newsevents.extract.events.participants import actor, note_mentions, note_people, titled_surnames
from newsevents.extract.events.place import as_mention, event_place
from newsevents.extract.events.predicates import (
    Predicates,
    anchor_intentions,
    collapse_violence,
    find_predicates,
    refine_violence,
    trigger_text,
)
from newsevents.extract.events.references import one_person
from newsevents.extract.events.roles import (
    conjoined_actors,
    criticised,
    metaphoric,
    quarrel,
    roles,
    struck_with_measure,
)
from newsevents.extract.events.scope import Relevance, RelevanceCues, out_of_scope
from newsevents.extract.events.status import COERCION, CRITICISM, Reading, intention_code, reading
from newsevents.extract.events.syntax import agent, depth, doer, first, mood_token, reporting_head, subject
from newsevents.extract.events.when import event_date, inherit_context
from newsevents.extract.gazetteer import Mention
from newsevents.extract.taxonomy import EventType
from newsevents.parse.dates import DateMention, ResolvedDate, find_dates, resolve
from newsevents.parse.sentences import Sentence, quoted_spans, split_sentences

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Doc, Token

MAX_SENTENCE_CHARS = 1500  # a longer 'sentence' is a table or a list, not prose: not parsed
MAX_TITLE_CHARS = 200  # a longer 'title' is a lead paragraph a feed put in the title field
BACKGROUND = timedelta(days=30)  # an event dated this long before publication is background


class _Plan(NamedTuple):
    article: ArticleInput
    chosen: list[Sentence]  # the sentences to parse
    quoted: list[tuple[int, int]]  # quoted stretches of the body
    relevance: Relevance
    sentence_starts: list[int]  # where every sentence of the body begins, parsed or not


class ArticleInput(NamedTuple):
    article_id: str
    body: str
    published: date | None
    mentions: list[Mention]  # the gazetteer's mentions in the body
    title: str | None = None  # the headline: coded after the body, with what the body said of its actors


TITLE_GAP = "\n\n"  # the headline is read as a paragraph after the body: body + TITLE_GAP + title


def with_title(article: ArticleInput, knowledge: Knowledge) -> ArticleInput:
    """The article's text to code: its body, then its headline as a last paragraph ('Brown shrugs off economy
    fears' reports the event the body tells; read last, 'Brown' is the Gordon Brown the body named). Events of the
    headline have a sentence that starts after the body (Event.in_title). A headline the body opens with, or a
    long one (a lead paragraph put in the title field), is not read twice."""
    title = " ".join((article.title or "").split())
    if not title or len(title) > MAX_TITLE_CHARS or article.body.lstrip().startswith(title):
        return article._replace(title=None)
    shift = len(article.body) + len(TITLE_GAP)
    found = [replace(m, start=m.start + shift, end=m.end + shift) for m in knowledge.gazetteer.find(title)]
    text = article.body + TITLE_GAP + title
    return ArticleInput(article.article_id, text, article.published, article.mentions + found, title)


class CodedArticle(NamedTuple):
    events: list[Event]
    relevance: Relevance  # whether the article was parsed for events, and why


def extract_events(
    article_id: str,
    body: str,
    published: date | None,
    mentions: list[Mention],
    knowledge: Knowledge | None = None,
) -> list[Event]:
    """Events of one article (parses its candidate sentences in this process)."""
    return extract_events_batch([ArticleInput(article_id, body, published, mentions)], knowledge)[0]


def extract_events_batch(
    articles: Iterable[tuple[str, str, date | None, list[Mention]] | ArticleInput], knowledge: Knowledge | None = None
) -> list[list[Event]]:
    """Events of many articles (code_articles without the reasons)."""
    return [coded.events for coded in code_articles(articles, knowledge)]


def code_articles(
    articles: Iterable[tuple[str, str, date | None, list[Mention]] | ArticleInput], knowledge: Knowledge | None = None
) -> list[CodedArticle]:
    """Events of many articles: an article with no public actor and no cue of violence or coercion is not parsed
    (scope.RelevanceCues); the candidate sentences of the others are parsed in one nlp.pipe stream (one batch of
    Docs in memory at a time); the entity recogniser runs only on a sentence that has a predicate."""
    from newsevents.extract.nlp import parse

    knowledge = knowledge or knowledge_for()
    lexicon = knowledge.lexicon
    cues = RelevanceCues(lexicon, knowledge.topic)
    plans: list[_Plan] = []
    texts: list[str] = []
    for item in articles:
        given = ArticleInput(*item)
        relevance = cues.relevance(given.body, given.mentions, lexicon.words)
        article = with_title(given, knowledge) if relevance.coded else given
        chosen: list[Sentence] = []
        quoted: list[tuple[int, int]] = []
        sentences: list[Sentence] = []
        if relevance.coded:
            sentences = split_sentences(article.body, lexicon.abbreviation)
            quoted = quoted_spans(sentences)
            chosen = [s for s in sentences if len(s.text) <= MAX_SENTENCE_CHARS and candidate_sentence(s.text, lexicon)]
            if not relevance.read_all:  # the cheapest sentence is the one never parsed
                speaker = relevance.public_actor
                chosen = [s for s in chosen if cues.in_reach(s, article.mentions, lexicon.words, speaker)]
        plans.append(_Plan(article, chosen, quoted, relevance, [s.start for s in sentences]))
        texts += [s.text for s in chosen]
    docs = parse(
        texts,
        model=knowledge.config.spacy_model,
        ner=knowledge.config.ner,
        needs_entities=lambda doc: bool(_unquoted_predicates(doc, knowledge)),
    )
    return [
        CodedArticle(
            article_events(
                p.article,
                p.chosen,
                list(islice(docs, len(p.chosen))),
                quoted=p.quoted,
                knowledge=knowledge,
                relevance=p.relevance,
                sentence_starts=p.sentence_starts,
            ),
            p.relevance,
        )
        for p in plans
    ]


_PREDICATES = "newsevents_unquoted_predicates"  # Doc.user_data key: the predicates found before parsing ended


def _nowhere(_char: int) -> bool:
    return False


def _unquoted_predicates(doc: Doc, knowledge: Knowledge) -> Predicates:
    """The predicates of a sentence read as if nothing in it were quoted, kept on the Doc: they decide whether the
    entity recogniser runs, and are the sentence's predicates when it has no quotation (found once, not twice)."""
    doc.user_data[_PREDICATES] = preds = find_predicates(doc, knowledge, _nowhere)
    return preds


def article_events(
    article: ArticleInput,
    sentences: list[Sentence],
    docs: list[Doc],
    quoted: list[tuple[int, int]],
    knowledge: Knowledge,
    relevance: Relevance | None = None,
    sentence_starts: list[int] | None = None,
) -> list[Event]:
    """The events of an article's parsed sentences, in order, with the article's memory of actors and dates.
    quoted: the quoted stretches of the body (parse.sentences.quoted_spans); sentence_starts: where every
    sentence of the body begins, parsed or not (for whom 'he' stands after text that was not parsed)."""
    all_starts = sentence_starts or []
    mentions = sorted(article.mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    history = ArticleHistory()
    events: list[Event] = []
    prev: list[Event] = []
    read_up_to = 0  # the body before this offset has been read (its people noted)
    for sentence, doc in zip(sentences, docs):
        a, b = sentence.start, sentence.end
        skipped = mentions[bisect_left(starts, read_up_to) : bisect_left(starts, a)]
        last_skipped = all_starts[max(0, bisect_left(all_starts, a) - 1)] if all_starts else read_up_to
        titled = titled_surnames(article.body[read_up_to:a], read_up_to, knowledge.lexicon.titles, history)
        note_mentions(
            skipped, history, knowledge.lexicon.words, last_sentence=max(read_up_to, last_skipped), titled=titled
        )
        ctx = SentenceContext(
            sentence=sentence,
            doc=doc,
            mentions=[
                replace(m, start=m.start - a, end=m.end - a)
                for m in mentions[bisect_left(starts, a) : bisect_left(starts, b)]
                if m.end <= b
            ],
            quoted=[(max(qs, a) - a, min(qe, b) - a) for qs, qe in quoted if qs < b and a < qe],
            knowledge=knowledge,
            published=article.published,
        )
        note_measures(ctx, history)
        found = inherit_context(sentence_events(article.article_id, ctx, history), prev, sentence)
        found = [replace(ev, confidence=evidence_score(ev)) for ev in found]
        note_people(ctx, history, found)
        read_up_to = b
        for ev in found:
            if ev.actor1 is not None and ev.actor2 is not None and ev.event_type.symmetric:
                history.last_pair = (ev.actor1, ev.actor2)
        events.extend(found)
        prev = found or (prev if prev and prev[0].sentence.paragraph == sentence.paragraph else [])
    # 'who did what to whom': an event needs an actor, a victim count or a date of its own ('the declaration
    # signed on November 10, 2020', whose signatories another sentence names); violence, arrests and protests a
    # place ('there were four arrests in Wiltshire', as ACLED codes an incident by where it happened)
    kept = [
        e
        for e in events
        if e.actor1
        or e.actor2
        or e.killed
        or e.injured
        or e.date_source == "sentence"
        or (e.location is not None and (e.event_type.violent or e.event_type.arrest or e.event_type.collective))
    ]
    words = knowledge.lexicon.words
    political = relevance is not None and relevance.political
    merged = merge_within_article([e for e in kept if out_of_scope(e, words, political) is None])
    return _title_events(merged, article) if article.title else merged


def _new_person(found: Actor | None, ctx: SentenceContext) -> bool:
    """A named person, or one the article brings in unnamed ('a spokesman'); 'the Tory leader' is someone named
    before, who stays what 'he' stands for."""
    if found is None or not one_person(found, ctx.words):
        return False
    return found.kind == "person" or ctx.sentence.text[found.start : found.end].lower().startswith(("a ", "an "))


def _title_events(events: list[Event], article: ArticleInput) -> list[Event]:
    """Events read in the headline (after the body) are marked in_title, their sentence the headline itself
    (offsets in the title). A headline that repeats an event of the body has been folded into it (n_mentions)."""
    title_at = len(article.body) - len(article.title or "")
    out = []
    for ev in events:
        if ev.sentence.start >= title_at:
            sentence = replace(ev.sentence, start=ev.sentence.start - title_at, end=ev.sentence.end - title_at)
            ev = replace(ev, sentence=sentence, in_title=True)
        out.append(ev)
    return out


@dataclass(frozen=True)
class _SentenceReading:
    """What every predicate of a sentence shares: its predicates (and their codes before intentions were
    anchored) and its date phrases."""

    preds: Predicates
    before: Predicates
    dates: list[DateMention]

    @property
    def ids(self) -> set[int]:
        return set(self.preds)


def sentence_events(article_id: str, ctx: SentenceContext, history: ArticleHistory) -> list[Event]:
    """The events of one sentence: its predicates, each coded; violent ones merged; a statement kept beside a
    real event it reports only when its speaker is named and is not the event's own actor."""
    knowledge, doc = ctx.knowledge, ctx.doc
    found = doc.user_data.pop(_PREDICATES, None)
    if found is None or any(ctx.in_quote(t.idx) for t in doc):
        found = find_predicates(doc, knowledge, ctx.in_quote)
    preds = dict(found)
    if not preds:
        return []
    refine_violence(preds, doc, knowledge)
    before = dict(preds)
    anchor_intentions(preds, doc, knowledge)
    collapse_violence(preds, doc, knowledge)
    sr = _SentenceReading(preds=preds, before=before, dates=find_dates(ctx.sentence.text))
    out: list[Event] = []
    statements: list[tuple[Event, int]] = []
    verbal_at: dict[int, Event] = {}  # token -> the verbal act it coded, for the participles that elaborate it
    for _, pred in sorted(preds.items()):
        ev = code_predicate(article_id, pred, sr, ctx, history)
        if ev is None:
            continue
        if utterance(ev):
            verbal_at[pred.token] = ev
        if ev.event_type.statement and _elaborates(doc[pred.token], ev, verbal_at):
            continue  # 'accused the military of X, claiming it was a plot': one utterance, the accusation
        if ev.event_type.statement:
            statements.append((ev, pred.token))
        else:
            out.append(ev)
        history.see(ev.actor1, acted_until=ctx.sentence.end)
        if _new_person(ev.actor1, ctx):
            history.last_person = ev.actor1  # 'A Labour spokesman criticised X. He said ...': the spokesman
    coded = out + [ev for ev, _ in statements]
    if not any(one_person(ev.actor1, knowledge.lexicon.words) for ev in coded):
        for ev in coded:  # a person only acted upon is what 'he' stands for next when no person acted
            history.see(ev.actor2)
    out = merge_violence(out)
    for ev, token in statements:
        inner = [e for e in out if e.report_i == token]
        if ev.actor1 is None or (inner and not ev.actor1.known):
            continue
        if any(e.actor1 is not None and e.actor1.name == ev.actor1.name and e.status != "future" for e in inner):
            continue  # 'Israel said it will not lift the embargo' is Israel's refusal, not also a statement
        out.append(ev)
    return out


def _elaborates(v: Token, ev: Event, verbal_at: dict[int, Event]) -> bool:
    """A participle of saying that hangs on a verbal act of the same speaker ('criticised X, saying ...'; also
    through the verbs coordinated with it: 'accused X and named Y, claiming ...')."""
    if v.dep_ not in ("advcl", "conj", "xcomp") or v.tag_ != "VBG":
        return False
    tok = v.head
    while tok.i not in verbal_at and tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    head = verbal_at.get(tok.i)
    if head is None or head is ev or head.actor1 is None or ev.actor1 is None:
        return False
    return head.actor1.name == ev.actor1.name


def code_predicate(
    article_id: str, pred: Predicate, sr: _SentenceReading, ctx: SentenceContext, history: ArticleHistory
) -> Event | None:
    """One predicate as an event, or None: its type and status, whether it is an event at all, its roles, place,
    date and counts, and what an announced act becomes."""
    v = ctx.doc[pred.token]
    etype = ctx.knowledge.taxonomy.for_code(pred.code)
    if etype is None:
        return None
    if etype.violent and (criticised(v, pred.kind, ctx) or quarrel(v, pred.kind, ctx, history)):
        # 'Airlines have attacked the legislation', 'the mayor clashed with a campaigner': criticism (CAMEO 111)
        pred = replace(pred, code=CRITICISM)
        etype = ctx.knowledge.taxonomy.for_code(CRITICISM) or etype
    elif etype.violent and struck_with_measure(v, ctx):  # 'hit China with new tariffs': coercion (170)
        pred = replace(pred, code=COERCION)
        etype = ctx.knowledge.taxonomy.for_code(COERCION) or etype
    read = reading(v, pred.kind, ctx.sentence.text, ctx.words)
    if read is None or not _is_event(v, pred, etype, read, sr, ctx, history):
        return None
    if pred.kind == "intent":
        parties = _intention_roles(v, pred, etype, sr, ctx, history)
    else:
        parties = roles(v, pred.kind, etype, ctx, history)
    rep = reporting_head(v, ctx.words)
    reported = rep is not None and not etype.statement  # a statement reported is the statement itself
    where = event_place(v, etype, ctx, sr.ids)
    date_m, date_source = _date_phrase(v, rep if reported else None, sr, ctx)
    clause = clause_text(v, etype, ctx.sentence.text)
    found = counts(ctx.doc, etype, clause, ctx.lexicon)
    is_aggregate = aggregate(clause, found, ctx.lexicon)
    resolved = _resolved(date_m, ctx.published, is_aggregate)
    status, converted = read.status, read.converted
    if status == "scheduled":  # others expect it ('is expected to attend'): a future event, nobody's intention
        status = "future"
    elif status == "future" and (resolved is None or (ctx.published and resolved.value <= ctx.published)):
        # an announced intention without a date of its own: the announcement is the event (CAMEO 03 to
        # cooperate, 13 to use force); 'will not' is a rejection (12)
        converted = converted or intention_code(etype.quad_class)
        status, resolved, date_m = "occurred", None, None
    if converted is not None:
        etype = ctx.knowledge.taxonomy.for_code(converted) or etype
        parties = _announcer(v, parties, ctx, history)
        status, found = "occurred", replace(found, killed=None, injured=None)
    a1, a2 = parties.actor1, parties.actor2
    if a2 is not None and where is not None and a2.name == where.name and a2.kind != "person":
        a2 = None  # 'vacated Aghdam': the place left, not a party
    conjoined = conjoined_actors(v, pred.kind, ctx, history)
    return Event(
        event_id=event_id(article_id, ctx.sentence.start + v.idx, etype.event_type),
        event_type=etype,
        actor1=a1,
        actor2=a2,
        countries=tuple(sorted({a.country_iso3 for a in (a1, a2, *conjoined) if a is not None and a.country_iso3})),
        resolved=resolved,
        date_text=date_m.text if date_m and resolved else None,
        date_source=date_source if resolved else "none",
        location=as_mention(where),
        killed=found.killed,
        injured=found.injured,
        troops=found.troops,
        sentence=ctx.sentence,
        trigger_text=trigger_text(v, ctx.doc[pred.intended] if pred.intended is not None else None),
        mention_kind=_mention_kind(status, resolved, ctx.published),
        status="ongoing" if is_aggregate else status,
        is_aggregate=is_aggregate,
        specificity=pred.specificity,
        depth=depth(v),
        reported=reported,
        evidence_kind=pred.kind,
        report_i=rep.i if rep is not None else -1,
    )


def _date_phrase(
    v: Token, report: Token | None, sr: _SentenceReading, ctx: SentenceContext
) -> tuple[DateMention | None, str]:
    """The predicate's own date phrase ('sentence'), else its report's ('..., the Ministry reported on March 22':
    the report's date bounds the reported event)."""
    date_m = event_date(v, sr.dates, ctx, sr.ids)
    if date_m is None and report is not None:
        return event_date(report, sr.dates, ctx, sr.ids | {report.i}), "report"
    return date_m, "sentence"


def _is_event(
    v: Token,
    pred: Predicate,
    etype: EventType,
    read: Reading,
    sr: _SentenceReading,
    ctx: SentenceContext,
    history: ArticleHistory,
) -> bool:
    """Whether a mention that is not negated or hypothetical reports an event at all."""
    # governing verbs ('demanded that ...', 'urged X to withdraw'): the complement is not an event
    gov = v.head if v.dep_ in ("xcomp", "ccomp") and v.head.i in sr.preds else None
    if gov is not None and (ctx.knowledge.taxonomy.for_code(sr.preds[gov.i].code) or etype).governing:
        return False
    gov_type = ctx.knowledge.taxonomy.for_code(sr.preds[gov.i].code) if gov is not None else None
    if read.status == "future" and gov is not None and not (gov_type is not None and gov_type.statement):
        return False  # 'signed a deal that will ...'; but 'said they will release': an announced intention
    if (
        pred.kind == "verb"
        and v.dep_ == "acl"
        and v.tag_ == "VBN"
        and v.head.dep_ != "ROOT"  # a headline's clause: 'Japanese mogul arrested for fraud'
        and first(v, "mark") is None  # 'said in remarks that five were killed': a content clause, not a modifier
        and agent(v) is None
        and event_date(v, sr.dates, ctx, sr.ids) is None
    ):
        return False  # 'sanctions imposed on China', 'a citizen held hostage': a description, not a report
    if pred.kind == "verb" and pred.specificity == 0 and not etype.statement:
        # a verb coded by itself (no pattern) is an event only with its doer named in its own clause, as in
        # PETRARCH, which codes a verb only between actors: 'related', 'controlled', 'enabled' alone are not
        doer_tok = doer(v, ctx.words)
        found = actor(doer_tok, ctx, history)  # met in the article even when violence needs no doer
        if (found is None or _bare_plural(found, doer_tok)) and not etype.victims:
            return False
    if etype.violent and metaphoric(v, pred.kind, ctx, history):
        return False  # 'launched an attack on the cost of the asylum system', 'hit the headlines'
    return True


def _bare_plural(found: Actor, tok: Token | None) -> bool:
    """'Officials met.': a bare plural names nobody in particular."""
    return not found.known and tok is not None and tok.tag_ == "NNS" and tok.left_edge.i == tok.i


def _intention_roles(
    v: Token, pred: Predicate, etype: EventType, sr: _SentenceReading, ctx: SentenceContext, history: ArticleHistory
) -> Roles:
    """'Russia is ready to provide aid to Armenia': the intending actor, and the target of the intended act."""
    assert pred.intended is not None
    intended = ctx.doc[pred.intended]
    a1 = actor(subject(v, ctx.words) or subject(intended, ctx.words), ctx, history)
    intended_type = ctx.knowledge.taxonomy.for_code(sr.before[pred.intended].code) or etype
    a2 = roles(intended, "verb", intended_type, ctx, history).actor2
    subj = subject(v, ctx.words)
    if a2 is None and subj is not None and etype.joint and first(subj, "conj"):
        a2 = actor(first(subj, "conj"), ctx, history)  # 'Canada and Costa Rica agreed to start talks'
    return Roles(a1, a2)


def _announcer(v: Token, parties: Roles, ctx: SentenceContext, history: ArticleHistory) -> Roles:
    """'Ethiopia said it would allow WFP to deliver': the intention is the one whose clause carries 'would'."""
    mood = mood_token(v, ctx.words)
    if mood is not None and mood.i != v.i:
        return Roles(actor(subject(mood, ctx.words), ctx, history) or parties.actor1, parties.actor2)
    return parties


def _resolved(date_m: DateMention | None, published: date | None, is_aggregate: bool) -> ResolvedDate | None:
    """The date phrase resolved against the publication date; a total over a period keeps only a stated range."""
    if date_m is None:
        return None
    if not is_aggregate:
        return resolve(date_m, published)
    r = resolve(date_m, published)
    return r if r is not None and r.end is not None else None


def _mention_kind(status: str, resolved: ResolvedDate | None, published: date | None) -> str:
    """current, future (scheduled) or background (dated a month or more before publication)."""
    if status == "future" or (resolved and published and resolved.value > published):
        return "future"
    if resolved and published and resolved.value < published - BACKGROUND:
        return "background"
    return "current"
