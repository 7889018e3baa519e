"""The guidance pack: every vocabulary, threshold, limit and citation that can change by year."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)

from budgetkit.findings import Severity
from budgetkit.normalize import match_key

# A rule's setting in a pack: a severity (findings.Severity), or "off" (a pack setting, not a severity of a
# finding). Written out so that a pack's mistake is told as "one of 'error', 'warning', 'info' or 'off'".
SeverityOrOff = Literal["error", "warning", "info", "off"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EnumValue(_Model):
    """One allowed value of an enumeration: its label as the template shows it, its short form, other spellings."""

    label: str
    short: str
    forms: list[str] = Field(default_factory=list)


class Category(_Model):
    """A content category: its pillar, the spending types it allows and its title."""

    pillar: str
    spending: list[str]
    title: str


class RuleSettings(_Model):
    """A rule's setting in the pack: severity (or "off"), citation ("-" for none) and, optionally, the
    citation in English (citation_en, shown with --lang en; without it English output shows the Vietnamese)."""

    severity: SeverityOrOff
    citation: str = "-"
    citation_en: str | None = None

    @field_validator("severity", mode="before")
    @classmethod
    def _yaml_off(cls, value: Any) -> Any:
        # YAML 1.1 reads a bare `off` as false: that is what the province meant.
        return "off" if value is False else value


class Thresholds(_Model):
    """The pack's thresholds: shares, change limits, the sum tolerance, the largest plausible amounts, the year range."""

    total_share_min: Decimal
    strategic_research_share_min: Decimal = Decimal("0.15")
    low_execution_rate: Decimal
    line_change_max: Decimal
    group_change_max: Decimal
    sum_tolerance: Decimal
    max_line_amount: dict[str, Decimal]
    year_min: int
    year_max_ahead: int


class Limits(_Model):
    """The work budget of one file (docs/security.md): sizes, rows, cells, sheets, styles and YAML depth and nodes."""

    file_bytes: int
    part_bytes: int
    part_ratio: int
    part_ratio_min_bytes: int
    sheet_rows: int
    yaml_bytes: int
    yaml_depth: int
    # The work budget of one file (docs/security.md); a pack that leaves one out gets these.
    sheet_cells: int = 4_000_000  # a sheet's extent: last row x last column of every cell and <dimension>
    sheets: int = 50
    styles: int = 20_000  # cell formats, fonts, fills, borders, number formats, differential formats
    merged_cells: int = 200_000  # cells covered by merged ranges, all sheets together
    value_chars: int = 32_767  # one cell's or YAML value's characters (Excel's own cell limit)
    yaml_nodes: int = 500_000
    findings: int = 1_000  # then one summarising F008
    memory_bytes: int = 400_000_000  # address space a worker may add for one file
    cpu_seconds: int = 8  # CPU time for one file
    wall_seconds: int = 20  # clock time without an answer from the worker
    upload_files: int = 1000  # serve: files in one request (or members of one .zip)
    upload_bytes: int = 100_000_000  # serve: one request's body, and a .zip's expanded size


class StrategicTechnologies(_Model):
    """The decision that lists the strategic technologies, and their codes."""

    decision: str
    codes: list[str]


class Deadline(_Model):
    """One date of the estimate calendar (Decree 73/2026 Điều 15 for the 2027 cycle)."""

    key: str
    date: date
    who: str
    what: str
    what_en: str
    citation: str


class Calendar(_Model):
    """The year's deadlines and their source; submit names the one `batch` shows as "hạn gửi"."""

    source: str = ""
    submit: str  # the key of the deadline `batch` shows as "hạn gửi"
    deadlines: list[Deadline]
    note: str | None = None  # what the calendar does not say (a province's own dates)

    def deadline(self, key: str) -> Deadline | None:
        """The deadline of that key; None when the calendar has none."""
        return next((d for d in self.deadlines if d.key == key), None)


class CrosswalkEntry(_Model):
    """What an old code became in this year's pack, and what the unit should verify after the mapping."""

    to: list[str]
    check: str | None = None  # what the unit should verify after the mapping (Vietnamese)


class Crosswalk(_Model):
    """How the codes of the previous year's pack read in this one (rollover, P003's hint)."""

    from_year: int
    priorities: dict[str, CrosswalkEntry] = Field(default_factory=dict)
    categories: dict[str, CrosswalkEntry] = Field(default_factory=dict)


class BudgetIndex(_Model):
    """The Loại - Khoản codes of the budget index (Circular 130/2025/TT-BTC, Phụ lục II)."""

    source: str
    sector: str  # the Loại of the sector ("100")
    loai: dict[str, str]  # every Loại code -> its title
    codes: dict[str, str] = Field(default_factory=dict)  # "LLL-KKK" -> title (the sector's and those confused with it)
    strategic: list[str] = Field(default_factory=list)  # codes of strategic technology (C006)
    strategic_research: list[str] = Field(default_factory=list)  # research on strategic technology (S005)


DEFAULT_SECTORS = {
    "education": {
        "label": "Giáo dục - đào tạo và dạy nghề",
        "short": "GD-ĐT",
        "forms": ["Giáo dục", "Giáo dục - đào tạo", "Giáo dục, đào tạo và dạy nghề"],
    },
    "health": {"label": "Y tế, dân số và gia đình", "short": "Y tế", "forms": ["Y tế - dân số và gia đình"]},
}
_CODE_RE = re.compile(r"(\d{3})\s*[-–.]\s*(\d{3})")


class Pack(_Model):
    """One budget year's guidance pack (budgetkit/guidance/packs/*.yaml), validated: what every rule and output reads."""

    id: str
    budget_year: int
    pack_version: str
    title: str
    document: str
    legal_bases: list[str]
    enums: dict[str, dict[str, EnumValue]]
    categories: dict[str, Category]
    priorities: dict[str, str]
    strategic_technologies: StrategicTechnologies
    budget_codes: dict[str, list[str]]
    budget_index: BudgetIndex | None = None
    form_notes: dict[str, str] = Field(default_factory=dict)  # Biểu -> the footnote naming the article it answers
    # Template help of a column or unit field that cites a text of the year (key -> the whole help text);
    # keys not listed keep the help of budgetkit/authoring/input_workbook.py (COLUMN_HELP, UNIT_NOTES).
    field_help: dict[str, str] = Field(default_factory=dict)
    thresholds: Thresholds
    limits: Limits
    keywords: dict[str, list[str]]
    rules: dict[str, RuleSettings]
    calendar: Calendar | None = None
    crosswalk: Crosswalk | None = None
    unknowns: list[str] = Field(default_factory=list)  # what no public text settles for this year
    provisional: bool = False  # not the default pack while the year's own guidance is not public
    source: str = "built-in"
    _memo: dict[str, Any] = PrivateAttr(default_factory=dict)

    @field_validator("legal_bases")
    @classmethod
    def _bare_bases(cls, value: list[str]) -> list[str]:
        # A legal basis is kept without the punctuation of the list it sits in (";" after each, "." after
        # the last): the report adds it (legal_bases_listed), and two packs citing one text agree.
        return [" ".join(item.split()).rstrip(";.,").rstrip() for item in value]

    @field_validator("enums", mode="before")
    @classmethod
    def _default_sector(cls, value: Any) -> Any:
        # Packs written before 2026.2 have no "sector" list (Phục vụ lĩnh vực): the law's two sectors.
        if isinstance(value, dict) and "sector" not in value:
            value = {**value, "sector": DEFAULT_SECTORS}
        return value

    @field_validator("enums")
    @classmethod
    def _known_enums(cls, value: dict[str, dict[str, EnumValue]]) -> dict[str, dict[str, EnumValue]]:
        from budgetkit.model import ENUMS

        for name, enum in ENUMS.items():
            if set(value.get(name, {})) != {member.value for member in enum}:
                raise ValueError(f"enums.{name} must list exactly {sorted(m.value for m in enum)}")
        return value

    # --- look-ups used by the loaders and the rules ------------------------------------------

    def legal_bases_listed(self) -> list[str]:
        """The legal bases as a report lists them: each ends with ";", the last with "."."""
        bases = self.legal_bases
        return [base + (";" if index < len(bases) - 1 else ".") for index, base in enumerate(bases)]

    def enum_forms(self, name: str) -> dict[str, str]:
        """Every accepted form of an enumerated column, by its matching key -> the code."""
        key = "enum:" + name
        if key not in self._memo:
            forms: dict[str, str] = {}
            for code, value in self.enums[name].items():
                for form in (code, value.label, value.short, *value.forms):
                    forms.setdefault(match_key(form), code)
            self._memo[key] = forms
        return self._memo[key]

    def category_forms(self) -> dict[str, str]:
        """Every way a line may name a category (its code or its title), by match key -> the category's code; memoised."""
        if "categories" not in self._memo:
            forms = {match_key(code): code for code in self.categories}
            for code, category in self.categories.items():
                forms.setdefault(match_key(category.title), code)
            self._memo["categories"] = forms
        return self._memo["categories"]

    def priority_forms(self) -> dict[str, str]:
        """The priority codes by match key -> the code as the pack writes it; memoised."""
        if "priorities" not in self._memo:
            self._memo["priorities"] = {match_key(code): code for code in self.priorities}
        return self._memo["priorities"]

    def coercion_lookups(self) -> tuple[dict[str, dict[str, str]], dict[str, str], dict[str, str]]:
        """(accepted forms of every enumerated column, of the categories, of the priorities), built once:
        every file asks for them."""
        memo = self._memo
        hit = memo.get("lookups")
        if hit is None:
            hit = memo["lookups"] = ({name: self.enum_forms(name) for name in self.enums}, self.category_forms(), self.priority_forms())
        return hit

    def read_budget_code(self, text: str | None) -> str | None:
        """A Loại - Khoản code in its one form "LLL-KKK": spaces folded, and a bare Khoản ("104") read with
        the Loại it belongs to (Circular 130, Điều 3.3: the Khoản determines its Loại). Anything else is
        returned as it was written (C005 reports it)."""
        if text is None:
            return None
        code = text.strip()
        m = _CODE_RE.fullmatch(code)
        if m:
            return f"{m.group(1)}-{m.group(2)}"
        if re.fullmatch(r"\d{3}", code) and self.budget_index is not None and code not in self.budget_index.loai:
            below = [loai for loai in self.budget_index.loai if int(loai) < int(code)]
            if below:
                return f"{max(below, key=int)}-{code}"
        return code

    def code_loai(self, code: str) -> str | None:
        """The Loại of a code in the form LLL-KKK, None for anything else."""
        m = _CODE_RE.fullmatch(code)
        return m.group(1) if m else None

    def in_sector(self, code: str | None) -> bool:
        """False only for a readable code whose Loại is not the sector's (C007); True otherwise."""
        if not code or self.budget_index is None:
            return True
        loai = self.code_loai(code)
        return loai is None or loai == self.budget_index.sector

    def code_title(self, code: str) -> str:
        """The title of a code: its own, else its Loại's, else ""."""
        index = self.budget_index
        if index is None:
            return ""
        if code in index.codes:
            return index.codes[code]
        loai = self.code_loai(code)
        return f"Loại {loai} - {index.loai[loai]}" if loai in index.loai else ""

    def severity(self, code: str) -> Severity | Literal["off"]:
        """The rule's severity in this pack, or "off"; a rule the pack does not name is an error."""
        settings = self.rules.get(code)
        if settings is None:
            return Severity.ERROR
        return "off" if settings.severity == "off" else Severity(settings.severity)

    def citation(self, code: str, lang: str = "vi") -> str | None:
        """The legal basis the pack cites for the rule, in English with lang "en" where the pack gives its
        English form (citation_en), else as the pack holds it in Vietnamese; None when it cites none ("-")."""
        settings = self.rules.get(code)
        if settings is None or settings.citation == "-":
            return None
        if lang == "en" and settings.citation_en:
            return settings.citation_en
        return settings.citation

    def label(self, name: str, code: str, lang: str = "vi") -> str:
        """The label of an enumeration's code as the template shows it ("vi"); the code itself in English."""
        value = self.enums[name][code]
        return value.label if lang == "vi" else code

    @property
    def info(self) -> dict[str, Any]:
        """The pack as the JSON output names it: id, budget year and pack version."""
        return {"id": self.id, "budget_year": self.budget_year, "pack_version": self.pack_version}


class GuidanceError(Exception):
    """An unusable pack or override file (the command exits 2 before reading any file).

    message_vi / message_en say where and what value was expected (str(exc) is the English)."""

    def __init__(self, message_en: str, message_vi: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_vi = message_vi or message_en

    def message(self, lang: str = "vi") -> str:
        """The reason in Vietnamese ("vi") or English ("en")."""
        return self.message_en if lang == "en" else self.message_vi


_EXPECTED_VALUE = {  # pydantic's error type -> what the value should have been (vi, en)
    "decimal": ('một số, ví dụ "0.20"', 'a number, e.g. "0.20"'),
    "int": ("một số nguyên, ví dụ 2000", "a whole number, e.g. 2000"),
    "float": ("một số", "a number"),
    "bool": ("true hoặc false", "true or false"),
    "string": ("một chuỗi văn bản", "a text"),
    "dict": ("một ánh xạ (các cặp khóa: giá trị, ví dụ commune: 50000)", "a mapping (key: value pairs, e.g. commune: 50000)"),
    "list": ("một danh sách (các mục bắt đầu bằng “- ”)", "a list (items starting with “- ”)"),
    "missing": ("có giá trị (khóa này bắt buộc)", "present (this key is required)"),
    "extra": ("không có (khóa này không được hỗ trợ)", "absent (this key is not supported)"),
}


def _expected_for(error: Mapping[str, Any]) -> tuple[str, str]:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "literal_error" and "expected" in ctx:
        return f"một trong {str(ctx['expected']).replace(' or ', ' hoặc ')}", f"one of {ctx['expected']}"
    for bound, vi, en in (
        ("gt", "lớn hơn", "greater than"),
        ("ge", "từ", "at least"),
        ("lt", "nhỏ hơn", "less than"),
        ("le", "tối đa", "at most"),
    ):
        if bound in ctx:
            return f"một số {vi} {ctx[bound]}", f"a number {en} {ctx[bound]}"
    head = kind.split("_")[0]
    if kind == "extra_forbidden":
        head = "extra"
    return _EXPECTED_VALUE.get(head, ("một giá trị hợp lệ theo gói hướng dẫn", "a valid value for the guidance pack"))


def _packs_dir() -> Any:
    return resources.files("budgetkit.guidance").joinpath("packs")


@lru_cache(maxsize=1)
def builtin_years() -> tuple[int, ...]:
    """The budget years of the built-in packs, in order."""
    years = []
    for entry in _packs_dir().iterdir():
        if entry.name.endswith(".yaml") and entry.name[:4].isdigit():
            years.append(int(entry.name[:4]))
    return tuple(sorted(years))


@lru_cache(maxsize=8)
def _builtin_raw(year: int) -> dict[str, Any]:
    text = _packs_dir().joinpath(f"{year}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # safe; C when libyaml is there


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _validate(raw: dict[str, Any], source: str) -> Pack:
    try:
        return Pack.model_validate({**raw, "source": source})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        expected_vi, expected_en = _expected_for(first)
        got = first.get("input")
        shown = (
            f"“{got}”"
            if isinstance(got, (str, int, float, bool))
            else ("một ánh xạ" if isinstance(got, dict) else "một danh sách" if isinstance(got, list) else "")
        )
        shown_en = (
            f"“{got}”"
            if isinstance(got, (str, int, float, bool))
            else ("a mapping" if isinstance(got, dict) else "a list" if isinstance(got, list) else "")
        )
        raise GuidanceError(
            f"{source}: {where}: expected {expected_en}" + (f", got {shown_en}" if shown_en else ""),
            f"{source.replace('built-in', 'gói có sẵn')}: {where}: cần {expected_vi}" + (f", nhận được {shown}" if shown else ""),
        ) from None


def default_year() -> int:
    """The year a command without a file or `--year` works for: the newest pack that is not provisional.

    A provisional pack (`provisional: true`: the year's estimate circular and dispatch are not yet
    public) serves the files of its year and an explicit `--year`, but does not become the default
    before its guidance is in force."""
    years = builtin_years()
    settled = [y for y in years if not _builtin_raw(y).get("provisional", False)]
    return (settled or list(years))[-1]


def pack_year_for(year: int | None) -> int:
    """The pack that serves a budget year: its own, else the nearest earlier one, else the first;
    without a year, the default one."""
    years = builtin_years()
    if year is None:
        return default_year()
    if year in years:
        return year
    earlier = [y for y in years if y < year]
    return earlier[-1] if earlier else years[0]


class Guidance:
    """The packs for a run: built-in packs by year, with an optional province override on top."""

    def __init__(self, override_path: Path | None = None) -> None:
        self._override: dict[str, Any] | None = None
        self._full: Pack | None = None
        self._cache: dict[int, Pack] = {}
        self.override_path = override_path
        # The budget year of the last file read: the loaders try its pack first (a folder holds one year's
        # files, and a file read under the wrong year's pack is read twice).
        self.recent_year: int | None = None
        if override_path is not None:
            self._load_override(override_path)

    def _load_override(self, path: Path) -> None:
        text = ""
        try:
            text = path.read_text(encoding="utf-8-sig")
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            from budgetkit.loaders.yaml_loader import syntax_error
            from budgetkit.rules.reading import reason

            kind, values = syntax_error(exc, text)
            raise GuidanceError(
                f"{path}: {reason('F001', kind, 'en', **values)}", f"{path}: {reason('F001', kind, 'vi', **values)}"
            ) from None
        except (OSError, UnicodeDecodeError):
            raise GuidanceError(f"{path}: cannot be read as YAML", f"{path}: không đọc được dạng YAML") from None
        if not isinstance(raw, dict):
            raise GuidanceError(
                f"{path}: expected a mapping (thresholds:, rules: ...)", f"{path}: cần một ánh xạ (thresholds:, rules: ...)"
            )
        if "categories" in raw and "budget_year" in raw:
            self._full = _validate(raw, str(path))
            return
        from budgetkit.rules.registry import all_codes

        unknown_top = set(raw) - {
            "thresholds",
            "limits",
            "keywords",
            "rules",
            "budget_codes",
            "budget_index",
            "priorities",
            "pack_version",
            "legal_bases",
            "calendar",
        }
        if unknown_top:
            known = "thresholds, limits, keywords, rules, budget_codes, budget_index, priorities, calendar"
            raise GuidanceError(
                f"{path}: unknown key(s) {', '.join(sorted(unknown_top))}; expected one of {known}",
                f"{path}: khóa không được hỗ trợ {', '.join(sorted(unknown_top))}; các khóa được phép: {known}",
            )
        for code, settings in (raw.get("rules") or {}).items():
            if code not in all_codes():
                raise GuidanceError(
                    f"{path}: rules.{code}: unknown rule; expected a rule code such as P009 (budgetkit rules)",
                    f"{path}: rules.{code}: không có quy tắc này; cần một mã quy tắc như P009 (xem budgetkit rules)",
                )
            if not isinstance(settings, dict):
                raise GuidanceError(
                    f"{path}: rules.{code}: expected a mapping such as {{severity: warning}}",
                    f"{path}: rules.{code}: cần một ánh xạ như {{severity: warning}} (error, warning, info hoặc off)",
                )
        self._override = raw
        # Validate the override against every built-in pack now, before any file is read.
        for year in builtin_years():
            self.pack(year)

    def pack(self, year: int | None = None) -> Pack:
        """The pack that serves a budget year (pack_year_for), with the override merged over it, validated once; a full guidance file's own
        pack."""
        if self._full is not None:
            return self._full
        chosen = pack_year_for(year)
        pack = self._cache.get(chosen)
        if pack is None:
            raw = _builtin_raw(chosen)
            source = "built-in"
            if self._override is not None:
                raw = _deep_merge(raw, self._override)
                source = f"built-in + {self.override_path}"
            pack = self._cache[chosen] = _validate(raw, source)
        return pack

    def knows_year(self, year: int) -> bool:
        """Whether there is a pack for that budget year (a full guidance file knows its own year only)."""
        if self._full is not None:
            return year == self._full.budget_year
        return year in builtin_years()


class RunPack:
    """The pack a run is checked and reported under, and the budget year it reports on (`run_pack`)."""

    __slots__ = ("pack", "year")

    def __init__(self, pack: Pack, year: int) -> None:
        self.pack, self.year = pack, year

    def __repr__(self) -> str:
        return f"RunPack(year={self.year}, pack={self.pack.budget_year})"


def run_pack(
    guidance: Guidance, years: Iterable[int | None] = (), year: int | None = None, mixed: Literal["usual", "first", "default"] = "usual"
) -> RunPack:
    """The one choice of the pack a run uses, for every command and `serve`.

    - `year` (`--year`), when given, decides;
    - else the files' budget years, by `mixed`: "first" the first file's (report: a report is in its
      first unit's year), "usual" the most frequent of the files that have one (batch, its summary),
      "default" their one year, and the default when they differ (validate);
    - else (no file, no year) the default year: the newest pack that is not provisional (default_year).
    The pack of a year is its own, else the nearest earlier one (pack_year_for); a whole pack given with
    `--guidance FILE` serves every year, and a province's override is laid over the built-in pack."""
    if year is None and mixed == "first":
        year = next(iter(years), None)
    elif year is None:
        known = [y for y in years if y is not None]
        if len(set(known)) == 1:
            year = known[0]
        elif known and mixed == "usual":
            year = max(set(known), key=known.count)
    pack = guidance.pack(year)
    return RunPack(pack, year if year is not None else pack.budget_year)
