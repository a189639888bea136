"""WCAG 2.1 AA, as axe-core checks it, on the pages each role uses, in Chromium (PRODUCT.md: "usable on
a school laptop and a phone, keyboard-accessible, with proper labels (WCAG 2.1 AA)").

axe-core 4.14.1 (MPL-2.0, tests/browser/vendor/) runs in the page after it has loaded, with the
app's own CSS, JavaScript and Content Security Policy (it is evaluated through the DevTools
protocol, which the policy does not govern). Every rule tagged wcag2a, wcag2aa, wcag21a or wcag21aa
counts: contrast, names and labels, landmarks, keyboard access to what scrolls.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from cases.models import Case, Concern, Meeting
from crocoos.models import User

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Links a page may hold that are no page to check: files, sign-out, the technical admin site.
NOT_A_PAGE = re.compile(r"logout|pdf|download|export|\.csv|\.ics|/admin/|/i18n/")


def violations(page):
    """axe-core's WCAG 2.1 AA violations on the page as it is now: [(rule, impact, [element, …])]."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map((v) => [v.id, v.impact, v.nodes.map((n) => n.target.join(" "))]);
        }""",
        WCAG_AA,
    )
    return [tuple(violation) for violation in found]


def check(page, url, failures):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    failures.extend((url, *violation) for violation in violations(page))


def pages_linked(page, base, selector, limit):
    """The app's pages linked from `selector` on the page shown (at most `limit`, in order)."""
    hrefs = page.eval_on_selector_all(selector, "links => links.map((link) => link.getAttribute('href'))")
    found = []
    for href in hrefs:
        if href and href.startswith("/") and not NOT_A_PAGE.search(href) and base + href not in found:
            found.append(base + href)
    return found[:limit]


@pytest.mark.parametrize(
    "account",
    [
        "teacher@example.org",
        "ews@example.org",
        "coordinator@example.org",
        "followup@example.org",
        "partner@example.org",
        "admin@example.org",
    ],
)
def test_every_page_of_the_navigation_and_the_rows_it_lists_meet_wcag_2_1_aa(demo, page, live_server, sign_in, account):
    """The sign-in page, the account's home, each page of its navigation, and from each of those
    the first rows it links to (a case, a student, a concern, a meeting, a directory entry, …)."""
    failures = []
    check(page, f"{live_server.url}/accounts/login/", failures)
    sign_in(account)
    home = page.url
    top = [home, *pages_linked(page, live_server.url, "nav a.nav-link[href]", 10)]
    rows = []
    for url in top:
        check(page, url, failures)
        rows += [link for link in pages_linked(page, live_server.url, "main a[href]", 4) if link not in top]
    for url in dict.fromkeys(rows):
        check(page, url, failures)
    assert len(top) + len(rows) >= 4, "too few pages reached to mean anything"
    assert failures == []


def test_wide_tables_on_a_phone_can_be_scrolled_with_the_keyboard(demo, page, live_server, sign_in):
    """On a phone the case page's action plan is wider than the screen and holds nothing to focus:
    its box joins the tab order, named after the table (static/js/app.js), and axe finds nothing."""
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("coordinator@example.org")
    page.get_by_role("link", name="Cases").first.click()
    page.wait_for_load_state("networkidle")
    case_url = pages_linked(page, live_server.url, "main a[href*='/cases/']", 1)[0]
    failures = []
    check(page, case_url, failures)
    assert failures == []
    box = page.locator(".table-responsive", has=page.locator("table[aria-labelledby='action-plan']"))
    assert box.get_attribute("tabindex") == "0"
    assert box.get_attribute("role") == "region"
    assert box.get_attribute("aria-labelledby") == "action-plan"
    # wide enough to fit: out of the tab order again
    page.set_viewport_size({"width": 1600, "height": 900})
    page.wait_for_function("!document.querySelector('[data-keyboard-scroll]')")
    assert box.get_attribute("tabindex") is None


FORMS = {
    "teacher@example.org": ["concern_new"],
    "coordinator@example.org": ["two_factor_setup", "case_edit", "consent_new", "meeting_new", "directory_create"],
    "followup@example.org": ["meeting_edit", "meeting_attendance", "meeting_group_new"],
}


def form_url(name, user):
    """The address of the form `name` for `user`, on the demo data (the first case or meeting they manage)."""
    if name in ("case_edit", "consent_new"):
        return reverse(name, args=[Case.objects.editable_by(user).order_by("pk").first().pk])
    if name in ("meeting_edit", "meeting_attendance"):
        return reverse(name, args=[Meeting.objects.manageable_by(user).order_by("pk").first().pk])
    if name == "directory_create":
        return reverse(name, args=["partners"])
    return reverse(name)


@pytest.mark.parametrize("account", list(FORMS))
def test_the_forms_meet_wcag_2_1_aa_empty_and_with_their_errors(demo, page, live_server, sign_in, account):
    """Each form as it opens, and sent empty (the browser's own checks off) with its error messages."""
    user = User.objects.get(email=account)
    sign_in(account)
    failures = []
    for name in FORMS[account]:
        url = live_server.url + form_url(name, user)
        check(page, url, failures)
        send = page.locator("main form[method=post] [type=submit]").first
        for field in page.locator("main form[method=post] input[type=text], main form[method=post] textarea").all():
            field.fill("")
        page.evaluate("document.querySelectorAll('form').forEach((form) => { form.noValidate = true; })")
        send.click()
        page.wait_for_load_state("networkidle")
        failures.extend((f"{url} (sent empty)", *violation) for violation in violations(page))
    assert failures == []


def tab_to(page, locator, limit=100):
    """Press Tab until `locator` has the focus, as a keyboard user would (fails if it never does)."""
    for _ in range(limit):
        if locator.evaluate("(element) => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} not reached with Tab")


def test_a_teacher_logs_a_concern_with_the_keyboard_alone(demo, page, live_server):
    """Sign in, log a concern and see it among their concerns without a mouse: every field and button
    is reached with Tab and worked with typing, Space and Enter."""
    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, page.get_by_label("E-mail address"))
    page.keyboard.type("teacher@example.org")
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type("crocoos-demo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    form = page.locator("form.concern-form")
    tab_to(page, form.get_by_label("Student"))
    page.keyboard.type("Lőrinc Győri")
    for category in ("Attendance", "Family"):
        tab_to(page, form.get_by_label(category))
        page.keyboard.press("Space")
    tab_to(page, form.get_by_label("Observed problem"))
    page.keyboard.type("Három hete nem jár be hétfőnként.")
    tab_to(page, form.get_by_role("button", name="Log the concern"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/concerns/mine/"
    assert page.get_by_role("heading", name="My concerns").is_visible()
    concern = Concern.objects.get(text="Három hete nem jár be hétfőnként.")
    assert sorted(concern.categories) == ["attendance", "family"]
    assert concern.student.full_name == "Lőrinc Győri"
