"""A real browser (headless Chromium through Selenium and Debian's chromedriver) on the radio pages:
an operator logs in, downloads a script and marks it as broadcast, against Django's live server.

Skipped, saying why, when Chromium or its driver is not installed
(``apt-get install chromium chromium-driver``).
"""

import shutil
import time

import pytest
from django.contrib.auth import get_user_model

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
PASSWORD = "browser-pass-123"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                       reason="Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"),
]


@pytest.fixture
def browser(tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--lang=vi", "--window-size=412,915"):  # a phone-sized window
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(tmp_path),
                                              "download.prompt_for_download": False,
                                              "plugins.always_open_pdf_externally": True})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    driver.implicitly_wait(5)
    driver.downloads = tmp_path
    yield driver
    driver.quit()


@pytest.fixture
def world(transactional_db, live_server, settings):
    """Committed data the live server's thread can read: Lào Cai, Sa Pa's operator, one delivered script."""
    from channels.loudspeaker.services import loudspeaker_destinations_ensure
    from cms.models import BroadcastScriptPage, OrgUnit
    from cms.services.content import content_approve, content_create, content_submit
    from cms.services.languages import languages_load
    from cms.services.org_units import org_units_load, org_units_read
    from cms.services.staff import staff_create
    from cms.services.taxonomy import taxonomy_load
    from django.utils import timezone
    from publishing.services.dispatcher import drain_due

    settings.WAGTAILADMIN_BASE_URL = live_server.url  # signed download links point at the live server
    languages_load()
    taxonomy_load()
    org_units_load(data=org_units_read(), only={"15"})
    province, sa_pa = OrgUnit.objects.get(code="15"), OrgUnit.objects.get(code="15-sa-pa")
    staff_create(username="b_editor", unit=province, role="editor", password=PASSWORD)
    staff_create(username="b_approver", unit=province, role="approver", password=PASSWORD)
    staff_create(username="loa_sapa", unit=sa_pa, role="radio_operator", password=PASSWORD)
    loudspeaker_destinations_ensure(communes=[sa_pa], config={"slots": "06:30", "repeats": "2"})
    User = get_user_model()
    page = BroadcastScriptPage(title="Kịch bản: thẻ BHYT trên VssID", broadcast_from=timezone.localdate(),
                               broadcast_until=timezone.localdate(),
                               script="<p>Bà con có thể dùng thẻ BHYT trên ứng dụng VssID khi đi khám bệnh.</p>")
    content_create(section=province.section_page.specific, page=page, user=User.objects.get(username="b_editor"))
    page = BroadcastScriptPage.objects.get(pk=page.pk)
    content_submit(page=page, user=User.objects.get(username="b_editor"))
    content_approve(page=page, user=User.objects.get(username="b_approver"))
    drain_due(budget_seconds=10)  # the rows were also queued to the broker on commit: no worker runs here
    return {"url": live_server.url, "page": page}


def wait_for_file(folder, suffix, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [path for path in folder.iterdir() if path.name.endswith(suffix)]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} file downloaded: {[p.name for p in folder.iterdir()]}")


def test_an_operator_logs_in_downloads_the_script_and_marks_it_broadcast(browser, world):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from channels.loudspeaker.models import Broadcast

    browser.get(world["url"] + "/radio/")
    assert "/radio/login/" in browser.current_url and "Đăng nhập" in browser.page_source
    browser.find_element(By.NAME, "username").send_keys("loa_sapa")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit].p").click()
    # Wait for the next page: the login page's own heading would otherwise be read as it goes stale.
    WebDriverWait(browser, 20).until(lambda driver: "/radio/login/" not in driver.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text.endswith("Sa Pa")
    assert "Kịch bản: thẻ BHYT trên VssID" in browser.page_source and "Hôm nay" in browser.page_source

    browser.find_element(By.LINK_TEXT, "TXT").click()
    downloaded = wait_for_file(browser.downloads, ".txt")
    assert "Bà con có thể dùng thẻ" in downloaded.read_text(encoding="utf-8")  # the script, as read aloud

    browser.find_element(By.LINK_TEXT, "Đã phát").click()
    times = browser.find_element(By.NAME, "times")
    assert times.get_attribute("value") == "2"  # the commune's repeat count, as a start
    times.clear()
    times.send_keys("3")
    browser.find_element(By.XPATH, "//button[normalize-space()='Xác nhận đã phát']").click()
    notice = WebDriverWait(browser, 20, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, "p.ok").text)
    assert "Đã ghi nhận" in notice
    broadcast = Broadcast.objects.get()
    assert broadcast.times == 3 and broadcast.commune.code == "15-sa-pa" and broadcast.page_id == world["page"].pk
