from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from workflow.diagrams import document


class Command(BaseCommand):
    help = "Write the Mermaid state diagrams of Paper and Meeting to a Markdown file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", nargs="?", default="docs/state-machines.md")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        Path(path).write_text(document(), encoding="utf-8")
        self.stdout.write(f"Wrote {path}")
