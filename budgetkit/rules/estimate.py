"""S - the estimate as a whole."""

from __future__ import annotations

from collections.abc import Iterator

from budgetkit.findings import Finding
from budgetkit.rules.engine import Context
from budgetkit.rules.registry import register


@register(
    "S004",
    title=("Tệp có ít nhất một dòng", "The file has at least one line"),
    message=("Tệp không có dòng dự toán nào.", "The file has no budget line."),
    what="Tệp dự toán có ít nhất một dòng nhiệm vụ hoặc nội dung chi.",
    why="Một tệp không có dòng nào thường là gửi nhầm mẫu trống.",
    failing="lines: []",
    passing="lines:\n  - id: CDS-01\n    ...",
)
def check_has_lines(ctx: Context) -> Iterator[Finding | None]:
    if not ctx.lines:
        yield ctx.finding("S004")
