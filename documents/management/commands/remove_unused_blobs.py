import datetime

from django.core.management.base import BaseCommand

from documents.services import remove_unused_blobs


class Command(BaseCommand):
    help = (
        "Remove stored file contents that no file version refers to (left by uploads that "
        "were rolled back), once they are older than --older-than-hours."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--older-than-hours", type=float, default=1.0)
        parser.add_argument("--dry-run", action="store_true", help="only list them")

    def handle(self, *args, older_than_hours: float, dry_run: bool, **options) -> None:
        removed = remove_unused_blobs(
            older_than=datetime.timedelta(hours=older_than_hours), dry_run=dry_run
        )
        for name in removed:
            self.stdout.write(name)
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(f"{len(removed)} unused blob(s) {verb}.")
