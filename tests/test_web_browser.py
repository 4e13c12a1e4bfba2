"""A real browser on the web page: Debian's Chromium driven by Playwright (never a downloaded browser).

A unit signs in, reports progress with a Chinese-named file, asks for 办结; the office signs in, approves; the
task is done in `ledger show`. Every page is saved as a screenshot, on a desktop and on a phone, in
LEDGER_SCREENSHOTS (default: tests/screenshots/ beside this file) for people to look at.
Without Chromium the test is skipped, visibly; under CI (CI=true) it fails instead.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import REAL_PLAN
from webserver import PASSWORDS, Server, ledger, make_ledger

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(os.environ.get("LEDGER_SCREENSHOTS") or Path(__file__).parent / "screenshots")
VIEWPORTS = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 390, "height": 844}}

pytestmark = pytest.mark.slow


def _needed(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what}: CI must install it", pytrace=False)
    pytest.skip(what)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        _needed("Chromium is not installed (Debian: apt-get install chromium fonts-wqy-microhei)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _needed("playwright is not installed (pip install -e '.[browser]')")
    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh, temporary user-data-dir of its own (it refuses one passed in).
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def served(tmp_path):
    db = tmp_path / "ledger.db"
    make_ledger(db, REAL_PLAN)
    running = Server(db, today="2023-01-20")
    yield running
    running.stop()


def test_a_unit_reports_and_asks_for_completion_and_the_office_approves_in_a_real_browser(browser, served, tmp_path):
    base = f"http://127.0.0.1:{served.port}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot_number = [0]

    def shot(page, name: str) -> None:
        """The whole page on a desktop; on a phone, the first screen (what a person sees before scrolling)."""
        shot_number[0] += 1
        page.screenshot(path=str(SCREENSHOTS / f"{shot_number[0]:02d}-{name}.png"), full_page=name.startswith("desktop"))

    def sign_in(page, name: str) -> None:
        page.goto(f"{base}/login")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", PASSWORDS[name])
        page.click("button[type=submit]")

    picture = tmp_path / "年报截图.png"
    shutil.copy(Path(__file__).parent.parent / "data" / "plan_2022.txt", picture)  # any bytes will do
    external: list[str] = []  # every request for something not on this server (there must be none)
    for viewport_name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, locale="zh-CN",
                                      extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"})
        page = context.new_page()
        page.on("request", lambda request: external.append(request.url)
                if not request.url.startswith(base) else None)
        page.goto(f"{base}/")
        shot(page, f"{viewport_name}-login")
        sign_in(page, "bgs")
        assert page.url == f"{base}/"
        assert page.locator("a.task-link[href='/tasks/plan_2022/34']").count() == (viewport_name == "desktop")
        assert page.locator("a.task-link[href='/tasks/plan_2022/35']").count() == 0
        shot(page, f"{viewport_name}-unit-my-tasks")
        page.goto(f"{base}/tasks/plan_2022/34")
        shot(page, f"{viewport_name}-unit-task-34")
        if viewport_name == "desktop":
            page.fill("#progress textarea[name=note]", "年报初稿已完成，截图见附件")
            page.set_input_files("#progress input[name=evidence]", str(picture))
            page.click("#progress button[type=submit]")
            assert "进度已记录" in page.content()
            # a failed form: the reason kept, one message
            page.fill("#postpone input[name=to]", "2023-01-10")
            page.fill("#postpone textarea[name=note]", "等待上级统一部署")
            page.click("#postpone button[type=submit]")
            assert page.locator("#postpone .alert").count() == 1
            assert page.locator("#postpone textarea[name=note]").input_value() == "等待上级统一部署"
            shot(page, f"{viewport_name}-unit-failed-form")
            page.fill("#done textarea[name=note]", "已于1月20日在门户网站发布")
            page.fill("#done input[name=on]", "2023-01-20")
            page.click("#done button[type=submit]")
            assert "已申请办结" in page.content()
        shot(page, f"{viewport_name}-unit-task-34-after")
        page.goto(f"{base}/tasks/plan_2022/35")
        assert page.locator("h1").first.inner_text().startswith("无法完成")
        page.click("button:has-text('退出')")
        assert page.url.startswith(f"{base}/login")

        sign_in(page, "office")
        page.goto(f"{base}/review")
        shot(page, f"{viewport_name}-office-review")
        if viewport_name == "desktop":
            page.click("form[action$='/approve'] button")
            assert "已通过" in page.content()
            shot(page, f"{viewport_name}-office-review-after")
        page.goto(f"{base}/")
        shot(page, f"{viewport_name}-office-all-tasks")
        page.goto(f"{base}/board")
        shot(page, f"{viewport_name}-office-board")
        page.goto(f"{base}/tasks/plan_2022/34")
        shot(page, f"{viewport_name}-office-task-34-done")
        assert external == [], external
        context.close()

    task = json.loads(ledger(served.db, "show", "34", "--format", "json").stdout)[0]
    assert task["status"] == "done"
    assert [note["kind"] for note in task["notes"]] == ["progress", "done-request", "done"]
    assert task["notes"][-1]["data"]["approved_by"] == "office"
    assert task["evidence"][0]["name"] == "年报截图.png"
    saved = tmp_path / "saved"
    assert ledger(served.db, "evidence", "34", "--save", str(saved)).returncode == 0
    assert (saved / "年报截图.png").read_bytes() == picture.read_bytes()
