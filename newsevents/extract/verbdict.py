"""The CAMEO verb dictionary the event extractor ships, derived from PETRARCH2's CAMEO.2.0.txt
(openeventdata/petrarch2, MIT licence; 397 verb groups, 4,668 patterns), in a form matched against a
dependency parse instead of PETRARCH's phrase trees. `python -m newsevents.extract.verbdict PATH/CAMEO.2.0.txt`
writes three tab-separated files to data/ (comment lines start with '#'):

cameo_verbs.tsv     group, lemma, code: every verb of a group ('attack'; phrasal verbs as 'pull out') with the
                    code of the isolated verb ('---': no event by itself, only through a pattern).
cameo_patterns.tsv  group, subject, object, prep, prep_object, code: a pattern of the group's verbs. subject:
                    words the subject must contain (head last); object: words the direct object must contain;
                    prep + prep_object: an oblique the verb governs ('with', 'financial aid'). Words may name
                    a synonym set ('&WEAPON'). code '---': the pattern is not an event ('killed in an accident',
                    'EARTHQUAKE killed').
cameo_synsets.tsv   synset, member: the members of each synonym set (a member may be several words).
verb_forms.tsv      lemma, forms: irregular forms of a verb ('slay' -> 'slain slaying slays'), for the prefilter
                    that picks the sentences to parse (regular forms are generated).

event_verbs.tsv (not derived) holds newsevents' own additions in the cameo_verbs format; their code wins.
event_synsets.tsv (not derived) holds newsevents' own synonym sets in the cameo_synsets format (&POLICY).
event_patterns.tsv (not derived) holds newsevents' own patterns in the cameo_patterns format ('charged with':
a legal charge, 173, where the group's verbs alone accuse, 112).
Matching is on spaCy lemmas, so PETRARCH's plural and inflected forms are not needed. Transformations ('~' lines)
and pre-compounded verbs ('WIRE_+TAP') are left out. Extra rows in NEWSEVENTS_DATA_DIR extend the shipped files.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsevents.resources import tsv_rows

HEADER = (
    "# Derived by `python -m newsevents.extract.verbdict CAMEO.2.0.txt` from PETRARCH2's CAMEO verb\n"
    "# dictionary (github.com/openeventdata/petrarch2, MIT licence, (c) the PETRARCH authors).\n"
    "# Format: see newsevents/extract/verbdict.py.\n"
)


@dataclass(frozen=True)
class VerbPattern:
    subject: tuple[str, ...]
    obj: tuple[str, ...]
    prep: str
    prep_obj: tuple[str, ...]
    code: str  # CAMEO code or '---'

    @property
    def specificity(self) -> int:
        return (
            2 * bool(self.obj)
            + 2 * bool(self.prep_obj)
            + bool(self.prep)
            + 2 * bool(self.subject)
            + max(len(self.obj), len(self.prep_obj)) // 2
        )


@dataclass(frozen=True)
class VerbEntry:
    lemma: str
    code: str  # the isolated verb's code, '---' for none
    patterns: tuple[VerbPattern, ...]  # most specific first
    curated: bool = False  # its code is newsevents' own (event_verbs.tsv), not PETRARCH's broad verb group


# --- derivation from the PETRARCH file ---------------------------------------------------------------------

_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")


def _phrase(token: str) -> str:
    """'{FINANCIAL AID}' -> 'financial aid'; '&FOOD' stays a synset reference; markers ($ + % ^) dropped."""
    words = []
    for w in token.strip("{}").replace("_", " ").split():
        w = w.lstrip("$+%^")
        if not w or not re.search(r"[A-Za-z]", w):
            continue
        words.append(w.rstrip("_") if w.startswith("&") else w.lower())
    return " ".join(words)


def _parse_pattern(body: str) -> tuple[str, str, str, str] | None:
    pre, _, post = body.partition("*")
    subject = " ".join(p for t in _TOKEN.findall(pre) if not t.startswith("(") and (p := _phrase(t)))
    obj, prep, pobj = [], "", ""
    for t in _TOKEN.findall(post):
        if t.startswith("("):
            if not prep:
                inner = t.strip("()").split(None, 1)
                if inner:
                    prep, pobj = inner[0].lower(), _phrase(inner[1]) if len(inner) > 1 else ""
        elif not prep and (p := _phrase(t)):
            obj.append(p)
    return subject, " ".join(obj), prep, pobj


def derive(source: Path) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    synsets: list[dict] = []
    verbs: list[dict] = []
    forms: list[dict] = []
    patterns: list[dict] = []
    group: str | None = None
    synset: str | None = None
    block_code = "---"
    for raw in source.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            synset = None
            continue
        if line.startswith("&"):
            synset, group = line.strip().rstrip("_"), None
            continue
        if synset and line.startswith("+"):
            synsets.append({"synset": synset, "member": line[1:].strip().rstrip("_").replace("_", " ").lower()})
            continue
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
        if m:
            group, block_code = m[1].lower(), _code(m[2])
            continue
        if group is None or line.startswith("~"):
            continue
        if line.startswith("-"):
            cm = re.search(r"\[([^\]]*)\]", line)
            parsed = _parse_pattern(line[1 : cm.start()]) if cm else None
            if cm and parsed and any(parsed):
                patterns.append(
                    dict(
                        zip(("subject", "object", "prep", "prep_object"), parsed),
                        group=group,
                        code=_code(cm[1]),
                    )
                )
            continue
        word = line.split()[0]  # 'SLAY {SLAYS SLAIN} [190]', '+SHOOT_DOWN {...}', 'WIRE_+TAP' (left out)
        own = re.search(r"\[([^\]]*)\]", line)
        parts = word.split("_")
        if word.startswith("+"):
            lemma = " ".join(p.lower().lstrip("+") for p in parts)
        elif "+" in word or len(parts) > 1:
            continue
        else:
            lemma = word.lower()
        irregular = re.search(r"\{([^}]*)\}", line)
        if irregular and irregular[1].strip() and re.fullmatch(r"[a-z][a-z' -]*", lemma):
            words = {w.lower() for f in irregular[1].split() for w in f.split("_") if w.startswith("+") or "_" not in f}
            words = {w.lstrip("+") for w in words if re.fullmatch(r"\+?[a-z']+", w)}
            if words:
                forms.append({"lemma": lemma.split()[0], "forms": " ".join(sorted(words))})
        if re.fullmatch(r"[a-z][a-z' -]*", lemma):
            verbs.append({"group": group, "lemma": lemma, "code": _code(own[1]) if own else block_code})
    return verbs, patterns, synsets, forms


def _write(path: Path, rows: list[dict], columns: tuple[str, ...]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        w = csv.DictWriter(fh, fieldnames=columns, delimiter="\t", lineterminator="\n")
        w.writeheader()
        seen = set()
        for r in rows:
            key = tuple(r[c] for c in columns)
            if key not in seen:
                seen.add(key)
                w.writerow(r)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    source = Path(argv[0])
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "data"
    verbs, patterns, synsets, forms = derive(source)
    _write(out / "verb_forms.tsv", forms, ("lemma", "forms"))
    _write(out / "cameo_verbs.tsv", verbs, ("group", "lemma", "code"))
    _write(out / "cameo_patterns.tsv", patterns, ("group", "subject", "object", "prep", "prep_object", "code"))
    _write(out / "cameo_synsets.tsv", synsets, ("synset", "member"))
    print(f"{len(verbs)} verbs, {len(patterns)} patterns, {len(synsets)} synset members -> {out}")
    return 0


# --- loading ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _code(bracket: str) -> str:
    """'[080!]', '[111:1]' -> the CAMEO code ('080', '111'): stray marks of the source dropped."""
    return bracket.split(":")[0].strip().rstrip("!")


def load_synsets(extra_dir: str | None = None) -> dict[str, frozenset[str]]:
    """synset -> the head words (last word) of its members: a synset word matches a token with that lemma."""
    out: dict[str, set[str]] = {}
    for r in tsv_rows("cameo_synsets.tsv", extra_dir) + tsv_rows("event_synsets.tsv", extra_dir):
        out.setdefault(r["synset"], set()).add(r["member"].split()[-1])
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=2)
def load_verbs(extra_dir: str | None = None) -> dict[str, VerbEntry]:
    """lemma -> its entry: own code and the group's patterns, most specific first."""
    by_group: dict[str, list[VerbPattern]] = {}
    # newsevents' own patterns first: the sorts below are stable, so they win at equal specificity
    for r in tsv_rows("event_patterns.tsv", extra_dir) + tsv_rows("cameo_patterns.tsv", extra_dir):
        by_group.setdefault(r["group"], []).append(
            VerbPattern(
                tuple(r["subject"].split()),
                tuple(r["object"].split()),
                r["prep"],
                tuple(r["prep_object"].split()),
                r["code"].strip(),
            )
        )
    out: dict[str, VerbEntry] = {}
    for r in tsv_rows("cameo_verbs.tsv", extra_dir):
        patterns = tuple(sorted(by_group.get(r["group"], ()), key=lambda p: -p.specificity))
        old = out.get(r["lemma"])
        if old is not None:  # a verb in several groups: patterns of all, the first coded own code
            patterns = tuple(sorted(old.patterns + patterns, key=lambda p: -p.specificity))
        code = r["code"].strip() if old is None or old.code == "---" else old.code
        out[r["lemma"]] = VerbEntry(r["lemma"], code, patterns)
    for r in tsv_rows("event_verbs.tsv", extra_dir):  # newsevents' own additions: their code wins
        old = out.get(r["lemma"])
        own = tuple(sorted(by_group.get(r["group"], ()), key=lambda p: -p.specificity))
        patterns = tuple(sorted((old.patterns if old else ()) + own, key=lambda p: -p.specificity))
        out[r["lemma"]] = VerbEntry(r["lemma"], r["code"].strip(), patterns, curated=True)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
