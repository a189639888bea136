"""crocoos.uploads: documents are checked by content and stored under generated names."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from crocoos.uploads import generated_name, sha256_of, validate_document


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n...", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"\xff\xd8\xff\xe0....JFIF", "image/jpeg"),
    ],
)
def test_known_documents_are_recognised_by_their_first_bytes(content, expected):
    assert validate_document(SimpleUploadedFile("whatever.bin", content)) == expected


@pytest.mark.parametrize("content", [b"<html><script>alert(1)</script>", b"MZ\x90\x00", b"GIF89a...."])
def test_other_content_is_refused_whatever_its_name(content):
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile("signed.pdf", content, content_type="application/pdf"))
    assert error.value.code == "bad_type"


def test_too_large_and_empty_files_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 2048), max_bytes=1024)
    assert error.value.code == "too_large"
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile("a.pdf", b""))
    assert error.value.code == "empty"


def test_generated_names_keep_no_personal_data():
    name = generated_name("consents", "Lőrincz Ödön beleegyezés.PDF")
    assert name.startswith("consents/") and name.endswith(".pdf")
    assert "Lőrincz" not in name and "beleegyez" not in name
    assert "." not in generated_name("x", "evil.html").rsplit("/", 1)[1]
    assert generated_name("x", "a.pdf") != generated_name("x", "a.pdf")


def test_checksum_is_sha256_and_rewinds():
    upload = SimpleUploadedFile("a.pdf", b"%PDF-abc")
    assert sha256_of(upload) == hashlib.sha256(b"%PDF-abc").hexdigest()
    assert upload.read() == b"%PDF-abc"
