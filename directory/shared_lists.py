"""The shared lists every area starts with, from the seed's examples (000_…: "what can he/she help
with" and the kinds of partners outside school). Names are English msgids shown through gettext.

A data migration loads them into a fresh database and demo.load() keeps them there; add new
items at the end with a new code, never rename a code (imports and links use it).
"""

from django.utils.translation import gettext_noop

HELP_AREAS = [
    ("learning-disorders", gettext_noop("Learning disorders")),
    ("special-pedagogy", gettext_noop("Special pedagogy and speech therapy")),
    ("behaviour", gettext_noop("Behaviour and fitting in")),
    ("family", gettext_noop("Family problems and neglect")),
    ("school-family", gettext_noop("Communication between school and family")),
    ("health", gettext_noop("Health")),
    ("sexual-health", gettext_noop("Sexual health and contraception")),
    ("addiction", gettext_noop("Addiction")),
    ("crime-prevention", gettext_noop("Crime prevention")),
    ("mental-health", gettext_noop("Mental health")),
    ("peer-groups", gettext_noop("Self-help and peer groups")),
    ("career", gettext_noop("Career guidance")),
    ("free-time", gettext_noop("Free time, sport and clubs")),
    ("housing", gettext_noop("Housing and social benefits")),
    ("employment", gettext_noop("Employment")),
]

SECTORS = [
    ("education", gettext_noop("Education")),
    ("pedagogical-advisory", gettext_noop("Pedagogical advisory")),
    ("social-welfare", gettext_noop("Social and child welfare")),
    ("alternative-day-care", gettext_noop("Alternative day care")),
    ("health", gettext_noop("Health")),
    ("mental-health", gettext_noop("Mental health")),
    ("police-justice", gettext_noop("Police and justice")),
    ("youth-ngo", gettext_noop("Youth, NGO and religious organisations")),
    ("employment", gettext_noop("Employment")),
    ("municipality", gettext_noop("Municipality")),
    ("community", gettext_noop("Community development")),
    ("culture", gettext_noop("Culture and leisure")),
]


def load_shared_lists(help_area_model, sector_model):
    """Create missing items and keep names and order of existing ones (idempotent)."""
    for model, items in ((help_area_model, HELP_AREAS), (sector_model, SECTORS)):
        for position, (code, name) in enumerate(items, start=1):
            model.objects.update_or_create(code=code, defaults={"name": name, "position": position})
