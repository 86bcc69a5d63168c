"""Finding 3: password guessing is stopped on every login form; two-step verification works and can be required."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD

LOGINS = [("/admin/login/", "editor_a"), ("/radio/login/", "operator_a")]


def guess(client, url, username, password="wrong-password", address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture(autouse=True)
def no_attempts(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


@pytest.mark.parametrize("url,username", LOGINS)
def test_wrong_passwords_lock_the_login_name_out(client, users, settings, url, username):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert guess(client, url, username).status_code == 200
    locked = guess(client, url, username)
    assert locked.status_code == 429
    assert "Đăng nhập bị chặn" in locked.content.decode()
    # The right password no longer works, from this address or another one.
    assert guess(client, url, username, PASSWORD).status_code == 429
    assert guess(client, url, username, PASSWORD, address="10.9.9.9").status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_guessing_many_names_is_locked_out(client, users, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        guess(client, "/admin/login/", f"nobody-{number}")
    assert guess(client, "/admin/login/", "editor_b", PASSWORD).status_code == 429
    assert guess(client, "/admin/login/", "editor_b", PASSWORD, address="10.0.0.2").status_code == 302


def test_a_right_password_before_the_limit_logs_in_and_resets(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        guess(client, "/admin/login/", "editor_a")
    assert guess(client, "/admin/login/", "editor_a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert guess(client, "/admin/login/", "editor_a").status_code == 200


def test_a_superuser_unlocks_an_account(client, users, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        guess(client, "/admin/login/", "editor_a")
    attempt = AccessAttempt.objects.get(username="editor_a")
    admin = client.__class__()
    admin.force_login(users["root"])
    listing = admin.get("/django-admin/axes/accessattempt/")
    assert listing.status_code == 200 and "editor_a" in listing.content.decode()
    url = f"/django-admin/axes/accessattempt/{attempt.pk}/delete/"
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert guess(client, "/admin/login/", "editor_a", PASSWORD, address="10.0.0.3").status_code == 302


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_two_step_verification_set_up_and_asked_after_the_password(client, users, settings):
    # django-otp slows down repeated wrong codes (seconds, doubling); not what is checked here.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    client.force_login(users["editor_a"])
    setup = client.get(reverse("cms_2fa_setup"))
    assert setup.status_code == 200 and "data:image/svg+xml" in setup.content.decode()
    device = TOTPDevice.objects.get(user=users["editor_a"], confirmed=False)
    assert client.post(reverse("cms_2fa_setup"), {"otp_token": "000000"}).status_code == 200  # wrong: asked again
    done = client.post(reverse("cms_2fa_setup"), {"otp_token": code_for(device)})
    codes = done.context["codes"]
    assert len(codes) == 10 and client.get(reverse("wagtailadmin_home")).status_code == 200

    client.logout()
    assert guess(client, "/admin/login/", "editor_a", PASSWORD).status_code == 302
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 302 and home["Location"].startswith(reverse("cms_2fa_verify"))
    assert client.get(reverse("wagtailadmin_pages:edit", args=[1])).status_code == 302
    wrong = client.post(reverse("cms_2fa_verify"), {"otp_token": "123456"})
    assert "sai" in wrong.content.decode()
    assert client.post(reverse("cms_2fa_verify"), {"otp_token": codes[0]}).status_code == 302  # a recovery code
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    client.logout()
    guess(client, "/admin/login/", "editor_a", PASSWORD)
    client.post(reverse("cms_2fa_verify"), {"otp_token": codes[0]})  # used once: not again
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


@override_settings(VSS_2FA_REQUIRED=True)
@pytest.mark.parametrize("username,required", [("approver_a", True), ("leadership", True), ("root", True),
                                               ("editor_a", False), ("central_editor", False)])
def test_two_step_verification_required_of_approvers(client, users, username, required):
    client.force_login(users[username])
    response = client.get(reverse("wagtailadmin_home"))
    if required:
        assert response.status_code == 302 and response["Location"].startswith(reverse("cms_2fa_setup"))
    else:
        assert response.status_code == 200


def test_django_admin_asks_for_the_same_second_step(client, users, settings):
    """/django-admin/ (where logins are unlocked) logs in with a password alone: its pages need the code too."""
    # All through the fixture: mixed with @override_settings, its undoing would restore the other's value.
    settings.VSS_2FA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    root = users["root"]
    client.force_login(root)
    for url in ("/django-admin/", "/django-admin/axes/accessattempt/"):
        response = client.get(url)  # no device yet, and one is required of a superuser
        assert response.status_code == 302 and response["Location"].startswith(reverse("cms_2fa_setup")), url
    device = TOTPDevice.objects.create(user=root, name="authenticator", confirmed=True)
    client.logout()
    login = client.post("/django-admin/login/?next=/django-admin/axes/accessattempt/",
                        {"username": "root", "password": PASSWORD, "next": "/django-admin/axes/accessattempt/"},
                        REMOTE_ADDR="10.0.0.9")
    assert login.status_code == 302  # the password is right...
    listing = client.get("/django-admin/axes/accessattempt/")
    assert listing.status_code == 302 and listing["Location"].startswith(reverse("cms_2fa_verify"))  # ...but no more
    assert "django-admin" in listing["Location"]  # back there once verified
    verified = client.post(listing["Location"], {"otp_token": code_for(device)})
    assert verified.status_code == 302 and verified["Location"] == "/django-admin/axes/accessattempt/"
    assert client.get("/django-admin/axes/accessattempt/").status_code == 200


@override_settings(VSS_2FA_REQUIRED=True)
def test_django_admin_login_page_still_opens_for_the_second_step_to_follow(client, db):
    assert client.get("/django-admin/login/").status_code == 200
