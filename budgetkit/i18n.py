"""Language choice and the Vietnamese and English number formats."""

from __future__ import annotations

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
    if value is None:
        return ""
    return fmt_amount(value * 100, lang, places) + "%"


def plain_decimal(value: Decimal) -> str:
    """An exact fixed-point decimal string for JSON: no exponent, no trailing zeros."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
