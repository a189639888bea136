from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from crocoos.models import Area


@login_required
def floor(request):
    """The floor: a signed-in request through the whole middleware chain that reads one row."""
    name = Area.objects.order_by("pk").values_list("name", flat=True).first()
    return HttpResponse(f"<!doctype html><title>floor</title><p>{len(name or '')}</p>")
