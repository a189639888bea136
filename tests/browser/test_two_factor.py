from playwright.sync_api import expect

from tests.test_sign_in_security import totp_code


def test_coordinator_sets_up_two_factor_by_scanning_a_qr_code(demo, page, sign_in, screenshot, settings):
    settings.CROCOOS_REQUIRE_2FA = True
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    sign_in("coordinator@example.org")
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator("svg.qr-code")).to_be_visible()
    screenshot("two-factor-setup")
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_role("textbox", name="Code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    screenshot("two-factor-recovery-codes")
    page.get_by_role("link", name="I have kept them, continue").click()
    expect(page.get_by_role("heading", name="My schools")).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_repeated_wrong_passwords_show_the_lockout_page(demo, page, sign_in, screenshot, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("teacher@example.org", password="not-the-password")
    expect(page.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    screenshot("sign-in-locked-out")
