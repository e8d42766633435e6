"""The cache table: attempt limits (sejour/accounts/throttle.py) must be shared by every
process, so the cache is the database until Redis comes (issue 13). Made by `migrate`,
so that `make setup` and a deployment need no extra step."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_address_phone")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
