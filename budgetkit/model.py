"""The budget file, its unit, lines and explanations (the YAML format's model, and the JSON Schema's)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field


class Pillar(StrEnum):
    KHCN = "khcn"
    DMST = "dmst"
    CDS = "cds"


class Spending(StrEnum):
    INVESTMENT = "investment"
    RECURRENT = "recurrent"


class Status(StrEnum):
    CONTINUING = "continuing"
    NEW = "new"
    RECURRING = "recurring"


class Level(StrEnum):
    MINISTRY = "ministry"
    PROVINCE = "province"
    DEPARTMENT = "department"
    COMMUNE = "commune"
    AGENCY = "agency"


class ServedSector(StrEnum):
    """The sector an S&T/innovation/DX line serves (Circular 56/2025/TT-BTC, Điều 23.1.b and 23.2)."""

    EDUCATION = "education"
    HEALTH = "health"


ENUMS: dict[str, type[StrEnum]] = {"pillar": Pillar, "spending": Spending, "status": Status, "level": Level, "sector": ServedSector}

Amount = Annotated[
    Decimal,
    Field(ge=0, decimal_places=3, description="Triệu đồng; số nguyên, số thập phân hoặc chuỗi số thập phân"),
]
UNIT_DOC_KEYS = ("letterhead", "place", "abbreviation", "signing_authority", "recipients", "drafting_unit",
                 "prior_results", "prior_disbursement", "prior_difficulties", "prior_causes")
AMOUNT_KEYS = ("approved_total", "allocated_before_prior", "prior_estimate", "prior_h1_disbursed", "prior_expected", "estimate",
               "other_sources")
YEAR_KEYS = ("start_year", "end_year")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False, frozen=False)

    @classmethod
    def build(cls, values: dict[str, Any]) -> Any:
        """A model from values the loaders already checked, every field given (model_construct
        without its per-field bookkeeping: the loaders build thousands of lines)."""
        obj = cls.__new__(cls)
        object.__setattr__(obj, "__dict__", values)
        object.__setattr__(obj, "__pydantic_fields_set__", set(values))
        object.__setattr__(obj, "__pydantic_extra__", None)
        object.__setattr__(obj, "__pydantic_private__", None)
        return obj


class Unit(_Strict):
    name: str = Field(description="Tên đơn vị")
    code: str = Field(pattern=r"^\d{7}$", description="Mã ĐVQHNS (7 chữ số)")
    level: Level = Field(description="Cấp")
    parent: str | None = Field(None, description="Cơ quan cấp trên")
    province: str | None = Field(None, description="Tỉnh, thành phố")
    recipient: str | None = Field(None, description="Nơi nhận báo cáo")
    total_budget_expenditure: Amount | None = Field(
        None, description="Tổng chi ngân sách của đơn vị/địa phương năm kế hoạch"
    )
    budget_ceiling: Amount | None = Field(
        None, description="Số kiểm tra được thông báo (tổng mức dự toán KH&CN, ĐMST, CĐS được thông báo)"
    )
    prepared_by: str | None = Field(None, description="Người lập biểu")
    approver: str | None = Field(None, description="Thủ trưởng đơn vị")
    approver_title: str | None = Field(None, description="Chức vụ")
    proposals: str | None = Field(None, description="Kiến nghị, đề xuất")
    letterhead: str | None = Field(None, description="Tên đơn vị ở tiêu đề văn bản (xuống dòng bằng dấu |)")
    place: str | None = Field(None, description="Địa danh ghi ngày tháng")
    abbreviation: str | None = Field(None, description="Tên viết tắt của đơn vị (số văn bản)")
    signing_authority: str | None = Field(None, description="Thẩm quyền ký (TM., KT., TL.)")
    recipients: str | None = Field(None, description="Nơi nhận khác (cách nhau bằng dấu ;)")
    drafting_unit: str | None = Field(None, description="Đơn vị soạn thảo, viết tắt (dòng Lưu)")
    prior_results: str | None = Field(None, description="Kết quả thực hiện năm trước")
    prior_disbursement: str | None = Field(None, description="Tình hình giải ngân năm trước")
    prior_difficulties: str | None = Field(None, description="Khó khăn, vướng mắc")
    prior_causes: str | None = Field(None, description="Nguyên nhân")


class BudgetLine(_Strict):
    id: str = Field(description="Mã")
    name: str = Field(description="Tên nhiệm vụ, nội dung chi")
    field: Pillar = Field(description="Lĩnh vực")
    spending: Spending = Field(description="Loại chi")
    status: Status = Field(description="Tính chất")
    category: str = Field(description="Nhóm nội dung (mã hoặc tên trong gói hướng dẫn)")
    lead_agency: str | None = Field(None, description="Đơn vị chủ trì")
    start_year: int | None = Field(None, description="Năm bắt đầu")
    end_year: int | None = Field(None, description="Năm kết thúc")
    approval: str | None = Field(None, description="Quyết định phê duyệt")
    approved_total: Amount | None = Field(None, description="Tổng kinh phí được duyệt")
    allocated_before_prior: Amount | None = Field(None, description="Lũy kế bố trí đến hết năm N-2")
    prior_estimate: Amount | None = Field(None, description="Dự toán năm N-1")
    prior_h1_disbursed: Amount | None = Field(None, description="Giải ngân đến 30/6/N-1")
    prior_expected: Amount | None = Field(None, description="Ước thực hiện năm N-1")
    estimate: Amount = Field(description="Dự toán năm N")
    other_sources: Amount | None = Field(None, description="Nguồn khác năm N")
    priorities: list[str] = Field(default_factory=list, description="Gắn với nhiệm vụ ưu tiên (mã)")
    indicators: list[str] = Field(default_factory=list, description="Chỉ tiêu, sản phẩm đầu ra")
    budget_code: str | None = Field(None, description="Mã Loại - Khoản, dạng LLL-KKK hoặc chỉ Khoản (Thông tư 130/2025/TT-BTC)")
    via_fund: bool | None = Field(
        None, description="Thực hiện qua cơ chế quỹ: true/false, hoặc có/không",
        json_schema_extra={"anyOf": [{"type": "boolean"}, {"enum": ["có", "không", "Có", "Không"]}, {"type": "null"}]},
    )
    serves_sector: ServedSector | None = Field(
        None, description="Phục vụ lĩnh vực: education (Giáo dục - đào tạo và dạy nghề), health (Y tế, dân số và gia đình)"
    )
    moved_from_sector: str | None = Field(None, description="Chuyển từ lĩnh vực chi khác (tên lĩnh vực chi trước đây)")
    explanation: str | None = Field(None, description="Thuyết minh")

    @property
    def is_task(self) -> bool:
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


class Explanation(_Strict):
    field: Pillar | None = Field(None, description="Lĩnh vực (để trống: cả dự toán)")
    spending: Spending | None = Field(None, description="Loại chi (để trống: cả lĩnh vực)")
    text: str = Field(description="Nội dung thuyết minh")


class BudgetFile(_Strict):
    budget_year: int = Field(description="Năm ngân sách")
    unit: Unit
    lines: list[BudgetLine] = Field(description="Các dòng dự toán")
    explanations: list[Explanation] = Field(default_factory=list, description="Thuyết minh theo nhóm")
