"""F - reading the file. These are reported by the loaders; here live their texts and documentation."""

from __future__ import annotations

from budgetkit.rules.registry import register

register(
    "F001",
    title=("Tệp đọc được", "The file can be read"),
    message=("Không đọc được tệp: {reason_vi}.", "The file cannot be read: {reason_en}."),
    what=("Tệp phải là bảng tính .xlsx/.xlsm thật hoặc tệp YAML UTF-8 an toàn. Tệp .xls, .ods, .csv, PDF, tệp bị mã hóa, bị cắt cụt hay"
          " hỏng đều bị từ chối, kèm lời giải thích tệp đó thực ra là gì và cần làm gì.",
          "The file must be a real .xlsx/.xlsm workbook or a safe UTF-8 YAML file. .xls, .ods, .csv and PDF files, and encrypted, "
          "truncated or damaged files, are refused with an explanation of what the file really is and what to do."),
    why=("Một tệp không đọc được thì không kiểm tra được; người lập biểu cần biết ngay phải lưu lại tệp ra sao thay vì nhận một lỗi khó"
         " hiểu.",
         "A file that cannot be read cannot be checked; whoever prepared it needs to know at once how to save it again, rather than get"
         " an obscure error."),
    failing=("Tệp `du-toan.xlsx` thực chất là tệp Excel 97-2003 (.xls) được đổi đuôi.",
             "The file `du-toan.xlsx` is really an Excel 97-2003 (.xls) file whose extension was changed."),
    passing=("Mở tệp bằng Excel, chọn Lưu thành… > Sổ làm việc Excel (.xlsx).",
             "Open the file in Excel and choose Save As… > Excel Workbook (.xlsx)."),
)(None)

register(
    "F002",
    title=("Có đủ trang/phần bắt buộc", "The required sheets or sections are there"),
    message=("Thiếu trang hoặc phần bắt buộc {missing}; tìm thấy: {found}.", "Missing required sheet or section {missing}; found: {found}."),
    what=("Bảng tính phải có trang `Đơn vị` và `Dự toán`; tệp YAML phải có `unit` và `lines`.",
          "A workbook must have the sheets `Đơn vị` (the unit) and `Dự toán` (the estimate); a YAML file must have `unit` and `lines`."),
    why=("Không có thông tin đơn vị hoặc các dòng dự toán thì không thể kiểm tra hay tổng hợp.",
         "Without the unit's details or the estimate lines, nothing can be checked or consolidated."),
    failing=("Bảng tính chỉ có trang `Sheet1`.",
             "The workbook has only the sheet `Sheet1`."),
    passing=("Bảng tính có trang `Đơn vị` và trang `Dự toán` (tạo bằng `budgetkit template`).",
             "The workbook has a `Đơn vị` sheet and a `Dự toán` sheet (made with `budgetkit template`)."),
)(None)

register(
    "F003",
    title=("Có đủ cột bắt buộc", "Every required column is there"),
    message=("Thiếu cột bắt buộc {missing}{near_vi}.", "Missing required column {missing}{near_en}."),
    what=("Trang `Dự toán` phải có các cột Mã, Tên nhiệm vụ, Lĩnh vực, Loại chi, Tính chất, Nhóm nội dung và Dự toán năm N. Thông báo "
          "nêu tên cột thiếu và tiêu đề gần giống nhất tìm thấy.",
          "The `Dự toán` sheet must have the columns “Mã” (code), “Tên nhiệm vụ” (name), “Lĩnh vực” (pillar), “Loại chi” (spending "
          "type), “Tính chất” (status), “Nhóm nội dung” (category) and “Dự toán năm N” (the year-N estimate). The message names the "
          "missing column and the closest heading found."),
    why=("Thiếu một cột bắt buộc thì mọi dòng đều thiếu giá trị đó; báo một lần ở tiêu đề thay vì báo từng dòng.",
         "Without a required column every line lacks that value; it is reported once, at the headings, rather than on every line."),
    failing=("Cột dự toán mang tiêu đề “Kinh phí 2026” thay vì “Dự toán năm 2026”.",
             "The estimate column is headed “Kinh phí 2026” instead of “Dự toán năm 2026”."),
    passing=("Tiêu đề cột là “Dự toán năm 2026”.",
             "The column is headed “Dự toán năm 2026”."),
)(None)

register(
    "F004",
    title=("Cột hoặc khóa được hỗ trợ", "Columns and keys are known"),
    message=("Cột hoặc khóa không được hỗ trợ “{name}”, bị bỏ qua.{hint_vi}", "Unknown column or key “{name}”, ignored.{hint_en}"),
    what=("Một cột của bảng tính mà budgetkit không biết là cảnh báo; một khóa YAML không biết là lỗi (khóa viết sai không được bị bỏ "
          "qua lặng lẽ).",
          "A workbook column that budgetkit does not know is a warning; an unknown YAML key is an error (a misspelt key must not be "
          "ignored silently)."),
    why=("Một cột hay khóa viết sai chính tả làm mất dữ liệu mà người lập biểu tưởng là đã khai.",
         "A misspelt column or key loses data that whoever prepared the file believes was entered."),
    failing=("Khóa YAML `estimte: 120` (viết sai `estimate`).",
             "The YAML key `estimte: 120` (a misspelling of `estimate`)."),
    passing=("Khóa YAML `estimate: 120`.",
             "The YAML key `estimate: 120`."),
)(None)

register(
    "F005",
    title=("Năm trong tiêu đề khớp năm ngân sách", "Header years fit the budget year"),
    message=("Tiêu đề cột “{header}” không khớp năm ngân sách {year} (có thể dùng lại mẫu năm trước); cột này không được đọc.",
             "Column header “{header}” does not fit budget year {year} (last year's template?); the column is not read."),
    what=("Tiêu đề có năm (Dự toán năm N, Ước thực hiện năm N-1, Lũy kế bố trí đến hết năm N-2, Nguồn khác năm N) phải mang đúng năm "
          "theo năm ngân sách của tệp.",
          "Headings with a year (“Dự toán năm N”, “Ước thực hiện năm N-1”, “Lũy kế bố trí đến hết năm N-2”, “Nguồn khác năm N”: the "
          "estimate, the expected execution, the amount allocated so far, other sources) must carry the right year for the file's "
          "budget year."),
    why=("Dùng lại mẫu năm trước mà không sửa tiêu đề sẽ lẫn số liệu năm cũ vào dự toán năm mới.",
         "Reusing last year's template without correcting its headings mixes last year's figures into the new estimate."),
    failing=("Tệp năm ngân sách 2026 có cột “Dự toán năm 2024”.",
             "A file for budget year 2026 has a column “Dự toán năm 2024”."),
    passing=("Tệp năm ngân sách 2026 có cột “Dự toán năm 2026” và “Dự toán năm 2025”.",
             "A file for budget year 2026 has the columns “Dự toán năm 2026” and “Dự toán năm 2025”."),
)(None)

register(
    "F006",
    title=("Ô công thức có giá trị đã tính", "Formula cells have cached values"),
    message=("Ô công thức chưa có giá trị đã tính; hãy mở tệp bằng Excel hoặc LibreOffice, để bảng tính tính lại rồi lưu.",
             "A formula cell has no calculated value; open the file in Excel or LibreOffice, let it recalculate and save it."),
    what=("Ô chứa công thức được đọc theo giá trị đã tính lưu trong tệp. Tệp do phần mềm khác tạo ra và chưa từng mở bằng bảng tính thì"
          " không có giá trị đó.",
          "A cell holding a formula is read by the calculated value stored in the file. A file made by other software and never opened "
          "in a spreadsheet program has no such value."),
    why=("Không có giá trị đã tính thì budgetkit không biết số tiền thật; ô đó được coi là trống (không báo thêm V001).",
         "Without the calculated value budgetkit does not know the real amount; the cell is treated as empty (and no V001 is reported "
         "for it)."),
    failing=("Tệp do chương trình khác xuất ra, ô dự toán là `=SUM(O5:O8)` chưa được tính.",
             "A file exported by another program whose estimate cell holds `=SUM(O5:O8)`, never calculated."),
    passing=("Mở tệp bằng Excel, lưu lại: ô có cả công thức và giá trị.",
             "Open the file in Excel and save it again: the cell holds both the formula and its value."),
)(None)

register(
    "F007",
    title=("Văn bản là Unicode", "Text is Unicode"),
    message=("Văn bản dùng bảng mã cũ {encoding} thay vì Unicode; {action_vi}.", "Text is in the legacy {encoding} encoding, not Unicode; {action_en}."),
    what=("Phát hiện văn bản gõ bằng bảng mã 8-bit cũ (TCVN3/ABC với phông .VnTime, VNI) nằm trong tệp Unicode; chuyển sang Unicode khi"
          " việc chuyển chắc chắn đúng. Cần ít nhất hai ký tự đặc trưng trong cùng một ô; không bao giờ báo với tiếng Việt Unicode.",
          "Finds text typed in an old 8-bit encoding (TCVN3/ABC with .VnTime fonts, VNI) inside a Unicode file, and converts it to "
          "Unicode when the conversion is certain. At least two characteristic characters are needed in one cell; Vietnamese Unicode "
          "text is never reported."),
    why=("Văn bản bảng mã cũ hiện thành ký tự lạ trong báo cáo Unicode (Nghị định 30/2020/NĐ-CP dùng phông Unicode TCVN 6909:2001).",
         "Text in an old encoding shows as garbled characters in a Unicode report (Decree 30/2020/NĐ-CP uses the Unicode fonts of TCVN "
         "6909:2001)."),
    failing=("Tên nhiệm vụ “Sè hãa sæ hé tÞch” (TCVN3).",
             "The task name “Sè hãa sæ hé tÞch” (TCVN3)."),
    passing=("Tên nhiệm vụ “Số hóa sổ hộ tịch” (Unicode).",
             "The task name “Số hóa sổ hộ tịch” (Unicode)."),
)(None)

register(
    "F008",
    title=("Tệp trong giới hạn an toàn", "The file is within budgetkit's limits"),
    message=("Tệp vượt giới hạn của budgetkit: {limit_vi}.", "The file is over budgetkit's limits: {limit_en}."),
    what=("Mỗi tệp có một ngân sách công việc (trong gói hướng dẫn, `limits`): kích thước tệp, dung lượng giải nén và tỷ lệ nén của "
          "từng phần bảng tính, số trang, kiểu định dạng, phạm vi ô và số dòng của một trang, ô gộp, ký tự của một giá trị, số nút, độ "
          "lồng và dung lượng của YAML, số phát hiện (quá thì một F008 tóm tắt), bộ nhớ và thời gian CPU của tiến trình đọc tệp. Vượt "
          "giới hạn nào thì F008 nêu đúng giới hạn đó; các tệp khác vẫn được kiểm tra (docs/security.md).",
          "Each file has a budget of work (in the guidance pack, `limits`): the file's size, the uncompressed size and compression "
          "ratio of each part of a workbook, the number of sheets, of cell formats, a sheet's cell range and number of rows, merged "
          "cells, the characters of one value, the number of nodes, the nesting depth and the size of YAML, the number of findings "
          "(beyond it, one summary F008), and the memory and CPU time of the process that reads the file. Whichever limit is exceeded, "
          "F008 names that limit; the other files are still checked (docs/security.md)."),
    why=("Tệp nhận qua thư điện tử là không tin cậy: một tệp nhỏ có thể giải nén ra hàng GB và làm treo cả lượt kiểm tra của tỉnh.",
         "Files received by e-mail are untrusted: a small file can expand to gigabytes and hang the whole province's run."),
    failing=("Bảng tính 40 KB có một phần giải nén ra 2 GB.",
             "A 40 KB workbook with one part that expands to 2 GB."),
    passing=("Bảng tính dự toán thông thường vài chục KB.",
             "An ordinary estimate workbook of a few tens of KB."),
)(None)

register(
    "F009",
    title=("Không có khóa YAML trùng", "No YAML key is given twice"),
    message=("Khóa “{name}” đã có ở dòng {first}; giá trị ở dòng {first} được đọc, giá trị này bị bỏ qua.",
             "Key “{name}” is already given on line {first}; the value on line {first} is read, this one is ignored."),
    what=("Trong một ánh xạ YAML, mỗi khóa chỉ được khai một lần. Khóa khai lần thứ hai là lỗi, báo ở dòng của lần thứ hai.",
          "In a YAML mapping each key is given only once. A key given a second time is an error, reported at the line of the second one."),
    why=("Trình đọc YAML thông thường lặng lẽ giữ giá trị sau cùng: hai con số khác nhau cho cùng một khoản mà không ai biết con số nào"
         " được tính.",
         "An ordinary YAML reader silently keeps the last value: two different figures for the same item, and nobody knows which one "
         "was counted."),
    failing=("`estimate: 300` rồi vài dòng sau, trong cùng dòng dự toán, `estimate: 350`.",
             "`estimate: 300`, then a few lines further in the same estimate line, `estimate: 350`."),
    passing=("Mỗi khóa một lần trong mỗi dòng dự toán.",
             "Each key once in each estimate line."),
)(None)

register(
    "F010",
    title=("Trang ẩn không thay trang của mẫu", "A hidden sheet does not stand in for the template's"),
    message=("Trang ẩn “{hidden}” trùng tên trang “{sheet}” của mẫu: {action_vi}.",
             "Hidden sheet “{hidden}” has the name of the template's sheet “{sheet}”: {action_en}."),
    what=("Khi bảng tính có cả trang hiện và trang ẩn mang tên một trang của mẫu (Đơn vị, Dự toán, Thuyết minh), budgetkit đọc trang "
          "hiện và cảnh báo về trang ẩn; trang ẩn chỉ được đọc khi không có trang hiện nào mang tên đó (vẫn cảnh báo).",
          "When a workbook has both a visible and a hidden sheet named like one of the template's sheets (“Đơn vị”, “Dự toán”, “Thuyết "
          "minh”), budgetkit reads the visible sheet and warns about the hidden one; a hidden sheet is read only when no visible sheet "
          "has that name (still with a warning)."),
    why=("Người duyệt chỉ thấy trang hiện: một trang ẩn (kể cả “very hidden”) đặt trước nó không được thay nội dung mà người ta nhìn "
         "thấy và ký.",
         "Reviewers see only the visible sheets: a hidden sheet (even a “very hidden” one) placed before them must not replace the "
         "content people see and sign."),
    failing=("Trang “DU TOAN” ẩn đặt trước trang “Dự toán”.",
             "A hidden sheet “DU TOAN” placed before the “Dự toán” sheet."),
    passing=("Chỉ có trang “Dự toán” (hiện).",
             "Only the (visible) “Dự toán” sheet."),
)(None)
