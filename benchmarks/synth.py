"""Synthetic commune workbooks for the batch demo, the tests and the benchmarks.

One workbook is written by budgetkit's own writer; every further commune is that archive with its unit
code, name and task names replaced, so thousands of files are made in seconds.
Usage: python benchmarks/synth.py OUT_DIR N
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

PLACEHOLDER_CODE = "3999999"
PLACEHOLDER_NAME = "XAMAU"

WARDS = [
    "Chiềng Mung",
    "Chiềng Sinh",
    "Tô Hiệu",
    "Mường Bú",
    "Mường Chùm",
    "Thuận Châu",
    "Bình Thuận",
    "Mộc Châu",
    "Vân Hồ",
    "Sông Mã",
    "Phù Yên",
    "Bắc Yên",
    "Quỳnh Nhai",
    "Yên Châu",
    "Mai Sơn",
    "Sốp Cộp",
]


def _template_bytes() -> bytes:
    import yaml

    from budgetkit.authoring.input_workbook import write_input_workbook
    from budgetkit.guidance import Guidance
    from budgetkit.loaders import load

    root = Path(__file__).resolve().parent.parent
    data = yaml.safe_load((root / "examples" / "chieng-mung.yaml").read_text(encoding="utf-8"))
    data["unit"]["code"] = PLACEHOLDER_CODE
    data["unit"]["name"] = f"Ủy ban nhân dân xã {PLACEHOLDER_NAME}"
    for line in data["lines"]:
        line["name"] = f"{line['name']} ({PLACEHOLDER_NAME})"
    tmp = Path(__file__).resolve().parent / ".synth-template"
    tmp.mkdir(exist_ok=True)
    source = tmp / "t.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    guidance = Guidance()
    loaded = load(source, guidance)
    assert loaded.model is not None and not loaded.findings, loaded.findings
    target = tmp / "t.xlsx"
    write_input_workbook(loaded.model, target, loaded.pack)
    return target.read_bytes()


def commune_bytes(template: bytes, index: int) -> bytes:
    name = f"{WARDS[index % len(WARDS)]} {index:04d}"
    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith(".xml"):
                text = data.decode("utf-8").replace(PLACEHOLDER_CODE, f"3{index:06d}").replace(PLACEHOLDER_NAME, name)
                data = text.encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def make_communes(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    template = _template_bytes()
    paths = []
    for index in range(start, start + count):
        path = folder / f"xa-{index:04d}.xlsx"
        path.write_bytes(commune_bytes(template, index))
        paths.append(path)
    return paths


if __name__ == "__main__":
    made = make_communes(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"{len(made)} commune workbooks in {sys.argv[1]}")
