"""Rendering a page with some of its templates as they were before a change (issue 7's tests
compare the old markup with the new): the project's template engine with those templates first."""

from django.template import engines
from django.template.engine import Engine


def engine_with(templates):
    """An engine like the project's, `templates` ({name: source}) found before the files."""
    engine = engines["django"].engine
    return Engine(
        dirs=engine.dirs,
        context_processors=engine.context_processors,
        loaders=[
            ("django.template.loaders.locmem.Loader", templates),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
        libraries=engine.libraries,
        builtins=engine.builtins,
    )
