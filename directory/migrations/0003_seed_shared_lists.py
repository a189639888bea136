from django.db import migrations


def seed(apps, schema_editor):
    from directory.shared_lists import load_shared_lists

    load_shared_lists(apps.get_model("directory", "HelpArea"), apps.get_model("directory", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_history_search_import")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
