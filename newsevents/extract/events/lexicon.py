"""Which words can make an event, and how is a sentence read? The event coder's knowledge as data: the CAMEO verb
dictionary and event nouns (what happened), the word lists of data/event_words/ (how a sentence is read: which
verbs report, carry a noun, govern an intention ...), the shared titles and determiners, and the prefilter that
picks the sentences worth parsing. Everything is read from newsevents/data/ and extended by NEWSEVENTS_DATA_DIR."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsevents.datafiles import read_table, read_words
from newsevents.extract.verbdict import VerbEntry, load_synsets, load_verbs
from newsevents.extract.wordlists import Determiners, Titles
from newsevents.parse.sentences import abbreviations
from newsevents.resources import DataFileError, tsv_rows


@dataclass(frozen=True)
class EventNoun:
    lemma: str
    code: str
    modifier: str  # a word that must modify the noun ('phone' for 'call'), or ''
    of_role: str = "target"  # what its 'of' phrase names: actor ('withdrawal of troops') or target ('release of')


@dataclass(frozen=True)
class Words:
    """The word lists of data/event_words/, one field per file (see each file's header for what it decides)."""

    prefilter_stop: frozenset[str]
    intent_verbs: frozenset[str]
    wish_verbs: frozenset[str]
    readiness_adjectives: frozenset[str]
    hypothetical_nouns: frozenset[str]
    modal_moods: dict[str, tuple[str, str]]  # auxiliary -> (its mood, its mood inside reported speech)
    future_modals: frozenset[str]  # the auxiliaries whose mood is future ('will', 'shall')
    conditional_marks: frozenset[str]
    reporting_verbs: frozenset[str]
    anaphoric_heads: frozenset[str]  # 'the union', 'the organization': an organisation named before
    expectations: frozenset[str]  # 'is expected / due / set to': a scheduled event, not an intention
    naming_verbs: frozenset[str]  # verbs that name with an object complement: 'what it called the Budget'
    light_verbs: frozenset[str]
    happening_verbs: frozenset[str]
    target_prepositions: tuple[str, ...]  # in the order they are tried
    locative_prepositions: frozenset[str]
    static_prepositions: frozenset[str]
    movement_prepositions: frozenset[str]  # locative only for an event that moves ('withdrew from X')
    preferred_prepositions: frozenset[str]  # where several places are found, one after these wins
    actor_groups: dict[str, str]  # actor noun -> its group ('' for an actor noun without a group of its own)
    national_groups: frozenset[str]  # groups a country's name makes one actor of ('Armenia (military)')
    force_groups: frozenset[str]  # groups that are armed or police forces
    institution_nouns: frozenset[str]
    pronouns: dict[str, str | None]  # pronoun -> person | plural | thing | None
    object_control_verbs: frozenset[str]
    partitive_heads: frozenset[str]
    nominalisation_suffixes: tuple[str, ...]
    sponsoring_participles: frozenset[str]
    relational_nouns: frozenset[str]
    intention_heads: frozenset[str]
    physical_targets: frozenset[str]
    abstract_nouns: frozenset[str]
    abstract_suffixes: tuple[str, ...]
    easing_verbs: frozenset[str]
    quarrel_verbs: frozenset[str]  # 'the mayor clashed with a campaigner': one person clashes in words
    benefit_verbs: frozenset[str]
    speaking_documents: frozenset[str]  # 'the statement said': a document speaks for who issued it
    measure_kinds: dict[str, str]  # 'plan' -> policy, 'report' -> finding: what someone owns (measure_nouns.tsv)
    authoring_verbs: frozenset[str]  # 'outlined their plans': the subject owns the measure
    place_nouns: frozenset[str]
    casualty_verbs: dict[str, tuple[str, str]]  # verb lemma -> (killed | injured, subject | object: the victim)
    aggregate: re.Pattern[str]
    sector_of_type: dict[str, str]  # actor dictionary type ('rebel') -> sector ('armed_group')
    sector_of_group: dict[str, str]  # actor_nouns.tsv group ('rebels') -> sector
    public_sectors: frozenset[str]  # sectors whose actors are public or political
    role_sectors: dict[str, str]  # a role or name word ('chief executive', 'ministry') -> sector
    relevance_cues: frozenset[str]  # words that make an article worth parsing (relevance_cues.txt)
    generic_speakers: frozenset[str]  # unnamed people whose statements are no event ('officials')
    spokespeople: frozenset[str]  # who speak for the organisation their phrase names ('spokesman')
    name_particles: frozenset[str]  # lower-case words of a person's name ('von', 'bin')

    @property
    def actor_nouns(self) -> frozenset[str]:
        return frozenset(self.actor_groups)

    def group_of(self, noun: str) -> str:
        """The group an actor noun names ('troops' -> military), 'other' when it names none."""
        return self.actor_groups.get(noun) or "other"

    @classmethod
    def load(cls, data_dir: str | None = None) -> Words:
        def words(name: str) -> frozenset[str]:
            return frozenset(read_words(f"event_words/{name}", data_dir))

        preps = read_table("event_words/prepositions.tsv", data_dir)
        ranked = sorted(
            (int(_whole(r, "target_rank", "prepositions.tsv")), r["preposition"]) for r in preps if r["target_rank"]
        )
        modals = read_table("event_words/modal_verbs.tsv", data_dir)
        return cls(
            prefilter_stop=words("prefilter_stop.txt"),
            intent_verbs=words("intent_verbs.txt"),
            wish_verbs=words("wish_verbs.txt"),
            readiness_adjectives=words("readiness_adjectives.txt"),
            hypothetical_nouns=words("hypothetical_nouns.txt"),
            modal_moods={r["word"]: (r["mood"], r["reported_mood"] or r["mood"]) for r in modals},
            future_modals=frozenset(r["word"] for r in modals if r["mood"] == "future"),
            conditional_marks=words("conditional_marks.txt"),
            reporting_verbs=words("reporting_verbs.txt"),
            naming_verbs=words("naming_verbs.txt"),
            expectations=words("expectations.txt"),
            anaphoric_heads=words("anaphoric_heads.txt"),
            light_verbs=words("light_verbs.txt"),
            happening_verbs=words("happening_verbs.txt"),
            target_prepositions=tuple(p for _, p in ranked),
            locative_prepositions=frozenset(r["preposition"] for r in preps if r["locative"] == "1"),
            static_prepositions=frozenset(r["preposition"] for r in preps if r["static"] == "1"),
            movement_prepositions=frozenset(r["preposition"] for r in preps if r["movement"] == "1"),
            preferred_prepositions=frozenset(r["preposition"] for r in preps if r["preferred"] == "1"),
            actor_groups={r["noun"]: r["group"] for r in read_table("event_words/actor_nouns.tsv", data_dir)},
            national_groups=words("national_groups.txt"),
            force_groups=words("force_groups.txt"),
            institution_nouns=words("institution_nouns.txt"),
            pronouns={r["pronoun"]: r["stands_for"] or None for r in read_table("event_words/pronouns.tsv", data_dir)},
            object_control_verbs=words("object_control_verbs.txt"),
            partitive_heads=words("partitive_heads.txt"),
            nominalisation_suffixes=tuple(read_words("event_words/nominalisation_suffixes.txt", data_dir)),
            sponsoring_participles=words("sponsoring_participles.txt"),
            relational_nouns=words("relational_nouns.txt"),
            intention_heads=words("intention_heads.txt"),
            physical_targets=words("physical_targets.txt"),
            abstract_nouns=words("abstract_nouns.txt"),
            abstract_suffixes=tuple(read_words("event_words/abstract_suffixes.txt", data_dir)),
            easing_verbs=words("easing_verbs.txt"),
            quarrel_verbs=words("quarrel_verbs.txt"),
            benefit_verbs=words("benefit_verbs.txt"),
            speaking_documents=words("speaking_documents.txt"),
            measure_kinds={r["noun"]: r["kind"] for r in read_table("event_words/measure_nouns.tsv", data_dir)},
            authoring_verbs=words("authoring_verbs.txt"),
            place_nouns=words("place_nouns.txt"),
            casualty_verbs={
                r["verb"]: (r["counts"], r["victim"]) for r in read_table("event_words/casualty_verbs.tsv", data_dir)
            },
            aggregate=re.compile("|".join(read_words("event_words/aggregate_phrases.txt", data_dir)), re.I),
            relevance_cues=words("relevance_cues.txt"),
            generic_speakers=words("generic_speakers.txt"),
            spokespeople=words("spokespeople.txt"),
            name_particles=words("name_particles.txt"),
            **_sectors(data_dir),
        )


def _sectors(data_dir: str | None) -> dict:
    """The sector tables (sectors.tsv, role_sectors.tsv) as Words fields."""
    rows = read_table("event_words/sectors.tsv", data_dir)
    return {
        "sector_of_type": {t: r["sector"] for r in rows for t in r["actor_types"].split()},
        "sector_of_group": {g: r["sector"] for r in rows for g in r["groups"].split()},
        "public_sectors": frozenset(r["sector"] for r in rows if r["public"] == "1"),
        "role_sectors": {r["word"]: r["sector"] for r in read_table("event_words/role_sectors.tsv", data_dir)},
    }


def _whole(row: dict[str, str], column: str, name: str) -> str:
    value = row[column]
    if not value.isdigit():
        raise DataFileError(f"event_words/{name}: row {next(iter(row.values()))!r}: {column} should be a whole number")
    return value


@dataclass(frozen=True)
class Lexicon:
    """Everything the event coder reads words with."""

    verbs: dict[str, VerbEntry]
    synsets: dict[str, frozenset[str]]
    nouns: dict[str, tuple[EventNoun, ...]]
    forms: frozenset[str]  # lower-case word forms that can be a predicate by themselves: the prefilter
    words: Words
    titles: Titles
    determiners: Determiners
    abbreviation: re.Pattern[str]  # what may end just before a dot inside a sentence (parse.sentences)
    cued: dict[str, frozenset[str]] = field(default_factory=dict)  # form -> words one of which must be near

    @classmethod
    def load(cls, data_dir: str | None = None) -> Lexicon:
        verbs = load_verbs(data_dir)
        synsets = load_synsets(data_dir)
        nouns = _event_nouns(data_dir)
        words = Words.load(data_dir)
        forms, cued = _prefilter_forms(verbs, synsets, nouns, data_dir, words.prefilter_stop)
        # a reporting verb that reports speech is a statement even when CAMEO codes it with nothing ('responded:')
        forms |= {f for v in words.reporting_verbs for f in _verb_forms(v) if f not in words.prefilter_stop}
        return cls(
            verbs=verbs,
            synsets=synsets,
            nouns=nouns,
            forms=forms,
            words=words,
            titles=Titles.load(data_dir),
            determiners=Determiners.load(data_dir),
            abbreviation=abbreviations(data_dir),
            cued=cued,
        )


def _event_nouns(data_dir: str | None) -> dict[str, tuple[EventNoun, ...]]:
    nouns: dict[str, list[EventNoun]] = {}
    for r in tsv_rows("event_nouns.tsv", data_dir):
        noun = EventNoun(
            lemma=r["lemma"],
            code=r["code"].strip(),
            modifier=(r.get("modifier") or "").strip(),
            of_role=(r.get("of_role") or "").strip() or "target",
        )
        nouns.setdefault(r["lemma"], []).append(noun)
    return {k: tuple(v) for k, v in nouns.items()}


def _verb_forms(lemma: str) -> set[str]:
    """Regular inflections of a verb (the prefilter's forms; irregular ones come from data/verb_forms.tsv)."""
    w = lemma.split()[0]
    forms = {w, w + "s", w + "ed", w + "ing", w + "d"}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing", w + "d"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if w.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(w + "es")
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", w):
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return forms


def _prefilter_forms(
    verbs: dict[str, VerbEntry],
    synsets: dict[str, frozenset[str]],
    nouns: dict[str, tuple[EventNoun, ...]],
    data_dir: str | None,
    stop: frozenset[str],
) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The word forms that select a sentence by themselves (a coded verb's forms, an event noun), and the forms of
    verbs coded only through their patterns with the patterns' head words, one of which must be in the sentence."""
    forms: set[str] = set()
    irregular: dict[str, set[str]] = {}
    for r in tsv_rows("verb_forms.tsv", data_dir):
        irregular.setdefault(r["lemma"], set()).update(r["forms"].split())
    cued: dict[str, set[str]] = {}  # form of a verb coded only through patterns -> the patterns' head words
    for lemma, entry in verbs.items():
        head = lemma.split()[0]
        verb_forms = _verb_forms(lemma) | irregular.get(head, set())
        if entry.code != "---":
            forms |= verb_forms
            continue
        heads = set()
        for p in entry.patterns:
            if p.code == "---":
                continue
            for pattern_words in (p.obj, p.prep_obj, p.subject):
                if pattern_words:
                    w = pattern_words[-1]
                    heads |= set(synsets.get(w, ())) if w.startswith("&") else {w}
        for f in verb_forms:
            cued.setdefault(f, set()).update(h.lower() for h in heads)
    for lemma in nouns:
        forms |= {lemma, lemma + "s", lemma + "es"}
    forms = {f for f in forms if f not in stop}
    plurals = {f: frozenset(h_set | {h + "s" for h in h_set}) for f, h_set in cued.items()}
    return frozenset(forms), {f: hs for f, hs in plurals.items() if f not in forms and f not in stop}


_WORD = re.compile(r"[A-Za-z]+")


def candidate_sentence(text: str, lexicon: Lexicon) -> bool:
    """Can this sentence carry an event? True when one of its words is a form of a coded verb (not right after a
    determiner: 'the report', 'a bill' are nouns), an event noun, or a verb coded only through its patterns with
    one of those patterns' words in the sentence ('lift ... sanctions')."""
    forms, cued, nouns = lexicon.forms, lexicon.cued, lexicon.nouns
    determiners = lexicon.determiners.prefilter
    words = [w.lower() for w in _WORD.findall(text)]
    present = None
    for i, w in enumerate(words):
        if w in forms:
            if w.rstrip("s") in nouns or w in nouns or i == 0 or words[i - 1] not in determiners:
                return True
        elif w in cued:
            present = set(words) if present is None else present
            if cued[w] & present:
                return True
    return False
