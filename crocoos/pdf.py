"""The one way the app makes PDFs: WeasyPrint with one font configuration, style sheets parsed
once, and no network.

- `render_pdf(html, stylesheets=("pdf/document.css",))` turns HTML into PDF bytes.
- Style sheets come from the static files (static/pdf/), parsed once per process and reused.
- Documents may reference static files (`{% static %}`) and `data:` URIs; any other URL
  (http, file, another host) is refused, so a name in a PDF can never make the server fetch
  something or read a file off disk.

WeasyPrint is imported on first use: it parses its own style sheets on import, which the web
pages that never print need not pay for.
"""

import functools
import logging
import mimetypes
import threading
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)

# Relative URLs in a document resolve against this made-up origin; the fetcher serves only its
# /static/ path, from disk.
BASE_URL = "https://pdf.crocoos.invalid/"
STATIC_PREFIX = BASE_URL + settings.STATIC_URL.lstrip("/")

# WeasyPrint's font configuration and style sheets are not meant to be shared by threads at once.
_lock = threading.Lock()


@functools.cache
def _weasyprint():
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves static files from disk and `data:` URIs; refuses every other URL."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)  # decoded in-process by urllib's DataHandler
            path = static_path(url)
            if path is None:
                raise ValueError(f"PDF documents may not load {url[:80]!r}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return weasyprint, FontConfiguration(), StaticFilesFetcher()


def static_path(url):
    """The file on disk behind a static URL of BASE_URL, or None."""
    if not url.startswith(STATIC_PREFIX):
        return None
    relative = url.removeprefix(STATIC_PREFIX).split("?")[0].split("#")[0]
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found is None and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / relative
        found = candidate if candidate.is_file() else None
    return Path(found) if found else None


@functools.cache
def stylesheet(name):
    """A static style sheet (e.g. "pdf/document.css"), parsed once per process."""
    weasyprint, font_config, fetcher = _weasyprint()
    return weasyprint.CSS(url=STATIC_PREFIX + name, url_fetcher=fetcher, font_config=font_config)


def render_pdf(html, *, stylesheets=()):
    """PDF bytes of an HTML document (a string), with the named static style sheets applied."""
    weasyprint, font_config, fetcher = _weasyprint()
    with _lock:
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        return document.write_pdf(
            stylesheets=[stylesheet(name) for name in stylesheets], font_config=font_config, cache=_image_cache
        )


# Images (logos, icons) decoded once and reused across documents.
_image_cache = {}
