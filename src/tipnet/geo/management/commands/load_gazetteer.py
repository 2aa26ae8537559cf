from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from tipnet.geo.gazetteer import load_gazetteer


class Command(BaseCommand):
    help = "Load Cambodia's provinces, districts, communes, villages and the ISO 3166 countries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="reload even if counts match")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        result = load_gazetteer(force=force)
        if not result.skipped and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the planner's statistics of the new rows
                cursor.execute("ANALYZE geo_area")
                cursor.execute("ANALYZE geo_country")
        verb = "already loaded" if result.skipped else "loaded"
        self.stdout.write(f"gazetteer {verb}: {result.areas} areas, {result.countries} countries")
