"""The estimate calendar of a pack (Decree 73/2026 Điều 15 for 2027): how many days are left."""

from __future__ import annotations

import datetime as dt
import os

from budgetkit.guidance import Pack


def today() -> dt.date:
    """Today's date; BUDGETKIT_TODAY=YYYY-MM-DD sets it (tests, or checking a past cycle's files)."""
    given = os.environ.get("BUDGETKIT_TODAY", "").strip()
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            pass
    return dt.date.today()


def submit_note(pack: Pack, on: dt.date | None = None, lang: str = "vi") -> str | None:
    """One line on the pack's submission deadline ("hạn gửi ... còn N ngày"); None when the pack has no calendar."""
    calendar = pack.calendar
    if calendar is None:
        return None
    deadline = calendar.deadline(calendar.submit)
    if deadline is None:
        return None
    on = on or today()
    days = (deadline.date - on).days
    when = f"{deadline.date.day}/{deadline.date.month}/{deadline.date.year}"
    if lang == "vi":
        left = f"còn {days} ngày" if days > 0 else ("hôm nay là hạn" if days == 0 else f"đã quá hạn {-days} ngày")
        text = f"Hạn gửi dự toán năm {pack.budget_year}: trước ngày {when} ({left}) - {deadline.who} {deadline.what} ({deadline.citation})."
        if calendar.note:
            text += " " + calendar.note
        return text
    left = f"{days} days left" if days > 0 else ("due today" if days == 0 else f"{-days} days overdue")
    before = deadline.date.isoformat()
    return f"Deadline for the {pack.budget_year} estimate: before {before} ({left}) - {deadline.what_en} ({deadline.citation})."
