"""Text handling shared by every reader: the matching rule, amounts typed as text, legacy encodings."""

from __future__ import annotations

import itertools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_WS = re.compile(r"\s+")
_MARKS = re.compile(r"[\u0300-\u036f]")


def nfc(value: str) -> str:
    """The text in NFC."""
    return unicodedata.normalize("NFC", value)


@lru_cache(maxsize=512)
def match_key(value: str) -> str:
    """The input format's matching rule: NFC, strip, case-fold, one space, diacritics ignored, đ as d."""
    folded = _WS.sub(" ", unicodedata.normalize("NFC", value).strip()).casefold().replace("đ", "d")
    if folded.isascii():
        return folded
    return _MARKS.sub("", unicodedata.normalize("NFD", folded))


def closest(value: str, candidates: list[str]) -> str | None:
    """The candidate closest to value under the matching rule (a suggestion, never an acceptance)."""
    import difflib

    keyed = {match_key(c): c for c in candidates}
    found = difflib.get_close_matches(match_key(value), list(keyed), n=1, cutoff=0.5)
    return keyed[found[0]] if found else None


# --- amounts typed as text -------------------------------------------------------------------

_SUFFIXES = re.compile(r"(triệu đồng|triệu|trđ|tr\.đ|đồng|đ)$", re.IGNORECASE)
_PLAIN = re.compile(r"[+-]?\d+(\.\d+)?")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(\.\d{3})+")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(,\d{3})+")
_DIGITS = re.compile(r"\d+")


def parse_plain_decimal(text: str) -> Decimal | None:
    """A machine-written decimal ("1234.5", "-3"), as YAML strings and programs write them."""
    text = text.strip()
    if _PLAIN.fullmatch(text):
        return Decimal(text)
    return None


def parse_amount_text(text: str) -> Decimal | None:
    """Read an amount typed as text, by the input format's rules ("1.234,5", "1,5", "1.234 triệu")."""
    s = nfc(text).strip()
    s = _SUFFIXES.sub("", s.casefold()).strip()
    s = re.sub(r"[\s\u00a0\u202f]", "", s)
    if not s:
        return None
    sign = ""
    if s[0] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    if not s or not (s[0].isdigit() and s[-1].isdigit()):
        return None
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        decimal_mark = "." if s.rfind(".") > s.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        whole, _, frac = s.rpartition(decimal_mark)
        grouped = _THOUSANDS_COMMA if group_mark == "," else _THOUSANDS_DOT
        if not (grouped.fullmatch(whole) or _DIGITS.fullmatch(whole)) or not _DIGITS.fullmatch(frac):
            return None
        number = whole.replace(group_mark, "") + "." + frac
    elif has_comma:
        whole, _, frac = s.partition(",")
        if "," in frac or not _DIGITS.fullmatch(whole) or not _DIGITS.fullmatch(frac):
            return None
        number = whole + "." + frac
    elif has_dot:
        if _THOUSANDS_DOT.fullmatch(s):
            number = s.replace(".", "")
        elif s.count(".") == 1:
            number = s
        else:
            return None
    else:
        if not _DIGITS.fullmatch(s):
            return None
        number = s
    try:
        return Decimal(sign + number)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only digits
        return None


# --- legacy 8-bit Vietnamese encodings (F007) ------------------------------------------------

_TCVN3_FROM = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦"
_TCVN3_TO = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
_TCVN3_TABLE = str.maketrans(_TCVN3_FROM, _TCVN3_TO)
# Characters TCVN3 leaves in Unicode text that proper Vietnamese never uses.
_TCVN3_MARKERS = frozenset("µ¸¶·¹¨»¾¼½©ª«¬®\xad¡¢§£¤¥¦")

_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_TONES_HAT = {"á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_TONES_BREVE = {"é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_MARKER = re.compile(r"[A-Za-z][øûïäåëüæöØÛÏÄÅËÜÆÖ]|[ñÑ]")


def _vni_pattern() -> re.Pattern[str]:
    tone = "".join(_VNI_TONES) + "".join(_VNI_TONES).upper()
    hat_tone = "".join(_VNI_TONES_HAT) + "".join(_VNI_TONES_HAT).upper()
    breve_tone = "".join(_VNI_TONES_BREVE) + "".join(_VNI_TONES_BREVE).upper()
    return re.compile(
        rf"([aeoAEO])([âÂ])|([aeoAEO])([{hat_tone}])(?=[^{tone}]|$)|([aA])([êÊ])|([aA])([{breve_tone}])"
        rf"|([ôÔöÖ])([{tone}])?|([aeiouyAEIOUY])([{tone}])|([ñÑ])|([íìæóòÍÌÆÓÒ])"
    )


_VNI_RE = _vni_pattern()
_VNI_I = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}


def _vni_sub(m: re.Match[str]) -> str:
    g = m.groups()
    if g[0]:  # circumflex alone
        return unicodedata.normalize("NFC", g[0] + "\u0302")
    if g[2]:  # circumflex with a tone
        return unicodedata.normalize("NFC", g[2] + "\u0302" + _VNI_TONES_HAT[g[3].lower()])
    if g[4]:  # breve alone
        return unicodedata.normalize("NFC", g[4] + "\u0306")
    if g[6]:  # breve with a tone
        return unicodedata.normalize("NFC", g[6] + "\u0306" + _VNI_TONES_BREVE[g[7].lower()])
    if g[8]:  # ơ / ư, with an optional tone
        base = {"ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư"}[g[8]]
        return unicodedata.normalize("NFC", base + (_VNI_TONES[g[9].lower()] if g[9] else ""))
    if g[10]:
        return unicodedata.normalize("NFC", g[10] + _VNI_TONES[g[11].lower()])
    if g[12]:
        return "đ" if g[12] == "ñ" else "Đ"
    ch = g[13]
    return _VNI_I[ch.lower()].upper() if ch.isupper() else _VNI_I[ch]


def _is_vietnamese_letter(ch: str) -> bool:
    if ch in "đĐ":
        return True
    base = unicodedata.normalize("NFD", ch)[0]
    return "a" <= base.lower() <= "z" and all(c in _VIETNAMESE_MARKS for c in unicodedata.normalize("NFD", ch)[1:])


_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


_FOREIGN_CACHE: dict[str, bool] = {}


def _foreign(ch: str) -> bool:
    """A non-ASCII character that proper Vietnamese text does not use (what legacy text leaves)."""
    hit = _FOREIGN_CACHE.get(ch)
    if hit is None:
        hit = _FOREIGN_CACHE[ch] = (ch in _TCVN3_FROM or ch in _VNI_CHARS) and not _is_vietnamese_letter(ch)
    return hit


_VNI_CHARS = frozenset("øùûõïâêäãåáàéèúüëôöñíìæóò" + "øùûõïâêäãåáàéèúüëôöñíìæóò".upper())
_FOREIGN_SET = frozenset(c for c in set(_TCVN3_FROM) | _VNI_CHARS if not _is_vietnamese_letter(c))
_FOREIGN_RE = re.compile("[" + re.escape("".join(sorted(_FOREIGN_SET))) + "]")


def _weirdness(text: str) -> int:
    """How little text reads as Vietnamese: foreign characters, and capitals inside a word."""
    flips = sum(1 for a, b in itertools.pairwise(text) if a.islower() and b.isupper())
    return sum(1 for ch in text if not ch.isascii() and _foreign(ch)) + flips


def detect_legacy(text: str) -> tuple[str, str | None] | None:
    """(encoding, converted text or None) when text reads as TCVN3 or VNI; None for proper Unicode.

    Needs at least two characters that proper Vietnamese never uses, so that one stray symbol never
    fires. Both conversions are tried and the one that reads as Vietnamese wins; the converted text
    is given only where it is certain (nothing foreign is left in it).
    """
    if text.isascii() or _FOREIGN_SET.isdisjoint(text) or len(_FOREIGN_RE.findall(text)) < 2:
        return None
    tcvn3 = nfc(text.translate(_TCVN3_TABLE))
    vni = nfc(_VNI_RE.sub(_vni_sub, text))
    score_tcvn3, score_vni = _weirdness(tcvn3), _weirdness(vni)
    if score_tcvn3 < score_vni or (score_tcvn3 == score_vni and any(c in _TCVN3_MARKERS for c in text)):
        return "TCVN3", tcvn3 if score_tcvn3 == 0 else None
    return "VNI", vni if score_vni == 0 else None


# --- text from untrusted files, made safe to show ------------------------------------------------

# C0 and C1 controls (but tab and newline), DEL, and the bidirectional embeddings, overrides, isolates
# and marks: on a terminal ESC starts a control sequence (clear the screen, print a fake green "ĐẠT"),
# U+202E turns the rest of a line around; in a document or a cell comment they are invalid or deceive.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ECHO_CHARS = 120  # a value echoed in a finding: enough to recognise it


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutral(text: str, limit: int | None = None, one_line: bool = False) -> str:
    """text with every control and bidi character shown as an escape (\\x1b, \\u202e), cut to limit
    characters (with "…") when given; one_line escapes newlines and tabs too."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    if text.isascii() and text.isprintable():
        return text
    return (_UNSAFE_LINE if one_line else _UNSAFE).sub(_visible, text)


def shown_path(path: object) -> str:
    """A file name as a person can read it: bytes that are not UTF-8 (what unzipping a Windows zip
    leaves) as \\xNN, controls and bidi characters as escapes."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return neutral(text, one_line=True)
