"""``tipnet worker``: the job runner (docs/jobs.md). Stop it with SIGTERM or Ctrl-C: it ends
the job under way first (a second signal ends it at once; the job then runs again or fails,
as it was declared)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from tipnet.jobs.runner import Runner


class Command(BaseCommand):
    help = "Run background jobs and the scheduled jobs (the job runner)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks at the queue when it is empty.",
        )
        parser.add_argument("--batch", action="store_true", help="Run what is waiting, then stop.")
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Do not enqueue the scheduled jobs (another runner does).",
        )
        parser.add_argument("--worker-id", default="")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        import logging

        logging.getLogger("tipnet.jobs").setLevel(logging.INFO)
        runner = Runner(
            queue_names=["default"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=options["worker_id"] or get_random_string(32),
            excluded_queue_names=[],
            schedule=not options["no_schedule"],
        )
        runner.configure_signals()
        runner.run()
