"""Finding 8: production headers (HSTS, CSP, HTTPS redirect) and absolute links from PUBLIC_BASE_URL."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings


def test_check_deploy_is_clean_with_production_settings():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": "k" * 20 + "x9!Qz" * 12,
           "PUBLIC_BASE_URL": "https://truyenthong.baohiemxahoi.example", "VSS_DATA_DIR": django_settings.DATA_DIR.as_posix()}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    code = ("from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
            "'cms.content_security.ScopedCSPMiddleware' in s.MIDDLEWARE, s.WAGTAILADMIN_BASE_URL)")
    shown = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=django_settings.BASE_DIR, env=env,
                           capture_output=True, text=True, timeout=120).stdout.split()
    assert shown[-4:] == ["31536000", "True", "True", "https://truyenthong.baohiemxahoi.example"]


@pytest.fixture
def production_csp(settings):
    """The production policy and middleware on this test's client (loaded at its first request)."""
    from cms.content_security import content_security_policy

    settings.CONTENT_SECURITY_POLICY = content_security_policy()
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "cms.content_security.ScopedCSPMiddleware"]
    return settings


def script_src(response):
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    return policy["script-src"].split()


@pytest.mark.parametrize("url", ["/radio/login/", "/api/docs/"])
def test_our_pages_allow_no_inline_script_and_have_none(client, db, production_csp, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "'unsafe-inline'" not in script_src(response)
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())
    assert inline == [], inline  # each would be refused by the browser
    assert not re.search(r"\son[a-z]+=", response.content.decode())  # nor event-handler attributes


def test_swagger_ui_start_up_script_is_a_file_of_this_site(client, db, production_csp):
    html = client.get("/api/docs/").content.decode()
    script = re.search(r'<script src="(/api/docs/\?[^"]*script=[^"]*)"', html)
    assert script, html
    response = client.get(script.group(1).replace("&amp;", "&"))
    assert response.status_code == 200 and "SwaggerUIBundle" in response.content.decode()
    assert response["Content-Type"].startswith("application/javascript")


def test_only_wagtails_admin_keeps_unsafe_inline_scripts(client, users, production_csp):
    assert "'unsafe-inline'" in script_src(client.get("/admin/login/"))
    client.force_login(users["root"])
    assert "'unsafe-inline'" not in script_src(client.get("/django-admin/"))  # Django's admin writes none
