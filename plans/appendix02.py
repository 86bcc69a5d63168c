"""The draft of appendix 02 ("Báo cáo kết quả công tác thông tin, truyền thông") as DOCX.

Its sections and headings as the 2018 template words them; every figure the system counts is
written in (from the same appendix 03 table the reports show, and from plan against actual);
the prose stays the province's to write, marked where it goes.
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from plans.exports import office_name
from plans.progress import plan_progress
from reports.tables import build_table

PROSE = "[Phần này đơn vị tự viết.]"


def figures_of(unit, period):
    """``{appendix 03 key: value}`` for one unit and period, counted and hand-entered alike."""
    table = build_table([unit], [period])
    values = {}
    for _code, _title, rows in table.rows():
        for row in rows:
            if row.line.key:
                values[row.line.key] = row.cells[0][1]
    return values, table


def _n(value):
    return "…" if value is None else f"{value:,}".replace(",", ".")


SECTIONS = [
    ("2. Phối hợp với các sở, ban, ngành, tổ chức chính trị - xã hội, đoàn thể",
     "Tổ chức {meetings} hội nghị, tập huấn, hội thảo, đối thoại với {meeting_attendees} người tham dự "
     "(trong đó {post_office_meetings} hội nghị tại Bưu điện với {post_office_attendees} người, phát triển "
     "{post_office_new_participants} người tham gia BHXH tự nguyện; {hi_meetings} hội nghị riêng về BHYT với "
     "{hi_meeting_attendees} người)."),
    ("3. Phối hợp với các cơ quan truyền thông báo, đài",
     "Phối hợp đăng, phát {press_items} tin, bài, phóng sự trên báo, đài địa phương (trong đó {press_hi_items} về BHYT); "
     "hệ thống truyền thanh cơ sở phát {loudspeaker_total} lần (trong đó {loudspeaker_hi} lần riêng về BHYT)."),
    ("4. Hoạt động của cổng/ trang tin điện tử",
     "Cổng/trang thông tin điện tử đăng {portal_total} tin, bài, video (trong đó {portal_hi} riêng về BHYT); "
     "tổ chức {online_qa} buổi giao lưu trực tuyến; fanpage đăng {fanpage_total} bài; ứng dụng VssID {vssid_total} tin."),
    ("5. Tuyên truyền trực quan và biên tập phát hành ấn phẩm tuyên truyền",
     "Treo, dựng {posters} pa nô, áp phích, băng rôn, khẩu hiệu; in, phát hành tờ rơi, tờ gấp: BHYT học sinh, sinh viên "
     "{leaflets_student_hi} tờ; BHYT hộ gia đình {leaflets_household_hi} tờ; BHXH bắt buộc {leaflets_compulsory_si} tờ; "
     "BHXH tự nguyện {leaflets_voluntary_si} tờ; loại khác {leaflets_other} tờ."),
    ("6. Công tác tổng kết, bồi dưỡng, tập huấn, kiểm tra và các hoạt động khác",
     "Tổ chức {staff_training} hội nghị, tập huấn cho đội ngũ cán bộ, cộng tác viên."),
]


def _heading(document, text, *, size=13, centre=False):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.font.size = True, Pt(size)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def appendix02_docx(unit, period):
    values, _table = figures_of(unit, period)
    filled = {key: _n(value) for key, value in values.items()}
    progress = plan_progress([unit], period)[0]
    document = Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "BẢO HIỂM XÃ HỘI VIỆT NAM"
    header.cell(1, 0).text = office_name(unit)
    header.cell(0, 1).text = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(1, 1).text = "Độc lập - Tự do - Hạnh phúc"
    _heading(document, "BÁO CÁO", size=14, centre=True)
    _heading(document, f"Kết quả công tác thông tin, truyền thông {period.label.lower()}", centre=True)
    document.add_paragraph(period.dates_label).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _heading(document, "I. TÌNH HÌNH CHUNG")
    for title in ("1. Thuận lợi", "2. Khó khăn"):
        _heading(document, title, size=12)
        document.add_paragraph(PROSE)
    _heading(document, "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC THÔNG TIN, TRUYỀN THÔNG")
    _heading(document, "1. Công tác tham mưu, chỉ đạo thực hiện các hoạt động thông tin, truyền thông", size=12)
    document.add_paragraph(PROSE)
    for title, text in SECTIONS:
        _heading(document, title, size=12)
        document.add_paragraph(text.format_map(filled))
        document.add_paragraph(PROSE)
    _heading(document, "7. Công tác hướng dẫn, theo dõi, kiểm tra nghiệp vụ đối với các quận, huyện", size=12)
    document.add_paragraph(PROSE)
    _heading(document, "8. Kết quả thực hiện so với kế hoạch", size=12)
    if progress.plan is None:
        document.add_paragraph("Chưa có kế hoạch năm được Trung tâm Truyền thông tiếp nhận.")
    else:
        document.add_paragraph(f"Đạt {progress.percent if progress.percent is not None else 0}% kế hoạch của kỳ "
                               f"({_n(progress.done)}/{_n(progress.planned)}).")
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, title in zip(table.rows[0].cells, ("TT", "Hoạt động", "Kế hoạch", "Thực hiện", "Tỷ lệ"), strict=True):
            cell.text = title
        for row in progress.lines:
            if row.done is None or not row.planned:
                continue
            cells = table.add_row().cells
            for cell, value in zip(cells, (row.line.code, row.line.label, _n(row.planned), _n(row.done),
                                           f"{row.percent}%"), strict=True):
                cell.text = str(value)
    _heading(document, "III. ĐÁNH GIÁ CHUNG")
    for title in ("1. Ưu điểm", "2. Tồn tại, hạn chế và nguyên nhân", "3. Đề xuất, kiến nghị"):
        _heading(document, title, size=12)
        document.add_paragraph(PROSE)
    _heading(document, "IV. KẾ HOẠCH THÔNG TIN, TRUYỀN THÔNG QUÝ (NĂM) TIẾP THEO")
    document.add_paragraph(PROSE)
    document.add_paragraph("(Có phụ lục Bảng số liệu chi tiết kết quả các hoạt động thông tin, truyền thông kèm theo).")
    document.add_paragraph("Nơi nhận:\n- Trung tâm Truyền thông, BHXH VN;\n- Lưu: VT.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


