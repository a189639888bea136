"""The app's URLs plus the benchmark floor; never the production URLconf."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    path("", include("crocoos.urls")),
]
