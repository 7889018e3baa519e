"""The explanatory report in Word, rendered from a docxtpl template (the default one, or the user's)."""

from __future__ import annotations

import datetime as dt
import io
from importlib import resources
from pathlib import Path
from typing import Any

from budgetkit.atomic import atomic_write, deterministic_zip

DEFAULT_TEMPLATE = "bao-cao-thuyet-minh.docx"
FIXED_TIME = dt.datetime(2026, 1, 1)


class TemplateProblem(Exception):
    """The user's template cannot be rendered (a Jinja syntax error, a damaged .docx)."""


def default_template() -> Path:
    """The Word template shipped with budgetkit."""
    return Path(str(resources.files("budgetkit.report").joinpath("templates", DEFAULT_TEMPLATE)))


def render_docx(context: dict[str, Any], target: Path, template: Path | None = None) -> None:
    """Render the report context into the Word template (the default one unless given) and write target; TemplateProblem when it cannot."""
    from docxtpl import DocxTemplate, RichText

    try:
        document = DocxTemplate(str(template or default_template()))
    except Exception as exc:
        raise TemplateProblem(f"không mở được mẫu Word ({exc.__class__.__name__})") from None
    values = dict(context)
    for key, size in (("execution_rows", 24), ("summary_rows", 24), ("category_rows", 22)):
        values[key] = [
            {**row, "label_rt": RichText(row["label"], bold=row["bold"], font="Times New Roman", size=size)} for row in context.get(key, [])
        ]
    try:
        document.render(values, autoescape=True)
    except Exception as exc:
        raise TemplateProblem(f"mẫu Word có lỗi: {exc.__class__.__name__}: {exc}") from None
    properties = document.docx.core_properties
    properties.author = properties.last_modified_by = "budgetkit"
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    atomic_write(target, deterministic_zip(buffer.getvalue()))
