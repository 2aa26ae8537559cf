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
        cases = options["cases"]
        if options["fill"]:
            from tipnet.cases.models import Case

            cases = max(0, cases - Case.objects.filter(is_synthetic=True).count())
            if not cases:
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
        if options["check"]:
            problems = consistency_problems() + protection_problems() + key_problems()
            for problem in problems[:20]:
                self.stderr.write(problem)
            if problems:
                raise CommandError(f"{len(problems)} inconsistent stages")
            self.stdout.write("stages consistent with the steps; protection cases follow the rules")
