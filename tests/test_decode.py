"""newsevents.read.decode: raw bytes -> clean text or a DecodeError, never mojibake.

Every input is built inside its test from a str with .encode(...), at realistic lengths (a
sentence or two): charset-normalizer cannot be asked to tell code pages apart on three words.
"""

from __future__ import annotations

import dataclasses
import gzip
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.read.decode import (
    Decoded,
    DecodeError,
    declared_charset,
    decode_bytes,
    gunzip_if_needed,
    read_text_file,
)

RU = (
    "Правительство России в среду объявило о новых мерах поддержки экономики. "
    "По словам министра финансов, дефицит бюджета в следующем году сократится."
)
AZ = "Bakı şəhərində keçirilən görüşdə Ağdam rayonunun bərpası müzakirə olunub. Nazir yeni məktəblərin açılacağını bildirib."
FR = "Le gouvernement a présenté mercredi un projet très attendu sur l'énergie. Selon le ministre, les prix baisseront dès l'été."
DE = "Die Bundesregierung hat am Mittwoch ein Gesetz vorgestellt. Nach Angaben des Ministers sinken die Strompreise ab nächstem Sommer, außerdem für Bäckereien."
FR_QUOTES = "\u201cNous ne reculerons pas\u201d, a déclaré le ministre \u2013 un jour après les grèves à Paris. L\u2019économie française résiste\u2026"
DE_QUOTES = "Der Kanzler sagte: \u201eWir müssen jetzt handeln\u201c \u2013 die Gespräche über die Straße dauern an. Das kostet 5\u20ac pro Kopf."
EN = "Negotiators from both delegations met in Baku on Tuesday to resume talks that stalled in the autumn."


def _decode(data: bytes, **kw) -> Decoded:
    d = decode_bytes(data, **kw)
    assert "\x00" not in d.text and "\r" not in d.text and not d.text.startswith("\ufeff")
    return d


# --------------------------------------------------------------------------- the required cases


def test_russian_cp1251():
    d = _decode(RU.encode("cp1251"))
    assert (d.text, d.encoding, d.method) == (RU, "cp1251", "detected")


def test_russian_koi8_r():
    # Alone, charset-normalizer's from_bytes offers only a Shift-JIS reading for some KOI8-R
    # sentences; decode.py also measures the common code pages itself.
    d = _decode(RU.encode("koi8-r"))
    assert (d.text, d.encoding, d.method) == (RU, "koi8-r", "detected")


def test_azerbaijani_utf8():
    d = _decode(AZ.encode("utf-8"))
    assert (d.text, d.encoding, d.method) == (AZ, "utf-8", "utf-8")
    assert all(ch in d.text for ch in "əşğı")


@pytest.mark.parametrize("text", [FR, DE], ids=["french", "german"])
def test_latin1(text):
    # charset-normalizer's best() reads latin-1 French as cp1250 ("trčs"); the alphabet check fixes it.
    d = _decode(text.encode("latin-1"))
    assert (d.text, d.encoding, d.method) == (text, "latin-1", "detected")


@pytest.mark.parametrize("text", [FR_QUOTES, DE_QUOTES], ids=["french", "german"])
def test_cp1252_with_curly_quotes(text):
    data = text.encode("cp1252")
    assert b"\x93" in data or b"\x84" in data  # really uses the 0x80-0x9f range
    d = _decode(data)
    assert (d.text, d.encoding, d.method) == (text, "cp1252", "detected")


def test_cp1252_quotes_0x93_0x94_become_curly_not_c1_controls():
    d = _decode(b"The minister said \x93we will not back down\x94 on Tuesday, and the caf\xe9 closed early.")
    assert "\u201cwe will not back down\u201d" in d.text and "caf\u00e9" in d.text
    assert d.encoding == "cp1252"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    text = RU + "\n" + FR
    d = _decode("\ufeff".encode(codec) + text.encode(codec))
    assert (d.text, d.encoding, d.method) == (text, "utf-16", "bom")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [EN, RU], ids=["english", "russian"])
def test_utf16_without_bom(codec, text):
    d = _decode(text.encode(codec))
    assert (d.text, d.encoding, d.method) == (text, codec, "detected")


def test_utf8_bom_and_crlf():
    d = _decode("\ufeffFirst line, café\r\nSecond line\r\nThird\rFourth\r\n".encode("utf-8"))
    assert d.text == "First line, café\nSecond line\nThird\nFourth\n"
    assert (d.encoding, d.method) == ("utf-8-sig", "bom")


def test_utf32_with_bom():
    d = _decode(("\ufeff" + AZ).encode("utf-32-le"))
    assert (d.text, d.encoding, d.method) == (AZ, "utf-32", "bom")


def test_utf16_bom_with_odd_length_is_refused():
    with pytest.raises(DecodeError) as e:
        decode_bytes(b"\xff\xfe" + EN.encode("utf-16-le") + b"x")
    assert e.value.check == "undecodable" and "UTF-16" in e.value.reason


# --------------------------------------------------------------------------- empty / binary


def test_empty_file():
    with pytest.raises(DecodeError) as e:
        read_text_file(b"", "a.txt")
    assert e.value.check == "empty" and "0 bytes" in e.value.reason


@pytest.mark.parametrize("data", [b"   \n\t\r\n  ", "\ufeff  \r\n".encode("utf-8"), " \n ".encode("utf-16")])
def test_whitespace_only(data):
    with pytest.raises(DecodeError) as e:
        read_text_file(data, "a.txt")
    assert e.value.check == "empty"


def test_png_header():
    with pytest.raises(DecodeError) as e:
        read_text_file(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "logo.png")
    assert e.value.check == "binary" and "PNG image" in e.value.reason


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    ],
)
def test_other_magic_numbers(head, what):
    with pytest.raises(DecodeError) as e:
        decode_bytes(head + b"some trailing bytes that happen to be ASCII")
    assert e.value.check == "binary" and what in e.value.reason


def test_random_binary():
    data = random.Random(42).randbytes(4096)
    with pytest.raises(DecodeError) as e:
        read_text_file(data, "blob.bin")
    assert e.value.check == "binary"


def test_stray_nul_in_long_text_is_dropped():
    d = _decode((EN * 20 + "\x00" + EN).encode("utf-8"))
    assert d.text == EN * 21


# --------------------------------------------------------------------------- gzip


@pytest.mark.parametrize("name", ["article.txt.gz", "article.txt"])
def test_gzip_detected_by_magic(name):
    d = read_text_file(gzip.compress((AZ + "\r\n").encode("utf-8")), name)
    assert (d.text, d.encoding, d.compressed) == (AZ + "\n", "utf-8", True)


def test_gz_name_without_gzip_magic_is_read_as_is():
    d = read_text_file(EN.encode("utf-8"), "already-decompressed.gz")
    assert (d.text, d.compressed) == (EN, False)


def test_gzip_of_legacy_text_is_detected_after_decompression():
    d = read_text_file(gzip.compress(RU.encode("cp1251")), "ru.gz")
    assert (d.text, d.encoding, d.compressed) == (RU, "cp1251", True)


@pytest.mark.parametrize("cut", [10, -8, -1])
def test_truncated_gzip(cut):
    blob = gzip.compress((EN * 50).encode())
    with pytest.raises(DecodeError) as e:
        read_text_file(blob[:cut], "a.gz")
    assert e.value.check == "gzip_corrupt"


def test_corrupt_gzip_crc():
    blob = bytearray(gzip.compress((EN * 50).encode()))
    blob[-6] ^= 0xFF  # inside the CRC32 trailer
    with pytest.raises(DecodeError) as e:
        read_text_file(bytes(blob), "a.gz")
    assert e.value.check == "gzip_corrupt"


def test_gzip_bomb_is_capped():
    bomb = gzip.compress(bytes(10 * 1024 * 1024))  # 10 MB of zeros -> ~10 KB
    start = time.perf_counter()
    with pytest.raises(DecodeError) as e:
        read_text_file(bomb, "bomb.gz", max_bytes=1024 * 1024)
    assert e.value.check == "too_large"
    assert time.perf_counter() - start < 2  # stopped at the cap, not after inflating 10 MB


def test_gunzip_exact_limit_is_allowed():
    data, was_gz = gunzip_if_needed(gzip.compress(b"x" * 1000), "a.gz", max_bytes=1000)
    assert (len(data), was_gz) == (1000, True)


def test_raw_input_over_the_limit():
    with pytest.raises(DecodeError) as e:
        read_text_file(b"a" * 2001, "big.txt", max_bytes=2000)
    assert e.value.check == "too_large"


# --------------------------------------------------------------------------- damaged UTF-8


def test_invalid_byte_in_mostly_utf8_text_is_refused():
    # Policy (module docstring): valid UTF-8 with a stray byte is damaged/mixed; any single
    # legacy code page would garble the Cyrillic, so refuse rather than guess.
    data = RU.encode("utf-8") + b" caf\xe9 " + AZ.encode("utf-8")
    with pytest.raises(DecodeError) as e:
        decode_bytes(data)
    assert e.value.check == "undecodable" and "mostly UTF-8" in e.value.reason


def test_invalid_utf8_refused_even_with_legacy_declaration():
    data = b'<meta charset="windows-1252">' + RU.encode("utf-8") + b"\xe9"
    with pytest.raises(DecodeError) as e:
        decode_bytes(data)
    assert e.value.check == "undecodable"


def test_stray_latin1_byte_in_ascii_text_is_latin1():
    # Not UTF-8 at all: detection gives a coherent Latin-1 reading.
    d = _decode(b"Officials met at the caf\xe9 near the ministry on Tuesday to discuss the budget.")
    assert "caf\u00e9 near" in d.text and d.encoding == "latin-1" and d.method == "detected"


# --------------------------------------------------------------------------- declared charset


def test_meta_charset_is_honoured():
    page = '<html><head><meta charset="windows-1251"><title>Новости</title></head><body>' + RU + "</body></html>"
    d = _decode(page.encode("cp1251"))
    assert (d.text, d.encoding, d.method) == (page, "cp1251", "declared")


def test_meta_http_equiv_and_xml_declaration():
    page = '<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">' + RU
    assert declared_charset(page.encode("koi8-r")) == "koi8-r"
    assert _decode(page.encode("koi8-r")).text == page
    xml = '<?xml version="1.0" encoding="ISO-8859-1"?><p>' + FR + "</p>"
    assert declared_charset(xml.encode("latin-1")) == "latin-1"


def test_declared_argument_wins_over_detection():
    data = FR.encode("latin-1")
    assert _decode(data).encoding == "latin-1"
    # The caller's label (e.g. an HTTP header) is evidence that outranks guessing, as long as
    # it decodes strictly: here it reads "très" as "trčs", and that is the caller's call.
    d = _decode(data, declared="windows-1250")
    assert (d.text, d.encoding, d.method) == (data.decode("cp1250"), "cp1250", "declared")


def test_declared_latin1_decodes_curly_quotes_like_a_browser():
    d = _decode(b'<meta charset="iso-8859-1"><p>\x93Oui\x94, dit-il.</p>')
    assert "\u201cOui\u201d" in d.text and (d.encoding, d.method) == ("cp1252", "declared")


def test_stale_legacy_meta_on_utf8_file_reads_utf8():
    page = '<meta charset="iso-8859-1"><p>' + AZ + "</p>"
    d = _decode(page.encode("utf-8"))
    assert (d.text, d.encoding, d.method) == (page, "utf-8", "utf-8")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"<meta charset=utf-8>", "utf-8"),
        (b"<META CHARSET='Windows-1254'>", "cp1254"),
        (b"<meta charset=x-no-such-codec>", None),
        (b"<meta charset=base64>", None),  # a Python codec, but not a charset
        (b"<meta charset=utf-7>", None),
        (b"<p>no declaration</p>", None),
    ],
)
def test_declared_charset_labels(head, expected):
    assert declared_charset(head) == expected


def test_declaration_after_4kb_is_ignored():
    assert declared_charset(b" " * 5000 + b'<meta charset="cp1251">') is None


# --------------------------------------------------------------------------- more code pages and short input


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Cumhurbaşkanı çarşamba günü Ankara'da yaptığı açıklamada yeni ekonomik reform paketini duyurdu.", "cp1254"),
        (
            "Rząd Polski przedstawił w środę długo oczekiwaną ustawę o energetyce. Według ministra ceny prądu spadną.",
            "cp1250",
        ),
        ("Уряд України в середу оголосив нові заходи підтримки економіки, повідомляє агентство.", "cp1251"),
        ("Il governo ha presentato mercoledì un disegno di legge sull'energia, perché la città è in crisi.", "cp1252"),
    ],
)
def test_other_legacy_code_pages(text, codec):
    assert _decode(text.encode(codec)).text == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [("Привет, как дела?", "cp1251"), ("Привет, как дела?", "koi8-r"), ("Espa\u00f1a gana.", "latin-1")],
)
def test_short_legacy_input_is_right_or_refused(text, codec):
    # Too little text to be sure: a refusal is acceptable, a wrong reading is not.
    try:
        assert decode_bytes(text.encode(codec)).text == text
    except DecodeError as e:
        assert e.check == "undecodable"


def test_decoded_is_frozen():
    d = _decode(EN.encode())
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.text = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------- property


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2000),
        # text-like bytes reach the detection path instead of the binary check
        st.lists(st.sampled_from(list(b" etaoinsrhld.,\n\r") + list(range(0x80, 0x100))), max_size=2000).map(bytes),
        st.binary(max_size=2000).map(gzip.compress),
    )
)
def test_arbitrary_bytes_decode_or_raise_decode_error(data):
    try:
        d = read_text_file(data, "fuzz.txt")
    except DecodeError as e:
        assert e.check in {"empty", "binary", "gzip_corrupt", "undecodable", "too_large"} and e.reason
    else:
        assert isinstance(d, Decoded) and isinstance(d.text, str) and d.text.strip()
        assert "\x00" not in d.text and "\r" not in d.text


def test_riff_container_inside_gzip_is_named_not_a_crash():
    with pytest.raises(DecodeError) as err:
        read_text_file(gzip.compress(b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(64)), "sound.txt.gz")
    assert err.value.check == "binary" and "WAV" in err.value.reason
