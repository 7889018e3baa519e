"""F - reading the file. These are reported by the loaders; here live their texts and documentation."""

from __future__ import annotations

from typing import Any

from budgetkit.rules.registry import register, render_value

# Why a file cannot be read (F001): each reason a coded sub-kind of the rule (the finding's `kind`),
# with its (Vietnamese, English) template.
F001_REASONS = {
    "cannot_open": ("không mở được tệp ({error})", "the file cannot be opened ({error})"),
    "empty": ("tệp rỗng (0 byte)", "the file is empty (0 bytes)"),
    "encrypted": (
        "bảng tính được đặt mật khẩu (mã hóa); hãy gỡ mật khẩu rồi lưu lại dưới dạng .xlsx",
        "the workbook is password-protected (encrypted); remove the password and save it as .xlsx",
    ),
    "xls": (
        "đây là tệp Excel 97-2003 (.xls) hoặc tài liệu Office cũ; hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
        "this is an Excel 97-2003 (.xls) or older Office file; open it in Excel and save it as .xlsx",
    ),
    "pdf": (
        "đây là tệp PDF, không phải bảng tính; hãy gửi tệp .xlsx hoặc .yaml gốc",
        "this is a PDF file, not a workbook; send the original .xlsx or .yaml file",
    ),
    "gzip": (
        "đây là tệp nén gzip (.gz), không phải bảng tính; hãy giải nén rồi gửi tệp .xlsx bên trong",
        "this is a gzip (.gz) archive, not a workbook; unpack it and send the .xlsx inside",
    ),
    "exe": (
        "đây là tệp chương trình Windows (.exe, có thể là tệp nén tự giải "
        "nén), không phải bảng tính; không mở tệp này, hãy xin lại tệp .xlsx",
        "this is a Windows program (.exe, perhaps a self-extracting archive), not a workbook; do not run it, ask for the .xlsx file",
    ),
    "rar": (
        "đây là tệp nén RAR, không phải bảng tính; hãy giải nén rồi gửi tệp .xlsx bên trong",
        "this is a RAR archive, not a workbook; unpack it and send the .xlsx inside",
    ),
    "7z": (
        "đây là tệp nén 7z, không phải bảng tính; hãy giải nén rồi gửi tệp .xlsx bên trong",
        "this is a 7z archive, not a workbook; unpack it and send the .xlsx inside",
    ),
    "png": (
        "đây là tệp ảnh PNG, không phải bảng tính; hãy gửi tệp .xlsx gốc",
        "this is a PNG image, not a workbook; send the original .xlsx",
    ),
    "jpeg": (
        "đây là tệp ảnh JPEG, không phải bảng tính; hãy gửi tệp .xlsx gốc",
        "this is a JPEG image, not a workbook; send the original .xlsx",
    ),
    "utf16_named_xlsx": (
        "đây là tệp văn bản UTF-16/UTF-32 đặt tên .xlsx, không phải bảng tính; hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
        "this is a UTF-16/UTF-32 text file named .xlsx, not a workbook; open it in Excel and save it as .xlsx",
    ),
    "html_named_xlsx": (
        "đây là tệp HTML/XML đặt tên .xlsx, không phải bảng tính; hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
        "this is an HTML/XML file named .xlsx, not a workbook; open it in Excel and save it as .xlsx",
    ),
    "yaml_named_xlsx": ("đây là tệp YAML đặt tên .xlsx; hãy đổi đuôi thành .yaml", "this is a YAML file named .xlsx; rename it to .yaml"),
    "binary_named_xlsx": (
        "tệp không phải bảng tính .xlsx mà là một tệp nhị phân khác; hãy lưu lại dưới dạng .xlsx",
        "the file is not an .xlsx workbook but some other binary file; save it as .xlsx",
    ),
    "csv_named_xlsx": (
        "đây có vẻ là tệp văn bản CSV, không phải bảng tính .xlsx; hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
        "this looks like a CSV text file, not an .xlsx workbook; open it in Excel and save it as .xlsx",
    ),
    "unrecognised_named_xlsx": (
        "tệp không phải bảng tính .xlsx (nội dung không nhận ra được); hãy lưu lại dưới dạng .xlsx",
        "the file is not an .xlsx workbook (unrecognised content); save it as .xlsx",
    ),
    "other_suffix": (
        "không phải tệp dự toán (chỉ đọc .xlsx, .xlsm, .yaml, .yml; tệp này là “{suffix}”); hãy lưu lại dưới dạng .xlsx",
        "not a budget file (only .xlsx, .xlsm, .yaml and .yml are read; this is “{suffix}”); save it as .xlsx",
    ),
    "no_suffix": (
        "không phải tệp dự toán (chỉ đọc .xlsx, .xlsm, .yaml, .yml; tệp này là “không có đuôi”); hãy lưu lại dưới dạng .xlsx",
        "not a budget file (only .xlsx, .xlsm, .yaml and .yml are read; this is “no extension”); save it as .xlsx",
    ),
    "damaged_zip": (
        "tệp .xlsx bị hỏng hoặc không đầy đủ (có thể tải về chưa xong); hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
        "the .xlsx file is damaged or truncated (perhaps an unfinished download); open it in Excel and save it as .xlsx",
    ),
    "ods": (
        "đây là tệp OpenDocument (.ods), không phải .xlsx; hãy lưu lại dưới dạng .xlsx",
        "this is an OpenDocument (.ods) file, not .xlsx; save it as .xlsx",
    ),
    "docx": (
        "đây là tệp Word (.docx), không phải bảng tính; hãy dùng tệp .xlsx",
        "this is a Word (.docx) file, not a workbook; use an .xlsx file",
    ),
    "zip_not_workbook": (
        "tệp nén này không phải là bảng tính Excel; hãy lưu lại dưới dạng .xlsx",
        "this zip file is not an Excel workbook; save it as .xlsx",
    ),
    "workbook_unreadable": (
        "không đọc được bảng tính ({error}); hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
        "the workbook cannot be read ({error}); open it in Excel and save it as .xlsx",
    ),
    "content_unreadable": (
        "không đọc được nội dung bảng tính ({error}); hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
        "the workbook's content cannot be read ({error}); open it in Excel and save it as .xlsx",
    ),
    "xml_dtd": (
        "phần “{part}” khai báo DTD/thực thể XML (có thể là tệp độc hại); không đọc",
        "part “{part}” declares an XML DTD/entities (possibly malicious); not read",
    ),
    "xml_invalid": (
        "phần “{part}” không phải XML hợp lệ ({problem}, dòng {line}); hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
        "part “{part}” is not valid XML ({problem}, line {line}); open it in Excel and save it as .xlsx",
    ),
    "not_utf8_text": (
        "tệp không phải văn bản UTF-8 (có vẻ là {encoding}); hãy lưu lại dưới dạng UTF-8",
        "the file is not UTF-8 text (it looks {encoding}); save it as UTF-8",
    ),
    "binary_not_text": (
        "tệp không phải văn bản UTF-8 (có vẻ là nhị phân); hãy lưu lại dưới dạng UTF-8",
        "the file is not UTF-8 text (it looks binary); save it as UTF-8",
    ),
    "not_utf8_byte": (
        "tệp không phải UTF-8 (byte lạ ở vị trí {offset}, có thể là CP1258/TCVN3); hãy lưu lại dưới dạng UTF-8",
        "the file is not UTF-8 (odd byte at offset {offset}, perhaps CP1258/TCVN3); save it as UTF-8",
    ),
    "yaml_key_not_text": ("khóa của ánh xạ không phải là chuỗi", "a mapping key is not a string"),
    "yaml_anchors": (
        "tệp dùng neo/bí danh YAML (& và *), không được phép",
        "the file uses YAML anchors/aliases (& and *), which are not allowed",
    ),
    "yaml_tag": ("tệp có thẻ YAML không an toàn “{tag}”", "the file has an unsafe YAML tag “{tag}”"),
    "yaml_documents": ("tệp có nhiều tài liệu YAML", "the file holds several YAML documents"),
    "yaml_syntax": ("YAML sai cú pháp: {problem}", "invalid YAML: {problem}"),
    "yaml_syntax_at": (
        "YAML sai cú pháp ở dòng {line}, cột {column}: {problem}",
        "invalid YAML at line {line}, column {column}: {problem}",
    ),
    "yaml_not_mapping": (
        "tệp YAML không phải là một ánh xạ (budget_year, unit, lines)",
        "the YAML document is not a mapping (budget_year, unit, lines)",
    ),
    "line_not_mapping": (
        "mục thứ {number} của lines không phải là một ánh xạ (các cặp khóa: giá trị như id, name, estimate)",
        "item {number} of lines is not a mapping (key: value pairs such as id, name, estimate)",
    ),
    "reader_crash": (
        "trình đọc bảng tính dừng bất thường ({detail}); hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
        "the workbook reader stopped abnormally ({detail}); open it in Excel and save it as .xlsx",
    ),
    "internal_error": ("lỗi nội bộ khi đọc tệp ({detail})", "internal error while reading ({detail})"),
}

# Which limit a file broke (F008): each a coded sub-kind of the rule, with its (Vietnamese, English) template.
F008_LIMITS = {
    "file_bytes": ("tệp {size} byte, vượt giới hạn {limit} byte", "the file has {size} bytes, over the limit of {limit} bytes"),
    "part_bytes": (
        "phần “{part}” giải nén ra {size} byte (nén {packed} byte), vượt giới hạn {limit} byte hoặc {ratio} lần",
        "part “{part}” unpacks to {size} bytes ({packed} compressed), over the limit of {limit} bytes or {ratio} times",
    ),
    "unpacked_total": ("tổng dung lượng giải nén của bảng tính quá lớn", "the workbook unpacks to too many bytes in all"),
    "sheets": ("bảng tính có hơn {limit} trang", "the workbook has more than {limit} sheets"),
    "sheet_rows": ("trang “{sheet}” có hơn {limit} dòng", "sheet “{sheet}” has more than {limit} rows"),
    "sheet_height": (
        "trang “{sheet}” có {count} dòng, vượt giới hạn {limit}",
        "sheet “{sheet}” has {count} rows, over the limit of {limit}",
    ),
    "sheet_row": (
        "trang “{sheet}” có dòng {row}, vượt giới hạn {limit} dòng",
        "sheet “{sheet}” has row {row}, over the limit of {limit} rows",
    ),
    "sheet_cells": (
        "trang “{sheet}” trải tới ô {cell}, tức {cells} ô, vượt giới hạn {limit} ô",
        "sheet “{sheet}” extends to cell {cell}, {cells} cells, over the limit of {limit} cells",
    ),
    "merged_cells": (
        "các vùng ô gộp phủ hơn {limit} ô (vùng {first}:{last} ở trang “{sheet}”)",
        "merged ranges cover more than {limit} cells (range {first}:{last} on sheet “{sheet}”)",
    ),
    "cell_chars": ("một ô của trang “{sheet}” có hơn {limit} ký tự", "a cell of sheet “{sheet}” has more than {limit} characters"),
    "text_chars": ("một chuỗi trong bảng tính có hơn {limit} ký tự", "a text of the workbook has more than {limit} characters"),
    "styles": (
        "bảng tính có {count} kiểu định dạng, vượt giới hạn {limit}",
        "the workbook has {count} style records, over the limit of {limit}",
    ),
    "yaml_nodes": (
        "tệp YAML có hơn {limit} nút (giá trị, danh sách, ánh xạ)",
        "the YAML has more than {limit} nodes (values, lists, mappings)",
    ),
    "yaml_value_chars": (
        "giá trị ở dòng {line} có {count} ký tự, vượt giới hạn {limit}",
        "the value on line {line} has {count} characters, over the limit of {limit}",
    ),
    "yaml_depth": ("tệp YAML lồng quá {limit} cấp", "the YAML nests deeper than {limit} levels"),
    "yaml_lines": ("tệp có {count} dòng dự toán, vượt giới hạn {limit}", "the file has {count} lines, over the limit of {limit}"),
    "memory": (
        "việc đọc tệp cần quá {megabytes} MB bộ nhớ (giới hạn cho mỗi tệp)",
        "reading the file needs more than {megabytes} MB of memory (the limit for one file)",
    ),
    "time": (
        "việc đọc tệp cần quá {seconds} giây (giới hạn cho mỗi tệp)",
        "reading the file takes more than {seconds} seconds (the limit for one file)",
    ),
    "findings": (
        "hơn {limit} phát hiện; {dropped} phát hiện sau không được liệt kê",
        "more than {limit} findings; {dropped} further findings are not listed",
    ),
}


def reason(code: str, kind: str, lang: str = "vi", **params: Any) -> str:
    """An F001 reason or an F008 limit alone, in a language (a roster that cannot be read, an annotated
    copy not written, say why with the words of the finding)."""
    pair = (F001_REASONS if code == "F001" else F008_LIMITS)[kind]
    return pair[1 if lang == "en" else 0].format(**{key: render_value(value, lang) for key, value in params.items()})


register(
    "F001",
    title=("Tệp đọc được", "The file can be read"),
    message={kind: (f"Không đọc được tệp: {vi}.", f"The file cannot be read: {en}.") for kind, (vi, en) in F001_REASONS.items()},
    what=(
        "Tệp phải là bảng tính .xlsx/.xlsm thật hoặc tệp YAML UTF-8 an toàn. Tệp .xls, .ods, .csv, PDF, tệp bị mã hóa, bị cắt cụt hay"
        " hỏng đều bị từ chối, kèm lời giải thích tệp đó thực ra là gì và cần làm gì.",
        "The file must be a real .xlsx/.xlsm workbook or a safe UTF-8 YAML file. .xls, .ods, .csv and PDF files, and encrypted, "
        "truncated or damaged files, are refused with an explanation of what the file really is and what to do.",
    ),
    why=(
        "Một tệp không đọc được thì không kiểm tra được; người lập biểu cần biết ngay phải lưu lại tệp ra sao thay vì nhận một lỗi khó"
        " hiểu.",
        "A file that cannot be read cannot be checked; whoever prepared it needs to know at once how to save it again, rather than get"
        " an obscure error.",
    ),
    failing=(
        "Tệp `du-toan.xlsx` thực chất là tệp Excel 97-2003 (.xls) được đổi đuôi.",
        "The file `du-toan.xlsx` is really an Excel 97-2003 (.xls) file whose extension was changed.",
    ),
    passing=(
        "Mở tệp bằng Excel, chọn Lưu thành… > Sổ làm việc Excel (.xlsx).",
        "Open the file in Excel and choose Save As… > Excel Workbook (.xlsx).",
    ),
)(None)

register(
    "F002",
    title=("Có đủ trang/phần bắt buộc", "The required sheets or sections are there"),
    message=(
        "Thiếu trang hoặc phần bắt buộc {missing}; tìm thấy: {found}.",
        "Missing required sheet or section {missing}; found: {found}.",
    ),
    what=(
        "Bảng tính phải có trang `Đơn vị` và `Dự toán`; tệp YAML phải có `unit` và `lines`.",
        "A workbook must have the sheets `Đơn vị` (the unit) and `Dự toán` (the estimate); a YAML file must have `unit` and `lines`.",
    ),
    why=(
        "Không có thông tin đơn vị hoặc các dòng dự toán thì không thể kiểm tra hay tổng hợp.",
        "Without the unit's details or the estimate lines, nothing can be checked or consolidated.",
    ),
    failing=("Bảng tính chỉ có trang `Sheet1`.", "The workbook has only the sheet `Sheet1`."),
    passing=(
        "Bảng tính có trang `Đơn vị` và trang `Dự toán` (tạo bằng `budgetkit template`).",
        "The workbook has a `Đơn vị` sheet and a `Dự toán` sheet (made with `budgetkit template`).",
    ),
)(None)

register(
    "F003",
    title=("Có đủ cột bắt buộc", "Every required column is there"),
    message={
        "": ("Thiếu cột bắt buộc {missing}.", "Missing required column {missing}."),
        "near": ("Thiếu cột bắt buộc {missing} (gần nhất: “{near}”).", "Missing required column {missing} (closest: “{near}”)."),
        "no_header_row": (
            "Thiếu cột bắt buộc {missing} (không thấy dòng tiêu đề trong 15 dòng đầu; thấy: {found}).",
            "Missing required column {missing} (no header row in the first 15 rows; found: {found}).",
        ),
    },
    what=(
        "Trang `Dự toán` phải có các cột Mã, Tên nhiệm vụ, Lĩnh vực, Loại chi, Tính chất, Nhóm nội dung và Dự toán năm N. Thông báo "
        "nêu tên cột thiếu và tiêu đề gần giống nhất tìm thấy.",
        "The `Dự toán` sheet must have the columns “Mã” (code), “Tên nhiệm vụ” (name), “Lĩnh vực” (pillar), “Loại chi” (spending "
        "type), “Tính chất” (status), “Nhóm nội dung” (category) and “Dự toán năm N” (the year-N estimate). The message names the "
        "missing column and the closest heading found.",
    ),
    why=(
        "Thiếu một cột bắt buộc thì mọi dòng đều thiếu giá trị đó; báo một lần ở tiêu đề thay vì báo từng dòng.",
        "Without a required column every line lacks that value; it is reported once, at the headings, rather than on every line.",
    ),
    failing=(
        "Cột dự toán mang tiêu đề “Kinh phí 2026” thay vì “Dự toán năm 2026”.",
        "The estimate column is headed “Kinh phí 2026” instead of “Dự toán năm 2026”.",
    ),
    passing=("Tiêu đề cột là “Dự toán năm 2026”.", "The column is headed “Dự toán năm 2026”."),
)(None)

register(
    "F004",
    title=("Cột hoặc khóa được hỗ trợ", "Columns and keys are known"),
    message={
        "": ("Cột hoặc khóa không được hỗ trợ “{name}”, bị bỏ qua.", "Unknown column or key “{name}”, ignored."),
        "near": (
            "Cột hoặc khóa không được hỗ trợ “{name}”, bị bỏ qua. Có phải “{near}”?",
            "Unknown column or key “{name}”, ignored. Did you mean “{near}”?",
        ),
        "duplicate": (
            "Cột hoặc khóa không được hỗ trợ “{name}”, bị bỏ qua. (cột trùng, bỏ qua)",
            "Unknown column or key “{name}”, ignored. (duplicate column, ignored)",
        ),
    },
    what=(
        "Một cột của bảng tính mà budgetkit không biết là cảnh báo; một khóa YAML không biết là lỗi (khóa viết sai không được bị bỏ "
        "qua lặng lẽ).",
        "A workbook column that budgetkit does not know is a warning; an unknown YAML key is an error (a misspelt key must not be "
        "ignored silently).",
    ),
    why=(
        "Một cột hay khóa viết sai chính tả làm mất dữ liệu mà người lập biểu tưởng là đã khai.",
        "A misspelt column or key loses data that whoever prepared the file believes was entered.",
    ),
    failing=("Khóa YAML `estimte: 120` (viết sai `estimate`).", "The YAML key `estimte: 120` (a misspelling of `estimate`)."),
    passing=("Khóa YAML `estimate: 120`.", "The YAML key `estimate: 120`."),
)(None)

register(
    "F005",
    title=("Năm trong tiêu đề khớp năm ngân sách", "Header years fit the budget year"),
    message=(
        "Tiêu đề cột “{header}” không khớp năm ngân sách {year} (có thể dùng lại mẫu năm trước); cột này không được đọc.",
        "Column header “{header}” does not fit budget year {year} (last year's template?); the column is not read.",
    ),
    what=(
        "Tiêu đề có năm (Dự toán năm N, Ước thực hiện năm N-1, Lũy kế bố trí đến hết năm N-2, Nguồn khác năm N) phải mang đúng năm "
        "theo năm ngân sách của tệp.",
        "Headings with a year (“Dự toán năm N”, “Ước thực hiện năm N-1”, “Lũy kế bố trí đến hết năm N-2”, “Nguồn khác năm N”: the "
        "estimate, the expected execution, the amount allocated so far, other sources) must carry the right year for the file's "
        "budget year.",
    ),
    why=(
        "Dùng lại mẫu năm trước mà không sửa tiêu đề sẽ lẫn số liệu năm cũ vào dự toán năm mới.",
        "Reusing last year's template without correcting its headings mixes last year's figures into the new estimate.",
    ),
    failing=("Tệp năm ngân sách 2026 có cột “Dự toán năm 2024”.", "A file for budget year 2026 has a column “Dự toán năm 2024”."),
    passing=(
        "Tệp năm ngân sách 2026 có cột “Dự toán năm 2026” và “Dự toán năm 2025”.",
        "A file for budget year 2026 has the columns “Dự toán năm 2026” and “Dự toán năm 2025”.",
    ),
)(None)

register(
    "F006",
    title=("Ô công thức có giá trị đã tính", "Formula cells have cached values"),
    message=(
        "Ô công thức chưa có giá trị đã tính; hãy mở tệp bằng Excel hoặc LibreOffice, để bảng tính tính lại rồi lưu.",
        "A formula cell has no calculated value; open the file in Excel or LibreOffice, let it recalculate and save it.",
    ),
    what=(
        "Ô chứa công thức được đọc theo giá trị đã tính lưu trong tệp. Tệp do phần mềm khác tạo ra và chưa từng mở bằng bảng tính thì"
        " không có giá trị đó.",
        "A cell holding a formula is read by the calculated value stored in the file. A file made by other software and never opened "
        "in a spreadsheet program has no such value.",
    ),
    why=(
        "Không có giá trị đã tính thì budgetkit không biết số tiền thật; ô đó được coi là trống (không báo thêm V001).",
        "Without the calculated value budgetkit does not know the real amount; the cell is treated as empty (and no V001 is reported "
        "for it).",
    ),
    failing=(
        "Tệp do chương trình khác xuất ra, ô dự toán là `=SUM(O5:O8)` chưa được tính.",
        "A file exported by another program whose estimate cell holds `=SUM(O5:O8)`, never calculated.",
    ),
    passing=(
        "Mở tệp bằng Excel, lưu lại: ô có cả công thức và giá trị.",
        "Open the file in Excel and save it again: the cell holds both the formula and its value.",
    ),
)(None)

register(
    "F007",
    title=("Văn bản là Unicode", "Text is Unicode"),
    message={
        "converted": (
            "Văn bản dùng bảng mã cũ {encoding} thay vì Unicode; đã đọc thành “{converted}”.",
            "Text is in the legacy {encoding} encoding, not Unicode; read as “{converted}”.",
        ),
        "unconverted": (
            "Văn bản dùng bảng mã cũ {encoding} thay vì Unicode; hãy chuyển mã sang Unicode (ví dụ bằng Unikey) rồi nhập lại.",
            "Text is in the legacy {encoding} encoding, not Unicode; convert it to Unicode (e.g. with Unikey) and enter it again.",
        ),
    },
    what=(
        "Phát hiện văn bản gõ bằng bảng mã 8-bit cũ (TCVN3/ABC với phông .VnTime, VNI) nằm trong tệp Unicode; chuyển sang Unicode khi"
        " việc chuyển chắc chắn đúng. Cần ít nhất hai ký tự đặc trưng trong cùng một ô; không bao giờ báo với tiếng Việt Unicode.",
        "Finds text typed in an old 8-bit encoding (TCVN3/ABC with .VnTime fonts, VNI) inside a Unicode file, and converts it to "
        "Unicode when the conversion is certain. At least two characteristic characters are needed in one cell; Vietnamese Unicode "
        "text is never reported.",
    ),
    why=(
        "Văn bản bảng mã cũ hiện thành ký tự lạ trong báo cáo Unicode (Nghị định 30/2020/NĐ-CP dùng phông Unicode TCVN 6909:2001).",
        "Text in an old encoding shows as garbled characters in a Unicode report (Decree 30/2020/NĐ-CP uses the Unicode fonts of TCVN "
        "6909:2001).",
    ),
    failing=("Tên nhiệm vụ “Sè hãa sæ hé tÞch” (TCVN3).", "The task name “Sè hãa sæ hé tÞch” (TCVN3)."),
    passing=("Tên nhiệm vụ “Số hóa sổ hộ tịch” (Unicode).", "The task name “Số hóa sổ hộ tịch” (Unicode)."),
)(None)

register(
    "F008",
    title=("Tệp trong giới hạn an toàn", "The file is within budgetkit's limits"),
    message={
        kind: (f"Tệp vượt giới hạn của budgetkit: {vi}.", f"The file is over budgetkit's limits: {en}.")
        for kind, (vi, en) in F008_LIMITS.items()
    },
    what=(
        "Mỗi tệp có một ngân sách công việc (trong gói hướng dẫn, `limits`): kích thước tệp, dung lượng giải nén và tỷ lệ nén của "
        "từng phần bảng tính, số trang, kiểu định dạng, phạm vi ô và số dòng của một trang, ô gộp, ký tự của một giá trị, số nút, độ "
        "lồng và dung lượng của YAML, số phát hiện (quá thì một F008 tóm tắt), bộ nhớ và thời gian CPU của tiến trình đọc tệp. Vượt "
        "giới hạn nào thì F008 nêu đúng giới hạn đó; các tệp khác vẫn được kiểm tra (docs/security.md).",
        "Each file has a budget of work (in the guidance pack, `limits`): the file's size, the uncompressed size and compression "
        "ratio of each part of a workbook, the number of sheets, of cell formats, a sheet's cell range and number of rows, merged "
        "cells, the characters of one value, the number of nodes, the nesting depth and the size of YAML, the number of findings "
        "(beyond it, one summary F008), and the memory and CPU time of the process that reads the file. Whichever limit is exceeded, "
        "F008 names that limit; the other files are still checked (docs/security.md).",
    ),
    why=(
        "Tệp nhận qua thư điện tử là không tin cậy: một tệp nhỏ có thể giải nén ra hàng GB và làm treo cả lượt kiểm tra của tỉnh.",
        "Files received by e-mail are untrusted: a small file can expand to gigabytes and hang the whole province's run.",
    ),
    failing=("Bảng tính 40 KB có một phần giải nén ra 2 GB.", "A 40 KB workbook with one part that expands to 2 GB."),
    passing=("Bảng tính dự toán thông thường vài chục KB.", "An ordinary estimate workbook of a few tens of KB."),
)(None)

register(
    "F009",
    title=("Không có khóa YAML trùng", "No YAML key is given twice"),
    message=(
        "Khóa “{name}” đã có ở dòng {first}; giá trị ở dòng {first} được đọc, giá trị này bị bỏ qua.",
        "Key “{name}” is already given on line {first}; the value on line {first} is read, this one is ignored.",
    ),
    what=(
        "Trong một ánh xạ YAML, mỗi khóa chỉ được khai một lần. Khóa khai lần thứ hai là lỗi, báo ở dòng của lần thứ hai.",
        "In a YAML mapping each key is given only once. A key given a second time is an error, reported at the line of the second one.",
    ),
    why=(
        "Trình đọc YAML thông thường lặng lẽ giữ giá trị sau cùng: hai con số khác nhau cho cùng một khoản mà không ai biết con số nào"
        " được tính.",
        "An ordinary YAML reader silently keeps the last value: two different figures for the same item, and nobody knows which one "
        "was counted.",
    ),
    failing=(
        "`estimate: 300` rồi vài dòng sau, trong cùng dòng dự toán, `estimate: 350`.",
        "`estimate: 300`, then a few lines further in the same estimate line, `estimate: 350`.",
    ),
    passing=("Mỗi khóa một lần trong mỗi dòng dự toán.", "Each key once in each estimate line."),
)(None)

register(
    "F010",
    title=("Trang ẩn không thay trang của mẫu", "A hidden sheet does not stand in for the template's"),
    message={
        "hidden_read": (
            "Trang ẩn “{hidden}” trùng tên trang “{sheet}” của mẫu: không có trang "
            "hiện nào mang tên đó nên trang ẩn này được đọc; hãy cho hiện trang.",
            "Hidden sheet “{hidden}” has the name of the template's sheet “{sheet}”: no visible sheet has that name, so this "
            "hidden one is read; unhide it.",
        ),
        "hidden_skipped": (
            "Trang ẩn “{hidden}” trùng tên trang “{sheet}” của mẫu: không đọc, đã đọc trang hiện “{visible}”.",
            "Hidden sheet “{hidden}” has the name of the template's sheet “{sheet}”: not read; the visible sheet “{visible}” is read.",
        ),
    },
    what=(
        "Khi bảng tính có cả trang hiện và trang ẩn mang tên một trang của mẫu (Đơn vị, Dự toán, Thuyết minh), budgetkit đọc trang "
        "hiện và cảnh báo về trang ẩn; trang ẩn chỉ được đọc khi không có trang hiện nào mang tên đó (vẫn cảnh báo).",
        "When a workbook has both a visible and a hidden sheet named like one of the template's sheets (“Đơn vị”, “Dự toán”, “Thuyết "
        "minh”), budgetkit reads the visible sheet and warns about the hidden one; a hidden sheet is read only when no visible sheet "
        "has that name (still with a warning).",
    ),
    why=(
        "Người duyệt chỉ thấy trang hiện: một trang ẩn (kể cả “very hidden”) đặt trước nó không được thay nội dung mà người ta nhìn "
        "thấy và ký.",
        "Reviewers see only the visible sheets: a hidden sheet (even a “very hidden” one) placed before them must not replace the "
        "content people see and sign.",
    ),
    failing=("Trang “DU TOAN” ẩn đặt trước trang “Dự toán”.", "A hidden sheet “DU TOAN” placed before the “Dự toán” sheet."),
    passing=("Chỉ có trang “Dự toán” (hiện).", "Only the (visible) “Dự toán” sheet."),
)(None)
