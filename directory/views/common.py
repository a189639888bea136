from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..scope import directory_scope


def directory_user_required(view):
    """Signed-in staff with a directory scope; everyone else gets 404, as if nothing were here."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not directory_scope(request.user).can_use:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def get_entry_for_user(request, kind, pk):
    return get_object_or_404(kind.visible(request.user), pk=pk)


def get_rw_entry_for_user(request, kind, pk):
    return get_object_or_404(kind.editable(request.user).select_related(*kind.select_related), pk=pk)
