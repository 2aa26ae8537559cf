"""``tipnet synth --cases N``: generate fictional, marked-synthetic data in bulk."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipnet.people.keys import key_problems
from tipnet.synth.generate import CHUNK, consistency_problems, generate
from tipnet.synth.protection_check import protection_problems


class Command(BaseCommand):
    help = (
        "Generate synthetic (fictional) organisations, users, cases, people, proceedings and "
        "charges, and protection cases for about 40% of victims, for development and "
        "benchmarks. Everything is marked is_synthetic."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, required=True, help="number of cases to add")
        parser.add_argument(
            "--fill",
            action="store_true",
            help="take --cases as the number of synthetic cases the database should hold, and "
            "add only what is missing (make run's demo: a second run adds nothing)",
        )
        parser.add_argument(
            "--prevention",
            type=int,
            default=0,
            help="prevention activities to add over ten years, with their counts, known "
            "participants and attendance lists (500000 for the national benchmark)",
        )
        parser.add_argument("--seed", type=int, default=None, help="random seed (reproducible)")
        parser.add_argument("--chunk", type=int, default=CHUNK, help="cases per transaction")
        parser.add_argument(
            "--no-encrypt",
            action="store_true",
            help="leave narratives empty instead of encrypting one per case",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="check every stored stage against the steps, the protection cases' rules and "
            "the people's access keys",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cases"] < 0:
            raise CommandError("--cases must be 0 or more")
        # The synthetic users' password, for benchmarks that log in through the login form;
        # without it they cannot log in with a password at all.
        password = os.environ.get("TIPNET_SYNTH_PASSWORD") or None
        verbose = options.get("verbosity", 1) >= 1
        cases, prevention = options["cases"], options["prevention"]
        if options["fill"]:
            from tipnet.cases.models import Case
            from tipnet.prevention.models import Activity

            cases = max(0, cases - Case.objects.filter(is_synthetic=True).count())
            prevention = max(0, prevention - Activity.objects.filter(is_synthetic=True).count())
        if cases or not prevention:
            self._cases(cases, password, verbose, options)
        if prevention > 0:
            from tipnet.synth.prevention import generate_prevention

            made = generate_prevention(
                prevention,
                seed=options["seed"],
                progress=(lambda text: self.stdout.write(text)) if verbose else None,
            )
            if verbose:
                self.stdout.write(
                    f"synthetic prevention work added in {made.seconds:.1f} s: "
                    f"{made.activities} activities, {made.cells} count cells, "
                    f"{made.participants} known participants, {made.attendances} attendances"
                )
        if options["check"]:
            self._check()

    def _cases(self, cases: int, password: str | None, verbose: bool, options: Any) -> None:
        if not cases and options["fill"]:
            return
        result = generate(
            cases,
            seed=options["seed"],
            password=password,
            encrypt_all=not options["no_encrypt"],
            chunk=max(1, options["chunk"]),
            progress=(lambda text: self.stdout.write(text)) if verbose else None,
        )
        if verbose:
            self.stdout.write(
                f"synthetic data added in {result.seconds:.1f} s: {result.cases} cases, "
                f"{result.persons} persons, {result.links} case links, {result.steps} steps, "
                f"{result.charges} charges, {result.protection_cases} protection cases, "
                f"{result.organisations} new organisations, "
                f"{result.users} new users"
            )

    def _check(self) -> None:
        from tipnet.prevention.totals import total_problems

        problems = (consistency_problems() + protection_problems() + key_problems()
                    + total_problems())  # fmt: skip
        for problem in problems[:20]:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} inconsistent stages")
        self.stdout.write(
            "stages consistent with the steps; protection cases follow the rules; "
            "prevention totals are the sums of their cells"
        )
