"""Raw file bytes -> text, safely.

The one rule: never hand back mojibake silently. Every input either becomes clean text
(BOM stripped, CRLF/CR -> LF, no NULs) with the encoding and the way it was found, or a
``DecodeError`` whose ``check`` is a short machine name and whose ``reason`` a user can read.

Order of evidence (strongest first), see ``decode_bytes``:

1. magic numbers of binary formats (refused), byte-order mark (UTF-8, UTF-16 LE/BE,
   UTF-32 LE/BE), UTF-16/32 without BOM by its byte pattern, NUL/control bytes (refused)
2. declared charset (caller's ``declared`` or ``<meta>``/``<?xml?>`` in the first 4 KB),
   if it decodes strictly
3. strict UTF-8
4. charset-normalizer (its guesses plus the common code pages, measured with its chaos and
   coherence detectors) re-ranked by an alphabet check, see ``_pick_detected``; readings that
   are not coherent, or short texts where two scripts read equally well, are refused

Policy for *invalid UTF-8 in otherwise UTF-8 text*: when the bytes contain more valid
multi-byte UTF-8 sequences than invalid ones (and at least three), the file is UTF-8 with
damage or a mix of encodings. Any single legacy code page would turn the valid part into
mojibake and ``errors="replace"`` would drop data without saying so, so this raises
``DecodeError("undecodable", ...)`` -- also when a legacy charset is declared. A stray high
byte in otherwise ASCII text (``caf\\xe9``) is not UTF-8 at all and goes to detection, which
yields cp1252/latin-1 when the result is coherent.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, replace
from typing import cast

__all__ = [
    "DecodeError",
    "Decoded",
    "gunzip_if_needed",
    "declared_charset",
    "decode_bytes",
    "read_text_file",
    "read_text_lines",
]


class DecodeError(Exception):
    """Why bytes could not become text.

    ``check``: short machine name ('empty', 'binary', 'gzip_corrupt', 'undecodable', 'too_large').
    ``reason``: a sentence a user can read, e.g. 'file is empty (0 bytes)'.
    """

    def __init__(self, check: str, reason: str):
        super().__init__(f"{check}: {reason}")
        self.check = check
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    text: str  # BOM stripped, CRLF/CR normalised to LF, NUL-free
    encoding: str  # e.g. 'utf-8', 'utf-8-sig', 'utf-16', 'cp1251', 'latin-1'
    method: str  # 'bom' | 'declared' | 'utf-8' | 'detected'
    compressed: bool  # True when the input was gzip


# --------------------------------------------------------------------------- gzip

_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # zlib parses the gzip header and checks CRC32/ISIZE itself


def gunzip_if_needed(data: bytes, name: str, max_bytes: int) -> tuple[bytes, bool]:
    """Return (possibly decompressed bytes, was_gzip).

    Gzip is recognised by its magic bytes, whatever the name says: a ``.gz`` name without the
    magic is returned unchanged (HTTP clients often decompress already), and gzip without a
    ``.gz`` name is still decompressed. Decompression is streamed with ``max_length`` so a gzip
    bomb never allocates much more than ``max_bytes``. Concatenated members are supported
    (``gzip.decompress`` does the same); zero padding after the last member is ignored.
    """
    if not data.startswith(_GZIP_MAGIC):
        return data, False
    label = name or "input"
    out = bytearray()
    buf = data
    try:
        while True:
            d = zlib.decompressobj(_GZIP_WBITS)
            while not d.eof:
                # +1 so that "exactly max_bytes" is allowed and one byte more is detected.
                out += d.decompress(buf, max_bytes - len(out) + 1)
                if len(out) > max_bytes:
                    raise DecodeError(
                        "too_large",
                        f"{label}: decompressed gzip is larger than the limit of {max_bytes:,} bytes",
                    )
                buf = d.unconsumed_tail
                if not buf and not d.eof:
                    raise DecodeError("gzip_corrupt", f"{label}: gzip data is truncated (stream ends early)")
            rest = d.unused_data
            if not rest.strip(b"\x00"):
                break
            if not rest.startswith(_GZIP_MAGIC):
                raise DecodeError("gzip_corrupt", f"{label}: unexpected bytes after the end of the gzip stream")
            buf = rest
    except zlib.error as exc:
        raise DecodeError("gzip_corrupt", f"{label}: gzip data is corrupt ({exc})") from None
    # The bytearray itself (it reads like bytes everywhere here): bytes(out) would hold a second copy.
    return cast(bytes, out), True


# --------------------------------------------------------------------------- declared charset

_META_RE = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)
_XML_RE = re.compile(rb"""<\?xml\b[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:\-]+)""", re.I)
# Codecs that are not charsets (rot13, base64, ...) or that are unsafe to honour from a
# document (utf-7 is a classic XSS vector; the escape codecs interpret backslashes).
_REJECTED_CODECS = {"idna", "punycode", "raw_unicode_escape", "unicode_escape", "undefined", "utf-7", "mbcs", "oem"}
# Labels that browsers (WHATWG Encoding) decode with a superset: pages labelled latin-1 are
# routinely cp1252 with curly quotes in 0x80-0x9f. Decoding with the superset loses nothing.
_SUPERSETS = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
    "gb2312": "gbk",
    "euc_kr": "cp949",
}


_C1_RE = re.compile(rb"[\x80-\x9f]")


def _has_c1(data: bytes) -> bool:
    """Bytes 0x80-0x9f: C1 controls in latin-1, curly quotes/dashes/euro in cp1252."""
    return _C1_RE.search(data) is not None


# Labels seen on the web that Python's codec registry does not know.
_WEB_LABELS = {
    "windows-874": "cp874",
    "x-mac-cyrillic": "mac_cyrillic",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
    "x-sjis": "shift_jis",
    "windows-31j": "cp932",
    "x-euc-jp": "euc_jp",
    "ks_c_5601-1987": "cp949",
    "x-gbk": "gbk",
    "iso-8859-8-i": "iso8859-8",
    "x-cp1251": "cp1251",
    "x-cp1252": "cp1252",
}


def _codec_name(label: str) -> str | None:
    label = _WEB_LABELS.get(label.lower(), label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REJECTED_CODECS:
        return None
    return "latin-1" if info.name == "iso8859-1" else info.name


def declared_charset(data: bytes) -> str | None:
    """Charset declared in the first 4 KB (<meta charset>, <meta http-equiv content>, <?xml encoding?>).

    Returns a Python codec name (e.g. 'cp1251', 'utf-8', 'latin-1') or None when nothing is
    declared or the label is not a text codec Python knows.
    """
    head = data[:4096]
    for rx in (_XML_RE, _META_RE):
        m = rx.search(head)
        if m:
            return _codec_name(m.group(1).decode("ascii", "replace").strip(":.-"))
    return None


# --------------------------------------------------------------------------- binary sniffing

# (offset, magic, what) -- checked before anything else; none of these can start real text.
_MAGICS: list[tuple[int, bytes, str]] = [
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"PK\x07\x08", "ZIP archive"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, _GZIP_MAGIC, "gzip-compressed data"),
    (0, b"\xfd7zXZ\x00", "xz-compressed data"),
    (0, b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"\xca\xfe\xba\xbe", "Java class / Mach-O binary"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy MS Office document (OLE2)"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"PAR1", "Parquet file"),
    (0, b"OggS", "Ogg media"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"\x00asm", "WebAssembly module"),
    (4, b"ftyp", "MP4/QuickTime media"),
    (257, b"ustar", "tar archive"),
]
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}

# C0 controls that never occur in text; \t \n \v \f \r and ESC (ANSI colours) are allowed.
_CTRL_BYTES = bytes([b for b in range(0x20) if b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B)]) + b"\x7f"


def _magic_kind(data: bytes) -> str | None:
    for off, magic, what in _MAGICS:
        if data[off : off + len(magic)] == magic:
            return what
    riff = bytes(data[8:12])  # a bytearray slice (decompressed input) cannot key a dict
    if data[:4] == b"RIFF" and riff in _RIFF_KINDS:
        return _RIFF_KINDS[riff]
    if data[:3] == b"BZh" and data[4:10] == b"1AY&SY":
        return "bzip2-compressed data"
    return None


def _binary_bytes_reason(data: bytes) -> str | None:
    """Reason string if the raw bytes look binary (run after the UTF-16/32 sniff)."""
    n = len(data)
    nul = data.count(0)
    # A stray NUL in a long article is tolerated (and removed); more than 0.1% is not text.
    if nul and nul * 1000 > n:
        return f"looks like a binary file ({nul} NUL bytes in {n:,})"
    ctrl = n - len(data.translate(None, _CTRL_BYTES))
    if ctrl * 20 > n:  # > 5% control bytes
        return f"looks like a binary file ({ctrl} control bytes in {n:,})"
    return None


_TEXT_OK_CC = set("\t\n\x0b\x0c\r\x1b")


def _is_bad_char(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat in ("Cn", "Co", "Cs") or (cat == "Cc" and ch not in _TEXT_OK_CC) or ch == "\ufffd"


def _binary_text_reason(text: str) -> str | None:
    """Reason string if *decoded* text is mostly not text (controls, unassigned, private use)."""
    if not text:
        return None
    sample = text[:65536]
    # Classify each distinct character once (an article has a few hundred), not every character.
    bad = sum(sample.count(ch) for ch in set(sample) if _is_bad_char(ch))
    if bad * 20 > len(sample):
        return f"looks like a binary file ({bad} control/unassigned characters in {len(sample):,})"
    return None


# --------------------------------------------------------------------------- BOM / UTF-16 sniff

_BOMS = [  # utf-32 first: its LE BOM starts with the utf-16 LE BOM
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


_LOW_BYTES = bytes(range(0x20))


def _sniff_wide(data: bytes) -> str | None:
    """UTF-16/32 without BOM: one byte of each code unit is (nearly) always a small value.

    In UTF-16 text of one script the high byte is 0x00 (ASCII/Latin-1) or the script block
    (0x04 Cyrillic, 0x05 Armenian/Hebrew, 0x06 Arabic, 0x10 Georgian...), i.e. <= 0x1F,
    while the low byte varies. 8-bit text practically never has that pattern.
    """
    n = len(data)
    if n < 8:
        return None
    if n % 4 == 0:
        for enc, hi in (("utf-32-le", (2, 3)), ("utf-32-be", (0, 1))):
            if all(data[i::4].count(0) * 100 >= 95 * (n // 4) for i in hi):
                return enc
    if n % 2:
        return None
    sample = data[:65536]
    even, odd = sample[0::2], sample[1::2]

    def small(b: bytes) -> float:  # share of bytes <= 0x1F
        return (len(b) - len(b.translate(None, _LOW_BYTES))) / len(b)

    se, so = small(even), small(odd)
    if so >= 0.6 and so - se >= 0.3:
        return "utf-16-le"
    if se >= 0.6 and se - so >= 0.3:
        return "utf-16-be"
    return None


# --------------------------------------------------------------------------- detection (charset-normalizer)

# charset-normalizer's chaos ("mess") ratio above which a guess is not coherent text.
_MAX_CHAOS = 0.1
# Code pages that news text really comes in (checked explicitly; others score a little lower).
_COMMON = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "koi8_r",
    "koi8_u",
    "cp1254",
    "iso8859_9",
    "cp1250",
    "iso8859_2",
    "cp1256",
    "cp1253",
    "iso8859_7",
    "cp1255",
    "cp1257",
    "cp866",
    "iso8859_5",
    "gbk",
    "gb18030",
    "cp932",
    "shift_jis",
    "euc_jp",
    "cp949",
    "euc_kr",
    "big5",
    "cp874",
)
# Non-ASCII letters per language (lower case; upper case added below). Used to re-rank guesses:
# charset-normalizer scores French-in-cp1250 ("trčs", "pręts") exactly like cp1252 ("très").
_ALPHABETS = {
    "fr": "àâæçéèêëîïôœùûüÿ",
    "de": "äöüß",
    "es": "áéíñóúü",
    "pt": "áâãàçéêíóôõú",
    "it": "àèéìíîòóùú",
    "ca": "àçèéíïòóúü",
    "nl": "áéèëïóöü",
    "sv": "åäöé",
    "da_no": "æøåéó",
    "fi_et": "äöõüšž",
    "is": "áéíóúýþæöð",
    "ga_cy": "áéíóúâêîôûŵŷ",
    "sq": "çë",
    "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "pl": "ąćęłńóśźż",
    "hu": "áéíóöőúüű",
    "ro": "ăâîșțşţ",
    "hr_sl_bs": "čćđšž",
    "tr": "çğıöşüâîû",
    "az": "çəğıöşü",
    "lv": "āčēģīķļņšūž",
    "lt": "ąčęėįšųūž",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "be": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "kk": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
    # ΐ/ΰ are left out on purpose: nearly unused in Greek, but 'а' (the commonest Russian
    # letter) in cp1251 reads as ΰ in cp1253.
    "el": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋς",
    # Hebrew letters without the Yiddish ligatures װ ױ ײ (a cp1255 mis-read of KOI8-R).
    "he": "".join(chr(c) for c in range(0x05D0, 0x05EB)),
}
_ALPHABET_SETS = {
    lang: frozenset(letters) | frozenset(c.upper() for c in letters if len(c.upper()) == 1)
    for lang, letters in _ALPHABETS.items()
}
_ALPHABET_SETS["tr"] |= {"İ"}
_ALPHABET_SETS["az"] |= {"İ"}
# Scripts judged as a whole (no per-language alphabet): any letter of the script fits.
# LATIN and CYRILLIC are absent on purpose -- those need a real alphabet to fit.
_SCRIPT_GROUPS = {
    "ARMENIAN": {"ARMENIAN"},
    "GEORGIAN": {"GEORGIAN"},
    "ARABIC": {"ARABIC"},
    "THAI": {"THAI"},
    "DEVANAGARI": {"DEVANAGARI"},
    "ZH": {"CJK"},
    "JA": {"CJK", "HIRAGANA", "KATAKANA"},  # not HALFWIDTH: half-width kana is a mojibake tell
    "KO": {"HANGUL", "CJK"},
}
# Tie-break between equally good guesses: how common the code page is for news text.
_PRIOR = [
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "koi8_r",
    "cp1254",
    "cp1250",
    "iso8859_2",
    "koi8_u",
    "cp1256",
    "cp1253",
    "iso8859_9",
    "iso8859_5",
    "cp866",
    "mac_cyrillic",
    "gbk",
    "gb18030",
    "cp932",
    "shift_jis",
    "euc_jp",
    "cp949",
    "euc_kr",
    "big5",
    "cp1255",
    "cp874",
    "cp1257",
    "utf_16_le",
    "utf_16_be",
]


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


@dataclass
class _Candidate:
    encoding: str
    aliases: tuple[str, ...]
    text: str  # a sample of the reading (see _sample), not the whole text
    chaos: float
    coherence: float
    index: int
    fit: float = 0.0
    script: str = "LATIN"
    score: float = 0.0


# Frequent ASCII-only words per language. The ASCII part of a text reads the same in every
# code page, so it names the language before we decide what the high bytes mean: Italian
# "mercoledì" in cp1250 is "mercoledě", and ě is a perfectly good (Czech) letter.
_STOPWORDS = {
    "en": "the and of to in is was that for with said on by it are from has have this were at be as an not but "
    "will would which who their its after about more than they been had also",
    "fr": "le la les des de et est une un du dans pour que qui pas sur au aux avec sont ce il elle "
    "en ne se sa son ses par plus mais nous vous ont leur selon cette",
    "de": "der die und das ist nicht mit ein eine den von sich auch auf dem zu wir sie wird im des "
    "es ich werden hat sind nach bei einer noch nur wie wurde oder",
    "es": "el los las del y que una por con para se al como pero su lo fue han en de la un sus "
    "es le ya hay este esta entre desde sobre",
    "pt": "os do da dos das que uma com para em no na se por foi ao um mais de o e as nos seu sua "
    "ser pelo pela entre sobre",
    "it": "il gli della delle che di una per con non sono ha nel alla degli dei anche la le i un e "
    "del al da in dalla hanno lo sul nella questo ma",
    "nl": "de het een en van is dat niet met op voor zijn ook te bij er aan om maar worden door",
    "cs": "a je se na v o ze to do jako ale pro od jsou by ve jak tak po jeho byl bylo",
    "sk": "a je sa na v o to do ako ale pre od aj by vo tak po jeho bol bolo",
    "pl": "i w na z jest do nie to jak ale od po przez oraz jego we ze za sie tym",
    "hu": "a az hogy nem egy is meg de van volt csak ki mint azt ez",
    "tr": "ve bir bu da de ile olarak gibi daha en ama icin kadar sonra",
    "ro": "de la cu pe nu este un o care mai din si sa ca au fost",
    "sv": "och att det som en av med har inte till den om var jag sig fran",
    "da_no": "og at det som en er med har ikke til den af av var jeg seg sig fra",
    "fi_et": "ja on ei se oli mutta kuin ka ning et kui oma",
    "is": "og er sem til um ekki var hann hun",
    "hr_sl_bs": "i je u na da se za su od to kao ali iz bi",
}
_STOPWORD_SETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_WESTERN = frozenset().union(*(_ALPHABET_SETS[k] for k in ("fr", "de", "es", "pt", "it", "nl", "sv", "da_no")))
# Alphabets a hinted language may use (English borrows: café, naïve, São Paulo, Düsseldorf).
_HINT_ALPHABETS = {
    "en": _WESTERN,
    "es": _ALPHABET_SETS["es"] | _ALPHABET_SETS["ca"],
    "cs": _ALPHABET_SETS["cs"] | _ALPHABET_SETS["sk"],
    "sk": _ALPHABET_SETS["cs"] | _ALPHABET_SETS["sk"],
    "sv": _ALPHABET_SETS["sv"] | _ALPHABET_SETS["fi_et"],
    "fi_et": _ALPHABET_SETS["sv"] | _ALPHABET_SETS["fi_et"],
}
_ASCII_WORD_RE = re.compile(rb"(?<![\x80-\xff\w])[A-Za-z]+(?![\x80-\xff\w])")
_ASCII_LETTER_RE = re.compile(rb"[A-Za-z]")
_HIGH_RE = re.compile(rb"[\x80-\xff]")
_HEBREW_POINTS_RE = re.compile(r"[\u0591-\u05c7]")
# Letters that only exist at the end of a word (Hebrew final forms, Greek final sigma) seen
# before another letter, and Thai digits glued to letters, betray a wrong code page
# ("םאחםאקוםטט" is cp1251 read as cp1255; cp1251 'р'..'щ' read as cp874 are Thai digits).
_MISPLACED_RE = re.compile(r"[ךםןףץς](?=[^\W\d_])|[\u0e50-\u0e59](?=[^\W\d_])|(?<=[^\W\d_])[\u0e50-\u0e59]")
# A non-ASCII non-letter between two letters: "Wed³ug" (cp1250 'ł' read as latin-1), "bud؟etu".
# Apostrophes, hyphens, middle dot (Catalan l·l), soft hyphen, ZWNJ/ZWJ (Persian), Hebrew
# geresh/gershayim and combining marks are fine.
_IN_WORD_RE = re.compile(r"(?<=[^\W\d_])[^\s\x00-\x7f](?=[^\W\d_])")
_IN_WORD_OK = frozenset("\u2018\u2019\u02bc\u00b7\u00ad\u2010\u2011\u200c\u200d\u05f3\u05f4")
# A non-ASCII upper-case letter right after a lower-case one ("кхвЭснзуз", "рП"): the case bit of
# KOI8-R vs cp1251 (and friends) flipped.
_AFTER_LETTER_RE = re.compile(r"(?<=[^\W\d_])[^\W\d_\x00-\x7f]")


# Latin-1 symbols that cp1250/iso8859-2/cp1257 letters turn into ("±d", "¶rodę", "spadn¹"); real
# text puts them next to digits or spaces, not glued to a letter.
_LETTERLIKE_SYMBOLS = "±¶³²¹¼½¾¦¤¬¯¸¨´¢¥×÷"
_GLUED_SYMBOL_RE = re.compile(f"(?<=[^\\W\\d_])[{_LETTERLIKE_SYMBOLS}]|[{_LETTERLIKE_SYMBOLS}](?=[^\\W\\d_])")


def _symbols_in_words(sample: str) -> int:
    inside = sum(
        1
        for ch in _IN_WORD_RE.findall(sample)
        if not ch.isalpha()
        and ch not in _IN_WORD_OK
        and ch not in _LETTERLIKE_SYMBOLS
        and not unicodedata.category(ch).startswith("M")
    )
    return inside + len(_GLUED_SYMBOL_RE.findall(sample))


def _case_flips(sample: str) -> int:
    return sum(1 for m in _AFTER_LETTER_RE.finditer(sample) if m.group().isupper() and sample[m.start() - 1].islower())


# A non-ASCII letter touching an ASCII one: "franзais" is French in cp1252 read as cp1251.
_NEXT_TO_ASCII_RE = re.compile(r"(?<=[A-Za-z])[^\W\d_\x00-\x7f]|[^\W\d_\x00-\x7f](?=[A-Za-z])")


def _language_hint(data: bytes) -> frozenset | None:
    """Alphabet of the language named by the ASCII words, if the text is mostly ASCII letters."""
    sample = data[:65536]
    ascii_letters = len(_ASCII_LETTER_RE.findall(sample))
    if ascii_letters < 3 * len(_HIGH_RE.findall(sample)):  # not a Latin-script text
        return None
    hits: Counter[str] = Counter()
    for w in _ASCII_WORD_RE.findall(sample):
        w = w.decode("ascii").lower()
        for lang, words in _STOPWORD_SETS.items():
            if w in words:
                hits[lang] += 1
    ranked = hits.most_common(2)
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]):
        return None
    lang = ranked[0][0]
    return _HINT_ALPHABETS.get(lang, _ALPHABET_SETS.get(lang, _WESTERN))


def _assess(c: _Candidate, hint: frozenset | None) -> None:
    """Fill ``script`` and ``fit``: the share of non-ASCII letters that belong to one plausible
    alphabet, less tell-tale signs of a wrong code page (see the regexes above)."""
    sample = c.text  # already a sample, see _pick_detected
    letters = Counter(ch for ch in sample if ch.isalpha() and ord(ch) > 0x7F)
    # Hebrew points (niqqud; absent from news) and symbols inside words ("Wed³ug", "bud؟etu")
    # count as letters that fit no alphabet.
    junk = len(_HEBREW_POINTS_RE.findall(sample)) + _symbols_in_words(sample)
    total = sum(letters.values()) + junk
    if not total:
        c.fit, c.script = 1.0, "LATIN"
        return
    if not letters:
        c.fit, c.script = 0.0, "UNKNOWN"
        return
    scripts: Counter[str] = Counter()
    for ch, k in letters.items():
        scripts[_script(ch)] += k
    c.script = scripts.most_common(1)[0][0]
    if hint is not None:
        fitting = sum(k for ch, k in letters.items() if ch in hint)
    else:
        fitting = max(sum(k for ch, k in letters.items() if ch in alpha) for alpha in _ALPHABET_SETS.values())
        for members in _SCRIPT_GROUPS.values():
            fitting = max(fitting, sum(k for s, k in scripts.items() if s in members))
    bad = len(_MISPLACED_RE.findall(sample)) + _case_flips(sample)
    bad += sum(1 for ch in _NEXT_TO_ASCII_RE.findall(sample) if _script(ch) != "LATIN")
    fit = (fitting - bad) / total
    if c.script == "LATIN":
        # No Latin-script language writes most of its letters outside ASCII; cp1251 Russian
        # read as cp1252 ("Ïðèâåò") does.
        ascii_letters = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
        if total > ascii_letters:
            fit *= 0.5
    c.fit = max(fit, 0.0)


def _prior(c: _Candidate) -> int:
    ranks = [_PRIOR.index(a) for a in c.aliases if a in _PRIOR]
    return min(ranks) if ranks else len(_PRIOR)


def _western_name(data: bytes, text: str) -> str | None:
    """'cp1252' / 'latin-1' when that codec gives exactly ``text`` (prefer cp1252 iff 0x80-0x9f occur)."""
    enc = "cp1252" if _has_c1(data) else "latin-1"
    try:
        return enc if data.decode(enc) == text else None
    except UnicodeDecodeError:
        return None


def _proposals(data: bytes) -> list[tuple[str, tuple[str, ...]]]:
    """(encoding, aliases) to try: charset-normalizer's guesses first, then the common code pages.

    The second list matters: ``from_bytes`` prunes its search, and on a sentence of KOI8-R
    returns only a Shift-JIS reading (half-width katakana); on Polish ISO-8859-2 it can
    return iso8859_10/14 but not iso8859_2.
    """
    from charset_normalizer import from_bytes

    try:
        found = [(m.encoding, tuple(m.could_be_from_charset or [m.encoding])) for m in from_bytes(data)]
    except Exception:  # a heuristic library must not crash the pipeline; "no guess" instead
        found = []
    return found + [(enc, (enc,)) for enc in _COMMON]


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def _sample(text: str, windows: int = 16, width: int = 512) -> str:
    """Up to ``windows`` slices of ``width`` chars spread over the text, each starting near
    non-ASCII characters (an HTML head or English boilerplate says nothing about the code page)."""
    if len(text) <= windows * width:
        return text
    step = len(text) // windows
    parts = []
    for i in range(windows):
        m = _NON_ASCII_RE.search(text, i * step, (i + 1) * step)
        if m:
            s = max(0, m.start() - width // 4)
            parts.append(text[s : s + width])
    return "\n".join(parts) or text[: windows * width]


def _pick_detected(data: bytes, label: str) -> tuple[str, str]:
    """Best coherent reading; returns (encoding, text) or raises DecodeError('undecodable').

    Readings come from charset-normalizer plus the common code pages. Each is measured with
    charset-normalizer's own mess (chaos) and coherence detectors and scored

        fit - 2*chaos + 0.1*coherence - (0.2 if uncommon code page) + (0.02 if cp1252/latin-1)

    Readings with chaos above ``_MAX_CHAOS`` are not coherent and never accepted. The alphabet
    ``fit`` is there because chaos alone ties French-in-cp1250 ("trčs") with cp1252 ("très")
    and even prefers cp850 for English with a few cp1252 quotes; the small cp1252 bonus
    settles true ties (a lone 'à' reads as 'ą' in cp1257 just as cleanly).
    """
    from charset_normalizer.cd import coherence_ratio
    from charset_normalizer.md import mess_ratio

    hint = _language_hint(data)
    # Keyed by (hash, sample) of the full reading; only samples are kept, so a 64 MB input
    # never has more than one full decoded copy alive here.
    by_text: dict[tuple[int, str], _Candidate] = {}
    for i, (enc, aliases) in enumerate(_proposals(data)):
        try:  # decode the whole input ourselves, strictly
            full = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        sample = _sample(full)
        key = (hash(full), sample)
        del full
        if key in by_text:  # same reading from another code page: remember the name only
            known = by_text[key]
            known.aliases = tuple(dict.fromkeys(known.aliases + aliases + (enc,)))
            continue
        cand = _Candidate(enc, tuple(dict.fromkeys(aliases + (enc,))), sample, 0.0, 0.0, i)
        _assess(cand, hint)
        by_text[key] = cand
    if hint is not None and max((c.fit for c in by_text.values()), default=0.0) < 0.9:
        # No reading fits the hinted language: the stop words misled us (Czech "o", "na" are
        # Portuguese too). Judge against every alphabet instead.
        for cand in by_text.values():
            _assess(cand, None)
    cands: list[_Candidate] = []
    for cand in by_text.values():
        if cand.fit < 0.6:  # cheap filter before the (pricier) chaos measure
            continue
        try:
            cand.chaos = mess_ratio(cand.text, maximum_threshold=1.0)
            langs = coherence_ratio(cand.text)
        except Exception:  # see _proposals
            continue
        if cand.chaos > _MAX_CHAOS:
            continue
        cand.coherence = langs[0][1] if langs else 0.0
        common = any(a in _COMMON for a in cand.aliases)
        western = any(a in ("cp1252", "latin_1", "iso8859_15") for a in cand.aliases)
        cand.score = cand.fit - 2 * cand.chaos + 0.1 * cand.coherence
        cand.score += (0.0 if common else -0.2) + (0.02 if western else 0.0)
        cands.append(cand)
    if not cands:
        raise DecodeError(
            "undecodable", f"could not determine the text encoding of {label} (not UTF-8, no coherent reading)"
        )
    cands.sort(key=lambda c: (-round(c.score, 3), _prior(c), c.index))
    best = cands[0]
    # Short inputs: cp1251 'Привет' and cp1253 'Οπθβες' can be equally clean. When a reading
    # in another script scores about as well, refuse instead of guessing.
    rivals = [c for c in cands[1:] if c.script != best.script and c.score >= best.score - 0.05]
    if rivals:
        raise DecodeError(
            "undecodable",
            f"could not determine the text encoding of {label}: too little evidence to choose between "
            f"{best.encoding} ({best.script.lower()}) and {rivals[0].encoding} ({rivals[0].script.lower()})",
        )
    text = data.decode(best.encoding)
    enc = _western_name(data, text) or best.encoding.replace("_", "-")
    return enc, text


def _mostly_utf8(data: bytes) -> bool:
    """Invalid UTF-8 that is still mostly UTF-8 (see the module docstring for the policy).

    Real legacy text (cp125x, GBK, Shift-JIS...) forms valid multi-byte UTF-8 sequences only by
    accident, far fewer than its invalid ones; damaged UTF-8 is the other way round.
    """
    valid, invalid = _utf8_damage(data)
    return valid >= 3 and valid > invalid


def _utf8_damage(data: bytes) -> tuple[int, int]:
    """(valid multi-byte UTF-8 sequences, invalid sequences) -- to tell damaged UTF-8 from legacy text."""
    text = data.decode("utf-8", "replace")
    invalid = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - invalid
    return valid, invalid


# --------------------------------------------------------------------------- decode


def _finish(text: str, encoding: str, method: str, label: str) -> Decoded:
    if text.startswith("\ufeff"):
        text = text[1:]
    reason = _binary_text_reason(text)
    if reason:
        raise DecodeError("binary", f"{label}: {reason}")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text or text.isspace():
        raise DecodeError("empty", f"{label}: file contains only whitespace")
    return Decoded(text=text, encoding=encoding, method=method, compressed=False)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, *, declared: str | None = None, name: str = "") -> Decoded:
    """Decode ``data`` to text; see the module docstring for the order of evidence and the
    policy on damaged UTF-8.

    Raises ``DecodeError`` with check 'empty' (0 bytes / whitespace only), 'binary' (magic
    number of a known binary format, too many NUL/control bytes) or 'undecodable'.

    Details worth knowing:
    * a declared single-byte charset loses to UTF-8 when the bytes are valid, non-ASCII UTF-8
      (a stale ``<meta charset=iso-8859-1>`` on a UTF-8 page is common; the reverse is
      practically impossible for real text);
    * latin-1/ascii labels are decoded as cp1252, like browsers do;
    * a UTF-16/32 charset found *inside* the document is ignored: we could only read it
      because the bytes are ASCII-compatible, so the label is wrong (WHATWG does the same).
    """
    label = name or "input"
    _refuse_empty_or_binary(data, label)
    found = _by_bom(data, label)  # 1. BOM
    if isinstance(found, Decoded):
        return found
    data = found
    # 2. wide encodings without BOM (before the binary check: their NULs are legitimate)
    wide = _sniff_wide(data)
    if wide:
        text = _try(data, wide)
        if text is not None and _binary_text_reason(text) is None:
            return _finish(text, wide, "detected", label)
    reason = _binary_bytes_reason(data)
    if reason:
        raise DecodeError("binary", f"{label}: {reason}")
    utf8 = _try(data, "utf-8")
    damaged = utf8 is None and _mostly_utf8(data)
    by_label = _by_declared(data, declared, utf8, damaged, label)  # 3. declared charset
    if by_label is not None:
        return by_label
    # 4. strict UTF-8
    if utf8 is not None:
        return _finish(utf8, "utf-8", "utf-8", label)
    if damaged:
        valid, invalid = _utf8_damage(data)
        raise DecodeError(
            "undecodable",
            f"{label}: mostly UTF-8 but {invalid} invalid byte sequence(s) "
            f"next to {valid} valid ones (damaged file or mixed encodings)",
        )
    # 5. detection
    enc, text = _pick_detected(data, label)
    return _finish(text, enc, "detected", label)


def _refuse_empty_or_binary(data: bytes, label: str) -> None:
    if not data:
        raise DecodeError("empty", f"{label}: file is empty (0 bytes)")
    if data.isspace():  # not data.strip(): that would copy up to max_bytes
        raise DecodeError("empty", f"{label}: file contains only whitespace ({len(data):,} bytes)")
    kind = _magic_kind(data)
    if kind:
        raise DecodeError("binary", f"{label}: looks like a binary file ({kind}), not text")


def _by_bom(data: bytes, label: str) -> Decoded | bytes:
    """The text a byte-order mark announces, or the bytes to go on with (a UTF-8 BOM glued onto legacy text is
    dropped); DecodeError when the mark's encoding does not decode them."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _try(data, enc)
            if text is not None:
                return _finish(text, enc, "bom", label)
            if enc == "utf-8-sig":  # BOM glued onto legacy text: drop it, keep looking
                return data[len(bom) :]
            if enc == "utf-32" and bom == codecs.BOM_UTF32_LE:
                continue  # FF FE 00 00 may also be a UTF-16 LE BOM followed by U+0000
            raise DecodeError(
                "undecodable", f"{label}: has a {enc.upper()} byte-order mark but is not valid {enc.upper()}"
            )
    return data


def _by_declared(data: bytes, declared: str | None, utf8: str | None, damaged: bool, label: str) -> Decoded | None:
    """The text by the declared charset (given, or found in the document), or None to go on."""
    in_document = declared is None
    codec = _codec_name(declared) if declared else declared_charset(data)
    if codec and codec.startswith(("utf-16", "utf-32")) and (in_document or b"\x00" not in data):
        codec = None  # ASCII-compatible bytes cannot be UTF-16/32, whatever the label says
    if not codec or damaged:  # a legacy label on damaged UTF-8 would turn its valid part into mojibake
        return None
    if codec not in ("utf-8", "utf-8-sig") and utf8 is not None and not data.isascii():
        return _finish(utf8, "utf-8", "utf-8", label)  # stale label on a UTF-8 file
    for use in dict.fromkeys((_SUPERSETS.get(codec, codec), codec)):
        text = _try(data, use)
        if text is None:
            continue
        if codec in ("latin-1", "ascii") and not _has_c1(data):
            use = codec  # identical text; keep the declared name
        return _finish(text, use, "declared", label)
    return None


def read_text_file(data: bytes, name: str, max_bytes: int = 64 * 1024 * 1024) -> Decoded:
    """Size check, transparent gunzip (by magic bytes), then ``decode_bytes``."""
    if len(data) > max_bytes:
        raise DecodeError("too_large", f"{name or 'input'}: {len(data):,} bytes is over the limit of {max_bytes:,}")
    raw, compressed = gunzip_if_needed(data, name, max_bytes)
    return replace(decode_bytes(raw, name=name), compressed=compressed)


def read_text_lines(data: bytes, name: str, max_bytes: int = 64 * 1024 * 1024) -> list[str | DecodeError]:
    """A JSON Lines file as its lines (numbered from 1 by position), each a str or the DecodeError of that line
    alone. A file in one encoding (BOM, UTF-16/32, strict UTF-8) is decoded whole; otherwise lines that are valid
    UTF-8 stay UTF-8 and the others are decoded together (more evidence for detection), else one by one: one
    line in another encoding, or damaged, never changes how the other lines are read."""
    if len(data) > max_bytes:
        raise DecodeError("too_large", f"{name or 'input'}: {len(data):,} bytes is over the limit of {max_bytes:,}")
    raw, _ = gunzip_if_needed(data, name, max_bytes)
    try:
        whole = decode_bytes(raw, name=name)
        if whole.method in ("bom", "utf-8") or whole.encoding.startswith(("utf-16", "utf-32")):
            return list(whole.text.split("\n"))
    except DecodeError as exc:
        if exc.check != "undecodable":  # empty, binary: the file as a whole
            raise
    return decode_lines(raw.split(b"\n"), name)


def decode_lines(raw_lines: list[bytes], name: str = "", first: int = 1) -> list[str | DecodeError]:
    """Lines (bytes, no newline) as text one by one: valid UTF-8 stays UTF-8; the other lines are decoded together
    (more evidence for detection), else one by one, each a str or its own DecodeError. first: the number of the
    first line (for messages). Also what a part of a JSON Lines dump is read with (newsevents.read.jsonl)."""
    label = name or "input"
    lines: list[str | DecodeError] = []
    others: list[int] = []
    for n, line in enumerate(raw_lines):
        text = _try(line, "utf-8")
        if text is None:
            others.append(n)
        lines.append(text if text is not None else "")
    if others:
        try:
            joint = decode_bytes(b"\n".join(raw_lines[n].rstrip(b"\r") for n in others), name=name).text
            parts = joint.split("\n")
            if len(parts) != len(others):
                raise DecodeError("undecodable", "line count changed")
            for n, text in zip(others, parts):
                lines[n] = text
        except DecodeError:
            for n in others:
                try:
                    lines[n] = decode_bytes(raw_lines[n], name=f"{label} line {n + first}").text
                except DecodeError as exc:
                    lines[n] = exc
    return [x if isinstance(x, DecodeError) else x.replace("\r", "").replace("\x00", "") for x in lines]
