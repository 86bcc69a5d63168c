"""The two screenshots of docs/plans.md (campaign calendar, plan against actual), from the demo data.

    DJANGO_SETTINGS_MODULE=cms.settings.test .venv/bin/python -m tests.plans.screenshots [docs/]

A fresh SQLite database in a temporary folder, `seed_demo` (plans included), Django (and its static files
from the apps) served on a loopback port by wsgiref, and headless Chromium through Selenium (a dev dependency) with Debian's
chromedriver; the demo superuser's session cookie is set in the browser, so no login form.
Not a test (pytest does not collect it): run it by hand when the screens change.
"""

import os
import sys
import tempfile
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--lang=vi", "--window-size=1400,1000", "--hide-scrollbars")


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main(out):
    work = tempfile.mkdtemp(prefix="vss-shots-")
    os.environ["VSS_DATA_DIR"] = work
    os.environ["DATABASE_URL"] = f"sqlite:///{work}/shots.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application
    from django.test import Client
    from django.utils import timezone
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from reports.periods import REPORT_TZ

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    settings.ALLOWED_HOSTS = ["*"]
    server = make_server("127.0.0.1", 0, StaticFilesHandler(get_wsgi_application()), handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(base + "/admin/login/")  # a page of the site, so the cookie has a domain to belong to
        driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": session, "path": "/"})
        today = timezone.now().astimezone(REPORT_TZ).date()
        shots = {
            "plans-calendar.png": f"/admin/plans/calendar/?day={today:%Y-%m}-01",
            "plans-progress.png": f"/admin/plans/progress/?period=year&year={today:%Y}",
        }
        for name, url in shots.items():
            driver.get(base + url)
            # Wagtail's admin scrolls inside its main element, not the document.
            height = driver.execute_script("return Math.max(document.documentElement.scrollHeight, "
                                           "...[...document.querySelectorAll('main, main *')].map(e => e.scrollHeight))")
            # The whole page in one image (up to a limit): the viewport made as tall as the page.
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": 1400, "height": min(max(height, 800), 2400), "deviceScaleFactor": 1, "mobile": False})
            driver.save_screenshot(str(Path(out) / name))
            print(f"{Path(out) / name}: {base + url}")
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
