from typing import Any

from django.core.management.base import BaseCommand

from workflow.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Load the demo data (the seed's Auszug and its surroundings). Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        if load_demo():
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(f"Demo accounts (password '{DEMO_PASSWORD}', demo only):")
        for username, (_given, _family, role) in DEMO_USERS.items():
            self.stdout.write(f"  {username:15} {role}")
