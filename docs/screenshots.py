"""Take the guides' screenshots from the demo, so they can be regenerated when the admin changes.

    make run   # in another terminal
    .venv/bin/python docs/screenshots.py --base http://127.0.0.1:8000

Needs headless Chromium and its driver (Debian: chromium, chromium-driver) and the `selenium`
package (dev extra). Signs in as the demo people and writes PNGs beside this file.
"""

import argparse
import os
import pathlib
import shutil
import time
from urllib.parse import quote

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

HERE = pathlib.Path(__file__).resolve().parent
PASSWORD = os.environ.get("VSS_DEMO_PASSWORD", "Vss@2026-demo")
DESKTOP, PHONE = (1366, 900), (390, 844)
# (file, login, login page, page to photograph, window size)
SHOTS = [
    ("admin-lao-cai.png", "bientap.lao-cai", "/admin/login/", "/admin/pages/search/?q=", DESKTOP),
    ("item-channels.png", "bientap.lao-cai", "/admin/login/", None, DESKTOP),
    ("reports-lao-cai.png", "duyet.lao-cai", "/admin/login/", "/admin/communication-reports/", DESKTOP),
    ("radio-bat-xat.png", "loa.15-bat-xat", "/radio/login/", "/radio/", PHONE),
]


def browser(size):
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--lang=vi", f"--window-size={size[0]},{size[1]}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "vi"})
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    return webdriver.Chrome(options=options, service=service)


def sign_in(driver, base, login_path, username):
    driver.get(base + login_path)
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form [type=submit]").click()
    WebDriverWait(driver, 20).until(lambda d: "/login/" not in d.current_url)


def first_item_edit_url(driver, base):
    """A live item of the editor's province, whose channels panel has deliveries to show."""
    driver.get(base + "/admin/pages/search/?q=" + quote("tỷ lệ bao phủ BHYT"))  # a live news item
    link = WebDriverWait(driver, 20).until(ready.presence_of_element_located(
        (By.CSS_SELECTOR, "a[href*='/edit/']")))
    return link.get_attribute("href")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    for name, username, login_path, path, size in SHOTS:
        driver = browser(size)
        try:
            sign_in(driver, args.base, login_path, username)
            driver.get(first_item_edit_url(driver, args.base) if path is None else args.base + path)
            WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
            if name == "item-channels.png":  # the item's channels panel, not the top of the editor
                panel = driver.find_elements(By.XPATH, "//h2[contains(., 'Kênh phát hành')]")
                if panel:
                    time.sleep(1)  # the editor settles its layout (minimap, sticky header) after load
                    driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", panel[0])
                    time.sleep(0.5)
            driver.save_screenshot(str(HERE / name))
            print("wrote", HERE / name)
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
