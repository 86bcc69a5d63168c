"""Headless Chromium loads the radio login page and Swagger UI under the production Content-Security-Policy:
the browser reports no violation and Swagger UI's scripts really run (it draws the API's operations).

Skipped, saying why, when Chromium or its driver is not installed
(``apt-get install chromium chromium-driver``).
"""

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                       reason="Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"),
]


@pytest.fixture
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(10)
    yield driver
    driver.quit()


@pytest.fixture
def server(settings):
    """A live server started after the production policy and middleware are set (it loads them at start)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    from cms.content_security import content_security_policy

    settings.CONTENT_SECURITY_POLICY = content_security_policy()
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "cms.content_security.ScopedCSPMiddleware"]
    settings.ALLOWED_HOSTS = ["*"]
    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


def violations(driver):
    return [entry["message"] for entry in driver.get_log("browser")
            if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]]


def test_radio_login_and_swagger_ui_run_under_the_production_policy(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/radio/login/")
    assert browser.find_element(By.NAME, "username")
    assert violations(browser) == []

    browser.get(f"{server}/api/docs/")
    # Drawn by Swagger UI's scripts from the schema: only there when they ran.
    operation = browser.find_element(By.CSS_SELECTOR, ".opblock-summary-path[data-path='/api/items/']")
    assert operation.text.startswith("/api/items/")
    assert violations(browser) == []


def test_the_check_sees_a_violation_when_there_is_one(browser, server):
    """The same policy refuses an inline script, and the console shows it: the check above is not blind."""
    browser.get(f"{server}/radio/login/")
    browser.execute_script("const s = document.createElement('script'); s.textContent = '1'; "
                           "document.body.appendChild(s);")
    assert any("script-src" in message for message in violations(browser))
