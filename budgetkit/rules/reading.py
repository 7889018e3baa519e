"""F - reading the file. These are reported by the loaders; here live their texts and documentation."""

from __future__ import annotations

from budgetkit.rules.registry import register

register(
    "F001",
    title=("Tệp đọc được", "The file can be read"),
    message=("Không đọc được tệp: {reason_vi}.", "The file cannot be read: {reason_en}."),
    what="Tệp phải là bảng tính .xlsx/.xlsm thật hoặc tệp YAML UTF-8 an toàn. Tệp .xls, .ods, .csv, PDF, tệp bị mã hóa, bị cắt cụt hay hỏng đều bị từ chối, kèm lời giải thích tệp đó thực ra là gì và cần làm gì.",
    why="Một tệp không đọc được thì không kiểm tra được; người lập biểu cần biết ngay phải lưu lại tệp ra sao thay vì nhận một lỗi khó hiểu.",
    failing="Tệp `du-toan.xlsx` thực chất là tệp Excel 97-2003 (.xls) được đổi đuôi.",
    passing="Mở tệp bằng Excel, chọn Lưu thành… > Sổ làm việc Excel (.xlsx).",
)(None)

register(
    "F002",
    title=("Có đủ trang/phần bắt buộc", "The required sheets or sections are there"),
    message=("Thiếu trang hoặc phần bắt buộc {missing}; tìm thấy: {found}.", "Missing required sheet or section {missing}; found: {found}."),
    what="Bảng tính phải có trang `Đơn vị` và `Dự toán`; tệp YAML phải có `unit` và `lines`.",
    why="Không có thông tin đơn vị hoặc các dòng dự toán thì không thể kiểm tra hay tổng hợp.",
    failing="Bảng tính chỉ có trang `Sheet1`.",
    passing="Bảng tính có trang `Đơn vị` và trang `Dự toán` (tạo bằng `budgetkit template`).",
)(None)

register(
    "F003",
    title=("Có đủ cột bắt buộc", "Every required column is there"),
    message=("Thiếu cột bắt buộc {missing}{near_vi}.", "Missing required column {missing}{near_en}."),
    what="Trang `Dự toán` phải có các cột Mã, Tên nhiệm vụ, Lĩnh vực, Loại chi, Tính chất, Nhóm nội dung và Dự toán năm N. Thông báo nêu tên cột thiếu và tiêu đề gần giống nhất tìm thấy.",
    why="Thiếu một cột bắt buộc thì mọi dòng đều thiếu giá trị đó; báo một lần ở tiêu đề thay vì báo từng dòng.",
    failing="Cột dự toán mang tiêu đề “Kinh phí 2026” thay vì “Dự toán năm 2026”.",
    passing="Tiêu đề cột là “Dự toán năm 2026”.",
)(None)

register(
    "F004",
    title=("Cột hoặc khóa được hỗ trợ", "Columns and keys are known"),
    message=("Cột hoặc khóa không được hỗ trợ “{name}”, bị bỏ qua.{hint_vi}", "Unknown column or key “{name}”, ignored.{hint_en}"),
    what="Một cột của bảng tính mà budgetkit không biết là cảnh báo; một khóa YAML không biết là lỗi (khóa viết sai không được bị bỏ qua lặng lẽ).",
    why="Một cột hay khóa viết sai chính tả làm mất dữ liệu mà người lập biểu tưởng là đã khai.",
    failing="Khóa YAML `estimte: 120` (viết sai `estimate`).",
    passing="Khóa YAML `estimate: 120`.",
)(None)

register(
    "F005",
    title=("Năm trong tiêu đề khớp năm ngân sách", "Header years fit the budget year"),
    message=("Tiêu đề cột “{header}” không khớp năm ngân sách {year} (có thể dùng lại mẫu năm trước); cột này không được đọc.",
             "Column header “{header}” does not fit budget year {year} (last year's template?); the column is not read."),
    what="Tiêu đề có năm (Dự toán năm N, Ước thực hiện năm N-1, Lũy kế bố trí đến hết năm N-2, Nguồn khác năm N) phải mang đúng năm theo năm ngân sách của tệp.",
    why="Dùng lại mẫu năm trước mà không sửa tiêu đề sẽ lẫn số liệu năm cũ vào dự toán năm mới.",
    failing="Tệp năm ngân sách 2026 có cột “Dự toán năm 2024”.",
    passing="Tệp năm ngân sách 2026 có cột “Dự toán năm 2026” và “Dự toán năm 2025”.",
)(None)

register(
    "F006",
    title=("Ô công thức có giá trị đã tính", "Formula cells have cached values"),
    message=("Ô công thức chưa có giá trị đã tính; hãy mở tệp bằng Excel hoặc LibreOffice, để bảng tính tính lại rồi lưu.",
             "A formula cell has no calculated value; open the file in Excel or LibreOffice, let it recalculate and save it."),
    what="Ô chứa công thức được đọc theo giá trị đã tính lưu trong tệp. Tệp do phần mềm khác tạo ra và chưa từng mở bằng bảng tính thì không có giá trị đó.",
    why="Không có giá trị đã tính thì budgetkit không biết số tiền thật; ô đó được coi là trống (không báo thêm V001).",
    failing="Tệp do chương trình khác xuất ra, ô dự toán là `=SUM(O5:O8)` chưa được tính.",
    passing="Mở tệp bằng Excel, lưu lại: ô có cả công thức và giá trị.",
)(None)

register(
    "F007",
    title=("Văn bản là Unicode", "Text is Unicode"),
    message=("Văn bản dùng bảng mã cũ {encoding} thay vì Unicode; {action_vi}.", "Text is in the legacy {encoding} encoding, not Unicode; {action_en}."),
    what="Phát hiện văn bản gõ bằng bảng mã 8-bit cũ (TCVN3/ABC với phông .VnTime, VNI) nằm trong tệp Unicode; chuyển sang Unicode khi việc chuyển chắc chắn đúng. Cần ít nhất hai ký tự đặc trưng trong cùng một ô; không bao giờ báo với tiếng Việt Unicode.",
    why="Văn bản bảng mã cũ hiện thành ký tự lạ trong báo cáo Unicode (Nghị định 30/2020/NĐ-CP dùng phông Unicode TCVN 6909:2001).",
    failing="Tên nhiệm vụ “Sè hãa sæ hé tÞch” (TCVN3).",
    passing="Tên nhiệm vụ “Số hóa sổ hộ tịch” (Unicode).",
)(None)

register(
    "F008",
    title=("Tệp trong giới hạn an toàn", "The file is within budgetkit's limits"),
    message=("Tệp vượt giới hạn của budgetkit: {limit_vi}.", "The file is over budgetkit's limits: {limit_en}."),
    what="Mỗi tệp có một ngân sách công việc (trong gói hướng dẫn, `limits`): kích thước tệp, dung lượng giải nén và tỷ lệ nén của từng phần bảng tính, số trang, kiểu định dạng, phạm vi ô và số dòng của một trang, ô gộp, ký tự của một giá trị, số nút, độ lồng và dung lượng của YAML, số phát hiện (quá thì một F008 tóm tắt), bộ nhớ và thời gian CPU của tiến trình đọc tệp. Vượt giới hạn nào thì F008 nêu đúng giới hạn đó; các tệp khác vẫn được kiểm tra (docs/security.md).",
    why="Tệp nhận qua thư điện tử là không tin cậy: một tệp nhỏ có thể giải nén ra hàng GB và làm treo cả lượt kiểm tra của tỉnh.",
    failing="Bảng tính 40 KB có một phần giải nén ra 2 GB.",
    passing="Bảng tính dự toán thông thường vài chục KB.",
)(None)

register(
    "F009",
    title=("Không có khóa YAML trùng", "No YAML key is given twice"),
    message=("Khóa “{name}” đã có ở dòng {first}; giá trị ở dòng {first} được đọc, giá trị này bị bỏ qua.",
             "Key “{name}” is already given on line {first}; the value on line {first} is read, this one is ignored."),
    what="Trong một ánh xạ YAML, mỗi khóa chỉ được khai một lần. Khóa khai lần thứ hai là lỗi, báo ở dòng của lần thứ hai.",
    why="Trình đọc YAML thông thường lặng lẽ giữ giá trị sau cùng: hai con số khác nhau cho cùng một khoản mà không ai biết con số nào được tính.",
    failing="`estimate: 300` rồi vài dòng sau, trong cùng dòng dự toán, `estimate: 350`.",
    passing="Mỗi khóa một lần trong mỗi dòng dự toán.",
)(None)

register(
    "F010",
    title=("Trang ẩn không thay trang của mẫu", "A hidden sheet does not stand in for the template's"),
    message=("Trang ẩn “{hidden}” trùng tên trang “{sheet}” của mẫu: {action_vi}.",
             "Hidden sheet “{hidden}” has the name of the template's sheet “{sheet}”: {action_en}."),
    what="Khi bảng tính có cả trang hiện và trang ẩn mang tên một trang của mẫu (Đơn vị, Dự toán, Thuyết minh), budgetkit đọc trang hiện và cảnh báo về trang ẩn; trang ẩn chỉ được đọc khi không có trang hiện nào mang tên đó (vẫn cảnh báo).",
    why="Người duyệt chỉ thấy trang hiện: một trang ẩn (kể cả “very hidden”) đặt trước nó không được thay nội dung mà người ta nhìn thấy và ký.",
    failing="Trang “DU TOAN” ẩn đặt trước trang “Dự toán”.",
    passing="Chỉ có trang “Dự toán” (hiện).",
)(None)
