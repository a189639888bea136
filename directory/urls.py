from django.urls import path, register_converter

from .kinds import KINDS
from .views import edit, lists, transfer


class KindConverter:
    """`school` (professionals in school) or `partners` (partners outside school)."""

    regex = "|".join(KINDS)

    def to_python(self, value):
        return KINDS[value]

    def to_url(self, value):
        return getattr(value, "slug", value)


register_converter(KindConverter, "kind")

urlpatterns = [
    path("directory/", lists.directory_search, name="directory_search"),
    path("directory/<kind:kind>/", lists.directory_list, name="directory_list"),
    path("directory/<kind:kind>/new/", edit.directory_create, name="directory_create"),
    path("directory/<kind:kind>/<int:pk>/", lists.directory_detail, name="directory_detail"),
    path("directory/<kind:kind>/<int:pk>/edit/", edit.directory_edit, name="directory_edit"),
    path("directory/<kind:kind>/<int:pk>/verify/", edit.directory_verify, name="directory_verify"),
    path("directory/<kind:kind>/<int:pk>/archive/", edit.directory_archive, name="directory_archive"),
    path("directory/<kind:kind>/export.<str:fmt>", transfer.directory_export, name="directory_export"),
    path("directory/partners/hsds.json", transfer.directory_hsds, name="directory_hsds"),
    path("directory/<kind:kind>/import/", transfer.directory_import, name="directory_import"),
    path("directory/imports/<int:pk>/", transfer.directory_import_batch, name="directory_import_batch"),
    path("directory/imports/<int:pk>/progress/", transfer.directory_import_progress, name="directory_import_progress"),
    path("directory/imports/<int:pk>/confirm/", transfer.directory_import_confirm, name="directory_import_confirm"),
]
