"""Django's template backend, its contexts freed as soon as a page is rendered (issue 7).

A context Django renders holds itself in a reference cycle: each dict pushed on it (the view's
own context, every block, `with` and `for`) is a ContextDict that names its context. So when a page
is rendered, its context and everything only it holds (the page's rows, forms, model instances)
cannot be freed by reference counting: they wait for the garbage collector, and the more a page
shows, the more often a collection runs in the middle of a request (the meeting page: 220 objects
left in cycles per request, 83 of them its context's). Emptying the context's stack once the page
is rendered breaks that cycle; nothing reads a context after its template has rendered (the test
client keeps copies made before rendering)."""

from django.template import TemplateDoesNotExist
from django.template.backends import django as django_backend
from django.template.context import make_context


class DjangoTemplates(django_backend.DjangoTemplates):
    """TEMPLATES' BACKEND: Django's, with Template below."""

    def from_string(self, template_code):
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        try:
            return Template(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self)


class Template(django_backend.Template):
    def render(self, context=None, request=None):
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            return self.template.render(context)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self.backend)
        finally:
            context.dicts.clear()
