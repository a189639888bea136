from django.test import RequestFactory

from crocoos.audit import client_ip


def test_client_address_ignores_forwarded_for_without_a_trusted_proxy(settings):
    settings.CROCOOS_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.0.0.1"


def test_client_address_behind_one_proxy_is_the_entry_the_proxy_added(settings):
    settings.CROCOOS_TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the real address.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.44")
    assert client_ip(request) == "192.0.2.44"
