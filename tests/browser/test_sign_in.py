import pytest
from playwright.sync_api import expect

# demo account -> a heading its home page shows
HOME_HEADINGS = {
    "teacher@example.org": "My classes",
    "ews@example.org": "My schools",
    "coordinator@example.org": "My schools",
    "coordinator2@example.org": "My schools",
    "followup@example.org": "Register of young people outside school",
    "partner@example.org": "Cases shared with you",
    "admin@example.org": "Administration",
}


@pytest.mark.parametrize("email", list(HOME_HEADINGS))
def test_each_demo_role_signs_in_and_sees_its_home(demo, page, sign_in, screenshot, email):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    sign_in(email)
    expect(page.get_by_role("heading", name=HOME_HEADINGS[email])).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    screenshot(f"home-{email.split('@')[0]}")
    # Bootstrap's JS and our CSS load under the strict CSP: no violations reported.
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_wrong_password_shows_the_error_on_the_form(demo, page, sign_in, screenshot):
    sign_in("teacher@example.org", password="not-the-password")
    expect(page.get_by_text("is not right")).to_be_visible()
    expect(page.get_by_label("E-mail address")).to_have_value("teacher@example.org")
    screenshot("login-error")


def test_phone_width_navigation_collapses_and_opens(demo, page, sign_in, screenshot):
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in("coordinator@example.org")
    toggle = page.get_by_role("button", name="Show or hide navigation")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(page.get_by_role("link", name="Students")).to_be_visible()
    screenshot("home-phone")


def test_skip_link_is_first_in_keyboard_order(demo, page, sign_in):
    sign_in("teacher@example.org")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
