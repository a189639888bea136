"""With two-factor required, no URL lets an unverified coordinator, officer or administrator through."""

import pytest
from django.urls import reverse

from crocoos.two_factor import OPEN_URL_NAMES

from .test_permission_matrix import MATRIX, page_for


@pytest.mark.parametrize("persona", ["coordinator", "followup", "admin"])
def test_every_url_sends_an_unverified_session_to_two_factor_first(world, settings, persona):
    settings.CROCOOS_REQUIRE_2FA = True
    setup = reverse("two_factor_setup")
    let_through = []
    for name in sorted(set(MATRIX) - OPEN_URL_NAMES):
        for method in ("get", "post"):
            url, response = page_for(world, name, persona, method)
            if not (response.status_code == 302 and response["Location"].startswith(setup)):
                let_through.append(f"{method.upper()} {url} ({name}): {response.status_code}")
    assert not let_through, "\n".join(let_through)
