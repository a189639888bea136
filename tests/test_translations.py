"""The interface is fully translated into Hungarian, Norwegian Bokmål, Romanian, Swedish, Spanish,
Catalan, Portuguese, Slovenian and Serbian (Latin).

The catalogues are read with a tiny parser (no gettext needed), and the committed .mo files must
match the .po files, so that a fresh clone shows the translations without compiling anything.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LANGUAGES = ["hu", "nb", "ro", "sv", "es", "ca", "pt", "sl", "sr-latn"]
LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*\w+\s*\}\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def read_po(language):
    """Entries of a .po file as dicts: msgid, msgid_plural, msgstr (list), fuzzy, obsolete."""
    text = (LOCALE / translation.to_locale(language) / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}, "fuzzy": False}
        field = None
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = True
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) (".*")$', line)
            if match:
                field = match.group(1)
                value = ast.literal_eval(match.group(3))
                if field.startswith("msgstr"):
                    index = int(match.group(2) or 0)
                    entry["msgstr"][index] = value
                    field = ("msgstr", index)
                else:
                    entry[field] = value
            elif line.startswith('"') and field:
                value = ast.literal_eval(line)
                if isinstance(field, tuple):
                    entry["msgstr"][field[1]] += value
                else:
                    entry[field] += value
        if entry["msgid"] is not None:
            entries.append(entry)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "", "the first entry of a .po file is its header"
    return header, messages


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_without_fuzzy_entries(language):
    header, messages = read_po(language)
    assert not header["fuzzy"], "a fuzzy header is ignored by msgfmt (Plural-Forms would be lost)"
    assert f"Language: {translation.to_locale(language)}\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=" in header["msgstr"][0]
    assert len(messages) > 900
    fuzzy = [m["msgid"] for m in messages if m["fuzzy"]]
    untranslated = [m["msgid"] for m in messages if not all(m["msgstr"].values())]
    assert fuzzy == []
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_tags(language):
    header, messages = read_po(language)
    nplurals = int(re.search(r"nplurals=(\d+)", header["msgstr"][0]).group(1))
    for message in messages:
        forms = message["msgstr"]
        if message["msgid_plural"] is not None:
            assert sorted(forms) == list(range(nplurals)), message["msgid"]
            source = message["msgid_plural"]
        else:
            source = message["msgid"]
        for text in forms.values():
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), message["msgid"]
            assert sorted(TAG.findall(text)) == sorted(TAG.findall(source)), message["msgid"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_are_not_copies_of_the_english(language):
    _, messages = read_po(language)
    copies = [m["msgid"] for m in messages if m["msgid_plural"] is None and m["msgstr"][0] == m["msgid"]]
    # Names and formats that read the same in every language.
    allowed = {"CroCooS EWS", "CSV", "Excel (XLSX)", "Open Referral HSDS (JSON)", "%(action)s: %(status)s"}
    allowed |= {"OK", "E-mail", "Tel.", "Administrator", "Status", "Sector", "Import", "Export", "Problem"}
    allowed |= {"Person", "sector", "status", "register", "Social", "e-mail"}
    assert set(copies) <= allowed, sorted(set(copies) - allowed)
    assert len(copies) < 20


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language):
    _, messages = read_po(language)
    with open(LOCALE / translation.to_locale(language) / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for message in messages:
        if message["msgid_plural"] is None:
            key = message["msgid"] if message["msgctxt"] is None else f"{message['msgctxt']}\x04{message['msgid']}"
            assert compiled.gettext(key) == message["msgstr"][0], f"run make messages: {message['msgid']!r}"
    assert (
        compiled.ngettext("%(counter)s student", "%(counter)s students", 1)
        == (next(m for m in messages if m["msgid"] == "%(counter)s student")["msgstr"][0])
    )


HOME = {
    "hu": ["Iskoláim", "Üdvözöljük", "Tanulók", "Kijelentkezés"],
    "nb": ["Mine skoler", "Velkommen", "Elever", "Logg ut"],
    "ro": ["Școlile mele", "Bun venit", "Elevi", "Deconectare"],
    "sv": ["Mina skolor", "Välkommen", "Elever", "Logga ut"],
    "es": ["Mis centros educativos", "Bienvenido/a", "Alumnos", "Cerrar sesión"],
    "ca": ["Els meus centres educatius", "Benvingut/da", "Alumnes", "Tanca la sessió"],
    "pt": ["As minhas escolas", "Bem-vindo(a)", "Alunos", "Terminar sessão"],
    "sl": ["Moje šole", "Dobrodošli", "Učenci", "Odjava"],
    "sr-latn": ["Moje škole", "Dobro došli", "Učenici", "Odjava"],
}
STUDENT_LIST = {
    "hu": ["Keresés név szerint", "Rendezés", "Osztálynévsor importálása", "Név (A–Z)"],
    "nb": ["Søk etter navn", "Sorter etter", "Importer en klasseliste", "Navn (A–Å)"],
    "ro": ["Căutare după nume", "Sortează după", "Importă o listă a clasei", "Nume (A–Z)"],
    "sv": ["Sök på namn", "Sortera efter", "Importera en klasslista", "Namn (A–Ö)"],
    "es": ["Buscar por nombre", "Ordenar por", "Importar una lista del grupo", "Nombre (A–Z)"],
    "ca": ["Cerca per nom", "Ordena per", "Importa una llista del grup", "Nom (A–Z)"],
    "pt": ["Pesquisar por nome", "Ordenar por", "Importar uma lista da turma", "Nome (A–Z)"],
    "sl": ["Iskanje po imenu", "Razvrsti po", "Uvozi seznam razreda", "Ime (A–Ž)"],
    "sr-latn": ["Pretraga po imenu", "Sortiraj po", "Uvezi spisak odeljenja", "Ime (A–Ž)"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_coordinator_sees_home_and_student_list_in_own_language(client, world, language):
    world.coordinator.language = language
    world.coordinator.save(update_fields=["language"])
    client.force_login(world.coordinator)

    home = client.get(reverse("home"))
    page = home.content.decode()
    assert f'lang="{language}"' in page
    for text in HOME[language]:
        assert text in page
    for english in ["My schools", "Welcome,", "Sign out"]:
        assert english not in page
    assert "Petőfi Gimnázium" in page

    page = client.get(reverse("student_list")).content.decode()
    for text in STUDENT_LIST[language]:
        assert text in page
    for english in ["Search by name", "Sort by", "Import a class list"]:
        assert english not in page
    assert "Lőrincz" in page


LOGIN = {
    "hu": ("Bejelentkezés", "Elfelejtette a jelszavát?"),
    "nb": ("Logg inn", "Glemt passordet?"),
    "ro": ("Autentificare", "Ați uitat parola?"),
    "sv": ("Logga in", "Glömt lösenordet?"),
    "es": ("Iniciar sesión", "¿Ha olvidado su contraseña?"),
    "ca": ("Inicia la sessió", "Ha oblidat la contrasenya?"),
    "pt": ("Iniciar sessão", "Esqueceu-se da palavra-passe?"),
    "sl": ("Prijava", "Ste pozabili geslo?"),
    "sr-latn": ("Prijava", "Zaboravili ste lozinku?"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switcher_translates_the_login_page(client, db, language):
    page = client.get(reverse("login")).content.decode()
    assert "Forgotten your password?" in page

    response = client.post(reverse("set_language"), {"language": language, "next": reverse("login")}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("login")
    for text in LOGIN[language]:
        assert text in page
    assert "Forgotten your password?" not in page
    assert ">Sign in<" not in page

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True)
    assert "Forgotten your password?" in response.content.decode()
