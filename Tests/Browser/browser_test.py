#!/usr/bin/env python3
"""Browser tests of steady serve's pages in headless Chromium (Debian's chromium and
chromium-driver, Python's selenium), at a phone's width (360 x 780).

Starts `steady serve` on a free port of 127.0.0.1 over a scratch database with one account per
role, then, as a person would:
  - a patient signs in, checks in with a red flag, and sees the emergency card fill the page;
  - checks in again normally and sees a plan with steps, opens "Why this?" and reads the reason;
  - a clinician sees the patient and opens their charts, then the rule set with its tests;
  - an auditor verifies the chain and sees its head, then opens a plan and its replay;
  - a form posted without its CSRF token is refused (403).
Each step saves a screenshot in Tests/Browser/screenshots/ (ignored by git) for review. The
server is stopped with SIGTERM and must exit 0.

Usage: python3 Tests/Browser/browser_test.py [path/to/steady]   (default .build/debug/steady)
"""
import os, re, shutil, signal, subprocess, sys, tempfile, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
steady = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/debug/steady"))
shots = os.path.join(root, "Tests/Browser/screenshots")
os.makedirs(shots, exist_ok=True)
work = tempfile.mkdtemp(prefix="steady-browser-")
env = dict(os.environ, STEADY_DB=os.path.join(work, "s.sqlite"), STEADY_AUDIT_KEY=os.path.join(work, "audit.key"), STEADY_ACTOR="browser-test")
failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        failures.append(what)


def run(*args, stdin=None):
    subprocess.run([steady, *args], cwd=root, env=env, input=stdin, text=True, check=True, capture_output=True)


for name, role, patient in [("pat", "patient", "p1"), ("doc", "clinician", None), ("aud", "auditor", None)]:
    run("user", "add", "--role", role, *(["--patient", patient] if patient else []), "--password-stdin", name, stdin=f"{name}-password-1\n")
run("user", "assign", "doc", "p1")

server = subprocess.Popen([steady, "serve", "--port", "0"], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = server.stdout.readline()
match = re.match(r"listening on (http://127\.0\.0\.1:\d+)", line)
if not match:
    print("the server did not start:", line, server.stderr.read())
    sys.exit(1)
base = match.group(1)

options = Options()
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=360,780"):
    options.add_argument(flag)
# Chromium keeps its profile lock under TMPDIR: in the scratch folder, it goes with it.
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver", env=dict(os.environ, TMPDIR=work)), options=options)
driver.implicitly_wait(5)


def shot(name):
    driver.save_screenshot(os.path.join(shots, name + ".png"))


def left(page):
    """A wait condition: true once `page` (the old document's root) is gone. Chromium reports
    that as a stale element or, caught mid-navigation, as a node that no longer belongs to the
    document."""
    def condition(_):
        try:
            page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return condition


def submit(selector):
    """Clicks the submit button `selector` and waits for the next page (a click does not wait)."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(driver, 20).until(left(page))


def follow(link_text=None, selector=None):
    """Follows a link (by its text or a CSS selector) and waits for the next page."""
    page = driver.find_element(By.TAG_NAME, "html")
    (driver.find_element(By.LINK_TEXT, link_text) if link_text else driver.find_element(By.CSS_SELECTOR, selector)).click()
    WebDriverWait(driver, 20).until(left(page))


def sign_in(name):
    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(f"{name}-password-1")
    submit("form button[type=submit]")


try:
    # A patient with a red flag: the emergency card takes the page.
    sign_in("pat")
    check(driver.current_url.endswith("/checkin"), "a patient without a check-in today lands on the check-in form")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "the page has a language")
    unlabelled = [i.get_attribute("name") for i in driver.find_elements(By.CSS_SELECTOR, "input:not([type=hidden])")
                  if not i.find_elements(By.XPATH, "ancestor::label") and not driver.find_elements(By.CSS_SELECTOR, f"label[for='{i.get_attribute('id')}']")]
    check(unlabelled == [], "every control has a label")
    shot("01-checkin-form")
    driver.find_element(By.CSS_SELECTOR, "input[name=red_flags][value=difficulty_breathing]").click()
    submit("form[action='/checkin'] button[type=submit]")
    card = driver.find_element(By.CSS_SELECTOR, ".card")
    check("GET HELP NOW" in card.text and "trouble breathing" in card.text, "a red flag shows the emergency card")
    check(card.size["height"] >= 0.6 * driver.get_window_size()["height"], "the card fills most of a phone's screen")
    check(not driver.find_elements(By.CSS_SELECTOR, ".item"), "no self-care item under the emergency card")
    shot("02-emergency-card")

    # Checking in again normally: the plan, its steps, and why.
    driver.get(base + "/checkin")
    driver.find_element(By.CSS_SELECTOR, "input[name=stress][value='8']").find_element(By.XPATH, "..").click()
    driver.find_element(By.CSS_SELECTOR, "input[name=pain][value='5']").find_element(By.XPATH, "..").click()
    driver.find_element(By.ID, "minutes").send_keys("40")
    driver.find_element(By.CSS_SELECTOR, "input[name=triggers][value=stress_event]").click()
    shot("03-checkin-filled")
    submit("form[action='/checkin'] button[type=submit]")
    check(driver.find_element(By.TAG_NAME, "h1").text.startswith("Your plan for"), "a normal check-in shows the plan")
    items = driver.find_elements(By.CSS_SELECTOR, ".item")
    check(len(items) > 0 and all(i.find_elements(By.CSS_SELECTOR, "ol li") for i in items), "every plan item shows its steps")
    shot("04-plan")
    submit(".item form.marks button[value=done]")
    done = driver.find_element(By.CSS_SELECTOR, ".item form.marks button[value=done]")
    check(done.get_attribute("aria-pressed") == "true", "marking an item done shows its button pressed")
    check(driver.find_element(By.CSS_SELECTOR, ".item form.marks button[value=helpful]").get_attribute("aria-pressed") == "false",
          "and only that mark")
    shot("04b-plan-marked")
    follow("Why this?")
    text = driver.find_element(By.CSS_SELECTOR, "pre.explanation").text
    check("is in today's plan" in text and "Because" in text, "'Why this?' shows the patient's explanation")
    shot("05-why")
    driver.get(base + "/history")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg[role=img][aria-label]")) == 3, "history shows three labelled charts")
    check(len(driver.find_elements(By.CSS_SELECTOR, "table tbody tr")) == 1, "and the check-ins as a table")
    shot("06-history")

    # The CSRF token is required.
    token = driver.get_cookie("steady_session")["value"]
    request = urllib.request.Request(base + "/checkin", data=b"stress=3", method="POST", headers={"Cookie": "steady_session=" + token})
    try:
        urllib.request.urlopen(request)
        check(False, "a form without its CSRF token is refused")
    except urllib.error.HTTPError as error:
        check(error.code == 403, "a form without its CSRF token is refused")

    # A clinician: the patient with the alert first, then their charts.
    sign_in("doc")
    row = driver.find_element(By.CSS_SELECTOR, "table tbody tr")
    check("p1" in row.text, "the clinician's list shows the assigned patient")
    shot("07-clinician-patients")
    follow("p1")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg[role=img]")) == 3, "the clinician sees the patient's charts")
    shot("08-clinician-patient")
    follow("Rule set")
    main = driver.find_element(By.TAG_NAME, "main").text
    check("0 failed" in main and "steady check: no warnings" in main, "the clinician sees the rule set with its tests passing and no warnings")
    check(len(driver.find_elements(By.CSS_SELECTOR, "tbody tr td a[href^='http']")) > 100, "and each rule's sources as links")
    shot("09-rule-set")
    follow("Impact")
    driver.find_element(By.ID, "layer").send_keys("ruleset: riverside\nversion: 1\nparams: {high_stress: 3}\n")
    submit("form[action='/impact'] button[type=submit]")
    check("replayed" in driver.find_element(By.CSS_SELECTOR, ".result").text, "a clinician tries a clinic layer and sees its impact")
    shot("10-impact")

    # An auditor verifies the chain.
    sign_in("aud")
    submit("form[action='/audit/verify'] button[type=submit]")
    result = driver.find_element(By.CSS_SELECTOR, ".result").text
    check(result.startswith("Audit chain intact") and "Head:" in result, "the auditor verifies the chain and sees its head")
    shot("11-audit")
    follow(selector="tbody a[href^='/audit/plans/']")
    check("Replay identical" in driver.find_element(By.CSS_SELECTOR, ".result").text, "the auditor opens a plan and sees its replay identical")
    check(len(driver.find_elements(By.CSS_SELECTOR, "pre.explanation")) > 0, "with an auditor's explanation of each item")
    shot("12-audit-plan")
finally:
    driver.quit()
    server.send_signal(signal.SIGTERM)
    code = server.wait(timeout=30)
    check(code == 0, "SIGTERM stops the server gracefully (exit 0)")
    log = server.stderr.read()
    check("p1" not in log, "the server's log holds no patient id")
    shutil.rmtree(work, ignore_errors=True)

print(f"{len(failures)} failed" if failures else "all browser checks passed", f"(screenshots in {shots})")
sys.exit(1 if failures else 0)
