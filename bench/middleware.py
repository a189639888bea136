import time


class ServerTimingMiddleware:
    """Time inside Django (every other middleware, the view, the template) as `Server-Timing: app;dur=ms`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.3f}"
        return response
