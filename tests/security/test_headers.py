"""Finding 8: production headers (HSTS, CSP, HTTPS redirect) and absolute links from PUBLIC_BASE_URL."""

import os
import subprocess
import sys

from django.conf import settings as django_settings


def test_check_deploy_is_clean_with_production_settings():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": "k" * 20 + "x9!Qz" * 12,
           "PUBLIC_BASE_URL": "https://truyenthong.baohiemxahoi.example", "VSS_DATA_DIR": django_settings.DATA_DIR.as_posix()}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    code = ("from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
            "'csp.middleware.CSPMiddleware' in s.MIDDLEWARE, s.WAGTAILADMIN_BASE_URL)")
    shown = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=django_settings.BASE_DIR, env=env,
                           capture_output=True, text=True, timeout=120).stdout.split()
    assert shown[-4:] == ["31536000", "True", "True", "https://truyenthong.baohiemxahoi.example"]
