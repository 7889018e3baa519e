"""The budget file, its unit, lines and explanations (the YAML format's model, and the JSON Schema's)."""

from __future__ import annotations

import dataclasses
import types
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

# The enums and models of the input format say what they are in a comment, not a docstring: pydantic
# would make a docstring the JSON Schema's description and change what `budgetkit schema` prints.


# The three pillars: S&T (khcn), innovation (dmst), digital transformation (cds).
class Pillar(StrEnum):  # noqa: D101
    KHCN = "khcn"
    DMST = "dmst"
    CDS = "cds"


# The spending types: investment and recurrent.
class Spending(StrEnum):  # noqa: D101
    INVESTMENT = "investment"
    RECURRENT = "recurrent"


# A line's status: a continuing task, a new task or recurring spending.
class Status(StrEnum):  # noqa: D101
    CONTINUING = "continuing"
    NEW = "new"
    RECURRING = "recurring"


# The unit's level of government.
class Level(StrEnum):  # noqa: D101
    MINISTRY = "ministry"
    PROVINCE = "province"
    DEPARTMENT = "department"
    COMMUNE = "commune"
    AGENCY = "agency"


class ServedSector(StrEnum):
    """The sector an S&T/innovation/DX line serves (Circular 56/2025/TT-BTC, Điều 23.1.b and 23.2)."""

    EDUCATION = "education"
    HEALTH = "health"


@dataclass(frozen=True)
class Header:
    """How the template names a field (a column header, a unit label): its text, or for a header that
    carries a year, its words and the year's offset from the budget year N ("Dự toán năm", 0 -> "Dự toán
    năm 2026"). Kept in the field's metadata: the JSON Schema does not show it."""

    text: str
    year_offset: int | None = None


ENUMS: dict[str, type[StrEnum]] = {"pillar": Pillar, "spending": Spending, "status": Status, "level": Level, "sector": ServedSector}

Amount = Annotated[
    Decimal,
    Field(ge=0, decimal_places=3, description="Triệu đồng; số nguyên, số thập phân hoặc chuỗi số thập phân"),
]


class _LineFigures:
    """The figures of a line, the same for a true line and a line as read (the one definition of each)."""

    if TYPE_CHECKING:  # declared by the classes that use this (not fields of their own here)
        status: Status | None
        approved_total: Decimal | None
        allocated_before_prior: Decimal | None
        prior_estimate: Decimal | None

    @property
    def is_task(self) -> bool:
        """A task (continuing or new), not a recurring content of spending."""
        return self.status in (Status.CONTINUING, Status.NEW)

    def amount(self, key: str) -> Decimal:
        """An optional amount, 0 where it is empty."""
        value = getattr(self, key)
        return value if value is not None else Decimal(0)

    @property
    def allocated_through_prior(self) -> Decimal | None:
        """Lũy kế đến hết năm N-1: allocated to the end of N-2 plus the N-1 estimate (Circular 56, Điều 22)."""
        if self.allocated_before_prior is None and self.prior_estimate is None:
            return None
        return self.amount("allocated_before_prior") + self.amount("prior_estimate")

    @property
    def remaining_approval(self) -> Decimal | None:
        """approved_total - allocated_before_prior - prior_estimate (the one definition)."""
        if self.approved_total is None:
            return None
        return self.approved_total - self.amount("allocated_before_prior") - self.amount("prior_estimate")


class _Strict(BaseModel):
    """The true model: what a complete, valid file says (the YAML format and its JSON Schema). Its required
    values are never None. The loaders do not build it: they fill the partial model below (PartialFile),
    what could be read of a file that may be incomplete."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False, frozen=False)


# The unit that submits the estimate, as the unit sheet holds it.
class Unit(_Strict):  # noqa: D101
    name: Annotated[str, Header("Tên đơn vị")] = Field(description="Tên đơn vị")
    code: Annotated[str, Header("Mã ĐVQHNS")] = Field(pattern=r"^\d{7}$", description="Mã ĐVQHNS (7 chữ số)")
    level: Annotated[Level, Header("Cấp")] = Field(description="Cấp")
    parent: Annotated[str | None, Header("Cơ quan cấp trên")] = Field(None, description="Cơ quan cấp trên")
    province: Annotated[str | None, Header("Tỉnh, thành phố")] = Field(None, description="Tỉnh, thành phố")
    recipient: Annotated[str | None, Header("Nơi nhận báo cáo")] = Field(None, description="Nơi nhận báo cáo")
    total_budget_expenditure: Annotated[Amount | None, Header("Tổng chi ngân sách của đơn vị/địa phương năm kế hoạch")] = Field(
        None, description="Tổng chi ngân sách của đơn vị/địa phương năm kế hoạch"
    )
    budget_ceiling: Annotated[Amount | None, Header("Số kiểm tra được thông báo")] = Field(
        None, description="Số kiểm tra được thông báo (tổng mức dự toán KH&CN, ĐMST, CĐS được thông báo)"
    )
    prepared_by: Annotated[str | None, Header("Người lập biểu")] = Field(None, description="Người lập biểu")
    approver: Annotated[str | None, Header("Thủ trưởng đơn vị")] = Field(None, description="Thủ trưởng đơn vị")
    approver_title: Annotated[str | None, Header("Chức vụ")] = Field(None, description="Chức vụ")
    proposals: Annotated[str | None, Header("Kiến nghị, đề xuất")] = Field(None, description="Kiến nghị, đề xuất")
    letterhead: Annotated[str | None, Header("Tên đơn vị ở tiêu đề văn bản (xuống dòng bằng dấu |)")] = Field(
        None, description="Tên đơn vị ở tiêu đề văn bản (xuống dòng bằng dấu |)"
    )
    place: Annotated[str | None, Header("Địa danh ghi ngày tháng")] = Field(None, description="Địa danh ghi ngày tháng")
    abbreviation: Annotated[str | None, Header("Tên viết tắt của đơn vị (số văn bản)")] = Field(
        None, description="Tên viết tắt của đơn vị (số văn bản)"
    )
    signing_authority: Annotated[str | None, Header("Thẩm quyền ký (TM., KT., TL.)")] = Field(
        None, description="Thẩm quyền ký (TM., KT., TL.)"
    )
    recipients: Annotated[str | None, Header("Nơi nhận khác (cách nhau bằng dấu ;)")] = Field(
        None, description="Nơi nhận khác (cách nhau bằng dấu ;)"
    )
    drafting_unit: Annotated[str | None, Header("Đơn vị soạn thảo, viết tắt (dòng Lưu)")] = Field(
        None, description="Đơn vị soạn thảo, viết tắt (dòng Lưu)"
    )
    prior_results: Annotated[str | None, Header("Kết quả thực hiện năm trước")] = Field(None, description="Kết quả thực hiện năm trước")
    prior_disbursement: Annotated[str | None, Header("Tình hình giải ngân năm trước")] = Field(
        None, description="Tình hình giải ngân năm trước"
    )
    prior_difficulties: Annotated[str | None, Header("Khó khăn, vướng mắc")] = Field(None, description="Khó khăn, vướng mắc")
    prior_causes: Annotated[str | None, Header("Nguyên nhân")] = Field(None, description="Nguyên nhân")


# One line of the estimate: a task or a spending content, with its figures.
class BudgetLine(_LineFigures, _Strict):  # noqa: D101
    id: Annotated[str, Header("Mã")] = Field(description="Mã")
    name: Annotated[str, Header("Tên nhiệm vụ, nội dung chi")] = Field(description="Tên nhiệm vụ, nội dung chi")
    field: Annotated[Pillar, Header("Lĩnh vực")] = Field(description="Lĩnh vực")
    spending: Annotated[Spending, Header("Loại chi")] = Field(description="Loại chi")
    status: Annotated[Status, Header("Tính chất")] = Field(description="Tính chất")
    category: Annotated[str, Header("Nhóm nội dung")] = Field(description="Nhóm nội dung (mã hoặc tên trong gói hướng dẫn)")
    lead_agency: Annotated[str | None, Header("Đơn vị chủ trì")] = Field(None, description="Đơn vị chủ trì")
    start_year: Annotated[int | None, Header("Năm bắt đầu")] = Field(None, description="Năm bắt đầu")
    end_year: Annotated[int | None, Header("Năm kết thúc")] = Field(None, description="Năm kết thúc")
    approval: Annotated[str | None, Header("Quyết định phê duyệt")] = Field(None, description="Quyết định phê duyệt")
    approved_total: Annotated[Amount | None, Header("Tổng kinh phí được duyệt")] = Field(None, description="Tổng kinh phí được duyệt")
    allocated_before_prior: Annotated[Amount | None, Header("Lũy kế bố trí đến hết năm", -2)] = Field(
        None, description="Lũy kế bố trí đến hết năm N-2"
    )
    prior_estimate: Annotated[Amount | None, Header("Dự toán năm", -1)] = Field(None, description="Dự toán năm N-1")
    prior_h1_disbursed: Annotated[Amount | None, Header("Giải ngân đến 30/6/", -1)] = Field(None, description="Giải ngân đến 30/6/N-1")
    prior_expected: Annotated[Amount | None, Header("Ước thực hiện năm", -1)] = Field(None, description="Ước thực hiện năm N-1")
    estimate: Annotated[Amount, Header("Dự toán năm", 0)] = Field(description="Dự toán năm N")
    other_sources: Annotated[Amount | None, Header("Nguồn khác năm", 0)] = Field(None, description="Nguồn khác năm N")
    priorities: Annotated[list[str], Header("Gắn với nhiệm vụ ưu tiên")] = Field(
        default_factory=list, description="Gắn với nhiệm vụ ưu tiên (mã)"
    )
    indicators: Annotated[list[str], Header("Chỉ tiêu, sản phẩm đầu ra")] = Field(
        default_factory=list, description="Chỉ tiêu, sản phẩm đầu ra"
    )
    budget_code: Annotated[str | None, Header("Mã Loại - Khoản")] = Field(
        None, description="Mã Loại - Khoản, dạng LLL-KKK hoặc chỉ Khoản (Thông tư 130/2025/TT-BTC)"
    )
    via_fund: Annotated[bool | None, Header("Thực hiện qua cơ chế quỹ")] = Field(
        None,
        description="Thực hiện qua cơ chế quỹ: true/false, hoặc có/không",
        json_schema_extra={"anyOf": [{"type": "boolean"}, {"enum": ["có", "không", "Có", "Không"]}, {"type": "null"}]},
    )
    serves_sector: Annotated[ServedSector | None, Header("Phục vụ lĩnh vực")] = Field(
        None, description="Phục vụ lĩnh vực: education (Giáo dục - đào tạo và dạy nghề), health (Y tế, dân số và gia đình)"
    )
    moved_from_sector: Annotated[str | None, Header("Chuyển từ lĩnh vực chi khác")] = Field(
        None, description="Chuyển từ lĩnh vực chi khác (tên lĩnh vực chi trước đây)"
    )
    explanation: Annotated[str | None, Header("Thuyết minh")] = Field(None, description="Thuyết minh")


# An explanation for the whole estimate, a pillar, or a pillar and a spending type.
class Explanation(_Strict):  # noqa: D101
    field: Annotated[Pillar | None, Header("Lĩnh vực")] = Field(None, description="Lĩnh vực (để trống: cả dự toán)")
    spending: Annotated[Spending | None, Header("Loại chi")] = Field(None, description="Loại chi (để trống: cả lĩnh vực)")
    text: Annotated[str, Header("Nội dung thuyết minh")] = Field(description="Nội dung thuyết minh")


# A complete input file: budget year, unit, lines and explanations.
class BudgetFile(_Strict):  # noqa: D101
    budget_year: Annotated[int, Header("Năm ngân sách")] = Field(description="Năm ngân sách")
    unit: Unit
    lines: list[BudgetLine] = Field(description="Các dòng dự toán")
    explanations: list[Explanation] = Field(default_factory=list, description="Thuyết minh theo nhóm")


# The one list of fields: every other list (the loaders', the layout's headers and labels, the converters')
# is derived here from the model's own fields, in the model's order.
FieldKind = Literal["text", "enum", "amount", "year", "list", "yes_no"]


def _base(annotation: Any) -> Any:
    """The type under Annotated[...] and `| None`."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        inner = [a for a in get_args(annotation) if a is not type(None)]
        return _base(inner[0])
    return annotation


def field_kind(info: FieldInfo) -> FieldKind:
    """What a field holds: text, an enumeration, an amount (Decimal), a year (int), a list of texts, yes/no."""
    base = _base(info.annotation)
    if isinstance(base, type) and issubclass(base, StrEnum):
        return "enum"
    if base is Decimal:
        return "amount"
    if base is bool:
        return "yes_no"
    if base is int:
        return "year"
    if get_origin(base) is list:
        return "list"
    return "text"


def field_header(info: FieldInfo) -> Header:
    """The field's Header (every field of the model has one)."""
    return next(m for m in info.metadata if isinstance(m, Header))


def enum_name(info: FieldInfo) -> str:
    """The pack's name of an enumeration field's vocabulary ("pillar" for `field`)."""
    base = _base(info.annotation)
    return next(name for name, kind in ENUMS.items() if kind is base)


def keys_of(model: type[BaseModel], kind: FieldKind | None = None) -> tuple[str, ...]:
    """The model's field names (of one kind), in the model's order."""
    return tuple(k for k, info in model.model_fields.items() if kind is None or field_kind(info) == kind)


LINE_KEYS = keys_of(BudgetLine)
UNIT_KEYS = keys_of(Unit)
AMOUNT_KEYS = keys_of(BudgetLine, "amount")
YEAR_KEYS = keys_of(BudgetLine, "year")
LIST_KEYS = keys_of(BudgetLine, "list")
REQUIRED_LINE_KEYS = tuple(k for k, info in BudgetLine.model_fields.items() if info.is_required())
UNIT_AMOUNT_KEYS = keys_of(Unit, "amount")


# The partial model: what the loaders could read of a file, every value optional (None where it is empty
# or could not be read), each part knowing which of its values could not be read (already reported by a
# finding: V002, V003, F006, or a missing column). Plain dataclasses: a loader builds thousands of lines,
# and values it built are already typed. Its fields mirror the true model's (checked below, at import).
@dataclass(eq=True)
class PartialUnit:
    """The unit as read."""

    name: str | None = None
    code: str | None = None
    level: Level | None = None
    parent: str | None = None
    province: str | None = None
    recipient: str | None = None
    total_budget_expenditure: Decimal | None = None
    budget_ceiling: Decimal | None = None
    prepared_by: str | None = None
    approver: str | None = None
    approver_title: str | None = None
    proposals: str | None = None
    letterhead: str | None = None
    place: str | None = None
    abbreviation: str | None = None
    signing_authority: str | None = None
    recipients: str | None = None
    drafting_unit: str | None = None
    prior_results: str | None = None
    prior_disbursement: str | None = None
    prior_difficulties: str | None = None
    prior_causes: str | None = None
    unreadable: frozenset[str] = frozenset()  # the unit's keys (and budget_year) that could not be read

    def missing(self, key: str) -> bool:
        """The value is not in the file (as opposed to given but unreadable, which is reported already)."""
        return getattr(self, key) is None and key not in self.unreadable


@dataclass(eq=True)
class PartialLine(_LineFigures):
    """A line as read: what a rule sees, with `missing` to tell an empty value from an unreadable one."""

    id: str | None = None
    name: str | None = None
    field: Pillar | None = None
    spending: Spending | None = None
    status: Status | None = None
    category: str | None = None
    lead_agency: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    approval: str | None = None
    approved_total: Decimal | None = None
    allocated_before_prior: Decimal | None = None
    prior_estimate: Decimal | None = None
    prior_h1_disbursed: Decimal | None = None
    prior_expected: Decimal | None = None
    estimate: Decimal | None = None
    other_sources: Decimal | None = None
    priorities: list[str] = dataclass_field(default_factory=list)
    indicators: list[str] = dataclass_field(default_factory=list)
    budget_code: str | None = None
    via_fund: bool | None = None
    serves_sector: ServedSector | None = None
    moved_from_sector: str | None = None
    explanation: str | None = None
    unreadable: frozenset[str] = frozenset()  # the keys that could not be read (or whose column is missing)

    def missing(self, key: str) -> bool:
        """The value is empty in the file (None, or an empty list) and was not unreadable: a rule that asks
        for the value reports it; an unreadable one is reported already."""
        value = getattr(self, key)
        return (value is None or value == []) and key not in self.unreadable

    def known(self, key: str) -> Decimal | None:
        """An optional amount as a rule may count it: 0 where it is empty, None where it could not be read."""
        return None if key in self.unreadable else self.amount(key)


@dataclass(eq=True)
class PartialExplanation:
    """A group explanation as read."""

    field: Pillar | None = None
    spending: Spending | None = None
    text: str | None = None


@dataclass(eq=True)
class PartialFile:
    """A file as read: the unit, the lines, the group explanations (those with a text)."""

    budget_year: int | None
    unit: PartialUnit
    lines: list[PartialLine]
    explanations: list[PartialExplanation] = dataclass_field(default_factory=list)


AnyLine = BudgetLine | PartialLine  # what the figures are computed from: a true line or a line as read
AnyExplanation = Explanation | PartialExplanation
AnyFile = BudgetFile | PartialFile  # what the writers write: a valid file, or a file as read or to be filled


def _mirrors(partial: type, model: type[BaseModel]) -> None:
    """A partial type has exactly the model's fields, in its order (and `unreadable`)."""
    names = [f.name for f in dataclasses.fields(partial) if f.name != "unreadable"]
    if names != list(model.model_fields):
        raise TypeError(f"{partial.__name__} does not mirror {model.__name__}: {names} != {list(model.model_fields)}")


_mirrors(PartialUnit, Unit)
_mirrors(PartialLine, BudgetLine)
_mirrors(PartialExplanation, Explanation)
