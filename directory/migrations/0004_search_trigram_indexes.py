from django.db import migrations

from crocoos.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_seed_shared_lists"), ("crocoos", "0004_search_extensions")]

    operations = [
        # EntryFilterForm.filter -> matching(): search_text LIKE '%word%' for each word of the query
        trigram_indexes(
            ("inschool_search_trgm_idx", "directory_inschoolprofessional", "search_text"),
            ("partner_search_trgm_idx", "directory_outsidepartner", "search_text"),
        ),
    ]
