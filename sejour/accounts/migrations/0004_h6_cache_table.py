"""The cache table: attempt limits (sejour/accounts/throttle.py) must be shared by every
process, so the cache is the database until Redis comes (issue 13). Made by `migrate`,
so that `make setup` and a deployment need no extra step; made under its production
name (config/settings/base.py) whatever cache the current settings use, so that tests
can run the limits on it too."""

from django.core.management import call_command
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "sejour_cache"


def create_cache_table(apps, schema_editor):
    alias = schema_editor.connection.alias
    call_command("createcachetable", database=alias, verbosity=0)
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(alias, TABLE, dry_run=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_address_phone")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
