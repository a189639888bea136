import functools
import html
import unicodedata

from django import template
from django.utils.safestring import SafeString
from django.utils.text import Truncator

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


@register.simple_tag
def text_field(field):
    """A text-like field (input or textarea) as crispy's `as_crispy_field` renders it with the
    bootstrap5 pack: label, widget, errors and help text, with the same markup. Built here, not
    through crispy's templates, which cost about half a millisecond a field on pages that must
    stay fast (the home page's concern form, issue 7)."""
    from django.utils.html import format_html, format_html_join

    widget = field.field.widget
    classes = widget.attrs.get("class", "").split()
    for name in (type(widget).__name__.lower(), "form-control", "is-invalid" if field.errors else None):
        if name and name not in classes:
            classes.append(name)
    required = field.field.required
    label = format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        format_html('<span class="asteriskField">{}</span>', "*") if required else "",
    )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, start=1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text)
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id,
        f" {field.css_classes()}" if field.css_classes() else "",
        label,
        field.as_widget(attrs={"class": " ".join(classes)}),
        errors,
        help_text,
    )


@register.filter
def as_options(labels):
    """`<option value="…"></option>` for each label (a datalist): one join in Python, not a template
    loop over the hundreds of students of a teacher's type-ahead."""
    from django.utils.html import format_html_join

    return format_html_join("", '<option value="{}"></option>', ((label,) for label in labels))


@register.simple_tag
def language_options(current):
    """The language switcher's `<option>`s, `current` selected: each language in its own name.
    The same for every request in a language, so built once per language (it is on every page;
    the template loop over get_language_info_list took about a millisecond)."""
    from django.conf import settings

    # Keyed by the codes: hashing the lazily translated names would translate each of them.
    return _language_options(current, tuple(code for code, _name in settings.LANGUAGES))


@functools.cache
def _language_options(current, codes):
    from django.utils.html import format_html, format_html_join
    from django.utils.text import capfirst
    from django.utils.translation import get_language_info

    return format_html_join(
        "",
        '<option value="{}" lang="{}"{}>{}</option>',
        (
            (code, code, format_html(" {}", "selected") if code == current else "", capfirst(info["name_local"]))
            for code, info in ((code, get_language_info(code)) for code in codes)
        ),
    )


@register.simple_tag
def row_url(name, *args):
    """`{% url name args %}` for the rows of a list: reverse() costs 50-90 µs a call, a page of 25
    action rows calls it 50 times. The URL of the same name and arguments does not change while the
    URL configuration and script prefix stay the same, so it is kept (the last few thousand)."""
    from django.conf import settings
    from django.urls import get_script_prefix, get_urlconf

    return _reversed(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name, args)


def shortened(text, length):
    """`text|truncatechars:length`: the text NFC-normalised, cut (by Truncator) only when it is longer;
    most texts of a list are short, and Truncator costs a few µs a row (issue 7)."""
    normalized = unicodedata.normalize("NFC", str(text))
    return normalized if len(normalized) <= length else Truncator(text).chars(length)


def row_urls(name):
    """row_url(name, *args) for the rows of one list: a function of the arguments, the URL
    configuration and script prefix read once for the list rather than once a row."""
    from django.conf import settings
    from django.urls import get_script_prefix, get_urlconf

    return functools.partial(_reversed_args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name)


def _reversed_args(urlconf, script_prefix, name, *args):
    return _reversed(urlconf, script_prefix, name, args)


@functools.lru_cache(maxsize=4096)
def _reversed(urlconf, _script_prefix, name, args):
    from django.urls import reverse

    return reverse(name, urlconf=urlconf, args=args)


def html_format(format_string, *args):
    """format_html(format_string, *args), the same result (tests/directory/test_entry_rows.py), each
    value escaped as conditional_escape() escapes it (its own __html__() when it has one, else
    html.escape of its text) without the lazy-text checks Django wraps escape() in: format_html was
    two thirds of a row's time (about 6 calls a row, 5 µs each at 100x)."""
    return SafeString(
        format_string.format(*(arg.__html__() if hasattr(arg, "__html__") else html.escape(str(arg)) for arg in args))
    )


class PerLanguageNode(template.Node):
    """What `{% per_language %}…{% end_per_language %}` holds, rendered once per language (and script
    prefix) and then kept: for the parts of a page that depend on nothing else (the static text,
    links and asset URLs of base.html, on every page). Only for content with no variable but
    LANGUAGE_CODE, no form token, no user, no request."""

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.kept = {}

    def render(self, context):
        from django.urls import get_script_prefix
        from django.utils.translation import get_language

        key = (get_language(), get_script_prefix())
        output = self.kept.get(key)
        if output is None:
            output = self.kept[key] = SafeString(self.nodelist.render(context))
        return output


@register.tag
def per_language(parser, token):
    nodelist = parser.parse(("end_per_language",))
    parser.delete_first_token()
    return PerLanguageNode(nodelist)


@register.simple_tag
def nav_links(items):
    """The main navigation's links (base.html), kept per language and set of links: each link's
    address names its label, so (language, addresses, the current one) is the whole input."""
    from django.utils.translation import get_language

    key = (get_language(), tuple((item["url"], item["active"]) for item in items))
    output = _nav_links.get(key)
    if output is None:
        if len(_nav_links) > 1000:  # a few hundred combinations at most; never grows unbounded
            _nav_links.clear()
        output = _nav_links[key] = _render_nav_links(items)
    return output


_nav_links = {}


def _render_nav_links(items):
    from django.utils.html import format_html, format_html_join

    return format_html_join(
        "\n            ",
        '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}</a></li>',
        (
            (
                " active" if item["active"] else "",
                item["url"],
                format_html(' aria-current="{}"', "page") if item["active"] else "",
                item["label"],
            )
            for item in items
        ),
    )
