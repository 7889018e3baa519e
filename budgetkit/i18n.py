"""Language choice and the Vietnamese and English number formats."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


def fmt_amount(value: Decimal | int | None, lang: str = "vi", places: int | None = None) -> str:
    """1.234,5 in Vietnamese, 1,234.5 in English; never an exponent."""
    if value is None:
        return ""
    d = Decimal(value)
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places))
    text = f"{d:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".") if places is None else text
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_percent(value: Decimal | None, lang: str = "vi", places: int = 1) -> str:
    """A ratio as a percentage in the language's notation (0.125 -> "12,5%"); "" for None."""
    if value is None:
        return ""
    return fmt_amount(value * 100, lang, places) + "%"


def plain_decimal(value: Decimal) -> str:
    """An exact fixed-point decimal string for JSON: no exponent, no trailing zeros."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Values a finding keeps in its context (its params), language-neutral: each is rendered in the language
# asked for only when the message is shown (registry.render_value).


@dataclass(frozen=True, slots=True)
class Percent:
    """A share or a change as a fraction (0.021 is 2,1% / 2.1%), shown with `places` decimals;
    `signed` puts a "+" before an increase."""

    value: Decimal
    places: int = 1
    signed: bool = False

    def render(self, lang: str) -> str:
        """The percent in the language's number format."""
        return ("+" if self.signed and self.value > 0 else "") + fmt_percent(self.value, lang, self.places)


@dataclass(frozen=True, slots=True)
class Digits:
    """A number written without thousands separators, with the language's decimal mark
    (1234,5 in Vietnamese, 1234.5 in English): how a number typed as text was read."""

    value: Decimal

    def render(self, lang: str) -> str:
        """The digits, with a decimal comma in Vietnamese."""
        text = plain_decimal(self.value)
        return text.replace(".", ",") if lang == "vi" else text


@dataclass(frozen=True, slots=True)
class Label:
    """An enumerated value of the pack: its Vietnamese label in Vietnamese, its code in English
    (as Pack.label renders it)."""

    code: str
    label: str

    def render(self, lang: str) -> str:
        """The label or the code."""
        return self.label if lang == "vi" else self.code


@dataclass(frozen=True, slots=True)
class Said:
    """A short text of the program's own in both languages (what is wrong in a YAML file's syntax)."""

    vi: str
    en: str

    def render(self, lang: str) -> str:
        """The text in the language asked for."""
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True, slots=True)
class FileList:
    """Files named in a message: a few of them and how many more (every path stays in the finding's
    `files`)."""

    paths: tuple[str, ...]
    shown: int = 3

    def render(self, lang: str) -> str:
        """ "a, b, c và 9 tệp khác" / "a, b, c and 9 more files"."""
        if len(self.paths) <= self.shown + 1:
            return ", ".join(self.paths)
        rest = len(self.paths) - self.shown
        return ", ".join(self.paths[: self.shown]) + (f" và {rest} tệp khác" if lang == "vi" else f" and {rest} more files")
