"""budgetkit serve in a real Chromium (Debian's chromium + chromium-driver, through selenium): a person drops
the Sơn La folder, sees the verdicts `batch` gives, and downloads the marked copies; an accountant drops one
workbook and downloads it marked.

With BUDGETKIT_SCREENSHOTS=DIR the test also saves the pages' screenshots there (docs/images/serve-*.png)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES, PROVINCE, ROOT, installed_command, run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

if not (CHROMIUM and DRIVER):
    if os.environ.get("CI"):
        pytest.fail("CI must have Debian's chromium and chromium-driver (.ci/run installs them)", pytrace=False)
    pytest.skip("Chromium or chromedriver is not installed (apt-get install chromium chromium-driver)", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SHOTS = os.environ.get("BUDGETKIT_SCREENSHOTS")


@pytest.fixture(scope="module")
def server():
    process = subprocess.Popen(
        [installed_command(), "serve", "--port", "0"], cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    assert process.stderr is not None
    match = re.search(r"(http://\S+/)", process.stderr.readline())
    assert match
    url = match.group(1)
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "healthz", timeout=5).read()
            break
        except OSError:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--lang=vi",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()


def _wait_for_file(folder: Path, pattern: str, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in folder.glob(pattern) if not p.name.endswith(".crdownload")]
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no download {pattern} in {sorted(p.name for p in folder.iterdir())}")


def _shot(driver, name: str) -> None:
    if SHOTS:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, min(max(height + 40, 800), 2400))
        driver.save_screenshot(str(Path(SHOTS) / name))
        driver.set_window_size(1280, 1000)


def test_department_drops_the_province_folder(server, browser, downloads):
    cli = run("batch", "examples/son-la", "--format", "json", "--jobs", "1", "--roster", "examples/son-la-danh-sach.yaml")
    expected = {f["path"].replace("examples/", ""): f["status"] for f in json.loads(cli.stdout)["files"]}
    browser.get(server + "batch")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    assert browser.find_element(By.ID, "roster-name").text == "chưa chọn"
    browser.find_element(By.ID, "roster-input").send_keys(str(EXAMPLES / "son-la-danh-sach.yaml"))
    assert browser.find_element(By.ID, "roster-name").text == "son-la-danh-sach.yaml"
    browser.find_element(By.ID, "folder-input").send_keys(str(PROVINCE))  # the folder, as a person picks or drops it
    WebDriverWait(browser, 60).until(EC.visibility_of_element_located((By.ID, "result")))
    rows = browser.find_elements(By.CSS_SELECTOR, "#batch-table tr.file-row")
    seen = {}
    for row in rows:
        cells = row.find_elements(By.TAG_NAME, "td")
        seen[cells[1].text] = "failed" if "file-row failed" in row.get_attribute("class") else "passed"
    assert seen == expected
    assert rows[0].find_elements(By.TAG_NAME, "td")[1].text == "son-la/chieng-sinh-loi.xlsx"  # failed first
    assert "KHÔNG ĐẠT" in browser.find_element(By.ID, "verdict-word").text
    cross = browser.find_element(By.ID, "cross").text
    assert "X004" in cross and "3012347" in cross
    _shot(browser, "serve-tinh.png")
    rows[0].find_element(By.TAG_NAME, "button").click()  # the failed file's findings
    assert "Dự toán!" in browser.find_element(By.CSS_SELECTOR, "#batch-table tr.detail:not([hidden])").text
    browser.find_element(By.ID, "dl-annotated").click()
    archive = _wait_for_file(downloads, "da-danh-dau*.zip")
    names = zipfile.ZipFile(archive).namelist()
    assert "son-la/chieng-sinh-loi.kiem-tra.xlsx" in names and len(names) == 4  # the sent folders kept


def test_accountant_drops_one_workbook(server, browser, downloads):
    browser.get(server)
    browser.find_element(By.ID, "file-input").send_keys(str(PROVINCE / "chieng-sinh-loi.xlsx"))
    WebDriverWait(browser, 30).until(EC.visibility_of_element_located((By.ID, "result")))
    assert browser.find_element(By.ID, "verdict-word").text == "KHÔNG ĐẠT"
    findings = browser.find_elements(By.CSS_SELECTOR, "#findings tbody tr")
    assert len(findings) == 9 and "Dự toán!" in findings[0].text and "Xem quy tắc" in findings[0].text
    assert browser.find_element(By.ID, "dl-report").get_attribute("disabled") is not None  # no report for a failing file
    totals = browser.find_element(By.ID, "totals").text
    assert "645,5" in totals and "Chuyển đổi số" in totals
    _shot(browser, "serve-don-vi.png")
    browser.find_element(By.ID, "dl-annotated").click()
    marked = _wait_for_file(downloads, "chieng-sinh-loi.kiem-tra*.xlsx")
    assert openpyxl.load_workbook(io.BytesIO(marked.read_bytes())).sheetnames[0] == "Kết quả kiểm tra"

    browser.find_element(By.ID, "file-input").send_keys(str(PROVINCE / "chieng-mung.xlsx"))
    WebDriverWait(browser, 30).until(EC.text_to_be_present_in_element((By.ID, "verdict-file"), "chieng-mung.xlsx"))
    assert browser.find_element(By.ID, "verdict-word").text == "ĐẠT"
    browser.find_element(By.ID, "dl-report").click()
    assert _wait_for_file(downloads, "bao-cao-2026*.docx").read_bytes()[:2] == b"PK"

    browser.find_element(By.ID, "switch-lang").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert "Drop a budget file here" in browser.page_source
    # In English: the terminal's words (validate --lang en) and counts with the right singular or plural.
    browser.find_element(By.ID, "file-input").send_keys(str(PROVINCE / "chieng-sinh-loi.xlsx"))
    WebDriverWait(browser, 30).until(EC.visibility_of_element_located((By.ID, "result")))
    assert browser.find_element(By.ID, "verdict-word").text == "FAILED"
    assert browser.find_element(By.ID, "counts").text == "(8 errors, 1 warning, 0 notes)"
    head = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#totals thead th")]
    assert head[1:] == ["Investment", "Recurrent", "Total"]
    assert "2,275.5" in browser.find_element(By.ID, "totals").text
