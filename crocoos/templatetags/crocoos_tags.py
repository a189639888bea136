from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (an empty value removes one):
    keeps filters across pages."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in ("", None):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def audit_action(action):
    """An audit action ("student.viewed") as people read it."""
    from crocoos.audit import action_label

    return action_label(action)


@register.simple_tag(takes_context=True)
def audit_trail_url(context, obj):
    """The "who has seen or changed this" page of `obj`, or "" when this user may not open it."""
    from django.http import Http404
    from django.urls import reverse

    from crocoos.audit_trail import audited_type

    label = obj._meta.label_lower
    request = context["request"]
    try:
        kind = audited_type(label)
        if kind.may_see is not None:
            # The page already loaded obj through its user's scope: only the trail rule is left.
            if not kind.may_see(request.user, obj):
                return ""
        else:
            kind.get_for_user(request, obj.pk)
    except Http404:
        return ""
    return reverse("audit_trail", args=[label, obj.pk])
