"""X - across the files of a batch. Checked by batch.py over the files' summaries; texts live here."""

from __future__ import annotations

from budgetkit.rules.registry import register

register(
    "X001",
    title=("Không nộp trùng", "No double submission"),
    message=(
        "{count} tệp cùng mã ĐVQHNS {code} và năm ngân sách {year}: {files}.",
        "{count} files carry unit code {code} and budget year {year}: {files}.",
    ),
    what=(
        "Không có hai tệp trong một lượt kiểm tra cùng mã ĐVQHNS và năm ngân sách. Lỗi này làm mọi tệp liên quan không đạt, nên không"
        " tệp nào được tổng hợp.",
        "No two files of one run carry the same budget-user code (“Mã ĐVQHNS”) and budget year. This error fails every file involved,"
        " so none of them is consolidated.",
    ),
    why=(
        "Nộp trùng (bản sửa gửi lại mà không xóa bản cũ) làm tổng dự toán của tỉnh bị cộng hai lần.",
        "A double submission (a corrected file sent again without removing the old one) counts the province's estimate twice.",
    ),
    failing=(
        "chieng-mung.xlsx và chieng-mung (sua).xlsx cùng mã 3012345, năm 2026.",
        "chieng-mung.xlsx and chieng-mung (sua).xlsx, both with code 3012345 and year 2026.",
    ),
    passing=("Chỉ giữ bản cuối cùng của mỗi đơn vị trong thư mục.", "Keep only the latest file of each unit in the folder."),
)(None)

register(
    "X002",
    title=("Không trùng nhiệm vụ giữa các đơn vị", "No task in two units' files"),
    message=(
        "Nhiệm vụ “{name}” (chủ trì: {lead}) có trong dự toán của {count} đơn vị ({file_count} tệp): {files}.",
        "Task “{name}” (lead: {lead}) appears in the estimates of {count} units ({file_count} files): {files}.",
    ),
    what=(
        "Cùng một nhiệm vụ (cùng tên đã chuẩn hóa và cùng đơn vị chủ trì) không xuất hiện trong tệp của hai đơn vị.",
        "The same task (the same normalised name and the same lead agency) does not appear in the files of two units.",
    ),
    why=(
        "Thông báo 01-TB/BCĐTW: tránh chồng chéo nhiệm vụ giữa các cơ quan.",
        "Notice 01-TB/BCĐTW: avoid overlapping tasks between agencies.",
    ),
    failing=(
        "Sở KH&CN và xã Chiềng Mung cùng đề nghị “Số hóa sổ hộ tịch”, chủ trì UBND xã Chiềng Mung.",
        "The Department of Science and Technology and Chiềng Mung commune both propose “Số hóa sổ hộ tịch” (digitising the "
        "civil-status registers), led by the People's Committee of Chiềng Mung commune.",
    ),
    passing=("Nhiệm vụ chỉ nằm trong dự toán của đơn vị chủ trì.", "The task is only in the estimate of the unit that leads it."),
)(None)

register(
    "X003",
    title=("Cùng năm ngân sách", "One budget year"),
    message=(
        "Các tệp có năm ngân sách khác nhau: {years}; tệp {files} khác năm phổ biến {year}.",
        "The files have different budget years: {years}; {files} differ from the usual {year}.",
    ),
    what=("Mọi tệp của một lượt kiểm tra có cùng năm ngân sách.", "All files of one run have the same budget year."),
    why=(
        "Tệp năm khác (gửi nhầm bản năm trước) không được cộng vào dự toán năm này.",
        "A file for another year (last year's file sent by mistake) is not added to this year's estimate.",
    ),
    failing=("74 tệp năm 2026 và 1 tệp năm 2025.", "74 files for 2026 and 1 file for 2025."),
    passing=("Mọi tệp năm 2026.", "Every file is for 2026."),
)(None)

register(
    "X004",
    title=("Đủ đơn vị theo danh sách", "Every expected unit has a file"),
    message={
        "unreadable": (
            "Đơn vị {name} (mã {code}) đã nộp tệp {path} nhưng tệp không đọc được (F001); cần nộp lại tệp .xlsx hoặc .yaml.",
            "Unit {name} (code {code}) submitted {path}, but the file cannot be read (F001); it must be sent again as .xlsx or .yaml.",
        ),
        "missing": ("Đơn vị {name} (mã {code}) trong danh sách chưa nộp tệp.", "Unit {name} (code {code}) on the roster has no file."),
        "missing_readable": (
            "Đơn vị {name} (mã {code}) trong danh sách chưa nộp tệp đọc được.",
            "Unit {name} (code {code}) on the roster has no readable file.",
        ),
        "unmatched": (
            "{count} tệp không đọc được (F001) chưa xác định được đơn vị trong danh sách: {files}; "
            "có thể là của các đơn vị chưa nộp tệp đọc được.",
            "{count} unreadable files (F001) could not be matched to a roster unit: {files}; "
            "they may belong to the units without a readable file.",
        ),
        "not_on_roster": (
            "Đơn vị {name} (mã {code}) của tệp {path} không có trong danh sách.",
            "The unit {name} (code {code}) of {path} is not on the roster.",
        ),
    },
    what=(
        "Với danh sách đơn vị (--roster), mỗi đơn vị trong danh sách có tệp, và đơn vị của mỗi tệp có trong danh sách. Danh sách là "
        "YAML (các mục code, name) hoặc Excel (trang đầu, cột Mã ĐVQHNS và Tên đơn vị).",
        "With a roster of units (--roster), every unit on the roster has a file, and the unit of every file is on the roster. The "
        "roster is YAML (entries with code and name) or Excel (the first sheet, with the columns “Mã ĐVQHNS” and “Tên đơn vị”).",
    ),
    why=(
        "Sở KH&CN cần biết ngay đơn vị nào chưa nộp và tệp nào không thuộc tỉnh.",
        "The provincial Department of Science and Technology needs to know at once which units have not submitted and which files do "
        "not belong to the province.",
    ),
    failing=("Danh sách 75 xã, phường; thư mục có 73 tệp.", "A roster of 75 communes and wards; the folder holds 73 files."),
    passing=("75 tệp cho 75 đơn vị trong danh sách.", "75 files for the 75 units on the roster."),
)(None)
