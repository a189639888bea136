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


# Unbound forms whose markup never changes, rendered by crispy once per process and language.
_STATIC_FORMS = {}


@register.filter
def crispy_static(form):
    """`form|crispy` for an empty form whose markup depends only on its class and the language.

    crispy renders each field through half a dozen templates (about 1 ms a field, measured on the
    meeting page: two such forms cost 20 ms of a 140 ms request); a form with nothing of its own
    (unbound, no initial values, no choices, fields the same in every instance) renders the same every time, so
    it is rendered once per language. Any other form is rendered as `|crispy` does, every time.
    """
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
    from django.forms import ChoiceField
    from django.utils.translation import get_language

    static = not form.is_bound and not form.initial and not form.prefix
    static = static and not any(
        isinstance(field, ChoiceField) or field.initial is not None for field in form.fields.values()
    )
    if not static:
        return as_crispy_form(form)
    key = (type(form), get_language(), form.auto_id)
    if key not in _STATIC_FORMS:
        _STATIC_FORMS[key] = as_crispy_form(form)
    return _STATIC_FORMS[key]
