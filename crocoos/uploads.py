"""Uploads of signed documents: checked by content, stored under generated names, served only
through views that check access first.

- `validate_document(file)` reads the first bytes: PDF, PNG or JPEG only, and not over the size
  limit; the file's own name and the browser's content type are not trusted.
- `generated_name(folder, filename)` stores files under random names (no personal data in paths).
- `protected_download(field_file, ...)` answers the file as an attachment, never inline.
"""

import hashlib
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# content type -> (file name extension, leading bytes)
DOCUMENT_TYPES = {
    "application/pdf": (".pdf", (b"%PDF-",)),
    "image/png": (".png", (b"\x89PNG\r\n\x1a\n",)),
    "image/jpeg": (".jpg", (b"\xff\xd8\xff",)),
}
MAX_DOCUMENT_BYTES = getattr(settings, "MAX_DOCUMENT_BYTES", 10 * 1024 * 1024)


def sniff_content_type(file):
    """The document type found in the file's first bytes, or None."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    for content_type, (_extension, signatures) in DOCUMENT_TYPES.items():
        if any(head.startswith(signature) for signature in signatures):
            return content_type
    return None


def validate_document(file, *, max_bytes=None):
    """Raise ValidationError unless `file` is a PDF or image of acceptable size; return its type."""
    max_bytes = max_bytes or MAX_DOCUMENT_BYTES
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="too_large",
            params={"size": round(file.size / 1048576, 1), "limit": round(max_bytes / 1048576, 1)},
        )
    content_type = sniff_content_type(file)
    if content_type is None:
        raise ValidationError(_("Upload a PDF, PNG or JPEG file."), code="bad_type")
    return content_type


def generated_name(folder, filename):
    """A random storage name keeping only a known extension: no names of people on disk."""
    extension = PurePath(filename).suffix.lower()
    known = {ext for ext, _signatures in DOCUMENT_TYPES.values()} | {".jpeg"}
    if extension not in known:
        extension = ""
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}{extension}"


def sha256_of(file):
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def protected_download(field_file, *, download_name, content_type=None):
    """Serve a stored file as an attachment. Call only after the view checked access."""
    extension = PurePath(field_file.name).suffix
    field_file.open("rb")
    response = FileResponse(
        field_file,
        as_attachment=True,
        filename=f"{download_name}{extension}",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
