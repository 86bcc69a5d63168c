"""404, 403 and 500 say what happened in Vietnamese, and the way back, wherever they happen."""

from django.test import RequestFactory

from cms.errors import server_error


def test_a_missing_page_on_the_site_and_in_the_admin(client, users):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()
    client.force_login(users["editor_a"])
    response = client.get("/admin/pages/987654/edit/")
    html = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy trang" in html and "Về trang quản trị" in html
    assert "Not Found" not in html


def test_a_radio_page_of_another_commune_or_format(client, users):
    client.force_login(users["operator_a"])
    response = client.get("/radio/scripts/987654/")
    html = response.content.decode()
    assert response.status_code == 404 and "không có cho xã của bạn" in html and "Về danh sách kịch bản" in html


def test_a_signed_in_non_operator_at_the_radio_pages_is_told_why(client, users):
    client.force_login(users["editor_a"])
    response = client.get("/radio/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "không phải tài khoản phát thanh viên xã" in html and "Đăng xuất" in html and "Forbidden" not in html


def test_a_server_error_page_in_vietnamese():
    response = server_error(RequestFactory().get("/admin/"))
    html = response.content.decode()
    assert response.status_code == 500 and "Hệ thống gặp sự cố" in html and "không có gì bị lưu dở dang" in html
