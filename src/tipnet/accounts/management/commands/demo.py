from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from tipnet.accounts.demo import build_demo


class Command(BaseCommand):
    help = "Create demo organisations, one user per role and fictional people (once)."

    def handle(self, *args: Any, **options: Any) -> None:
        saved = Path(settings.VAR_DIR) / "demo-credentials.txt"
        accounts = build_demo()
        from tipnet.cases.demo import build_demo_cases

        cases = build_demo_cases()
        if cases:
            self.stdout.write(f"{cases} demo cases created")
        from tipnet.protection.demo import build_demo_protection

        if build_demo_protection():
            self.stdout.write("demo service directory and protection case created")
        from tipnet.prevention.demo import build_demo_prevention

        activities = build_demo_prevention()
        if activities:
            self.stdout.write(f"{activities} demo prevention activities created")
        from tipnet.community.demo import build_demo_register

        migrants = build_demo_register()
        if migrants:
            self.stdout.write(f"{migrants} demo migrants recorded in the village register")
        if not accounts:
            self.stdout.write(f"demo data already present; credentials are in {saved}")
            return
        lines = ["tipnet demo accounts (fictional data). username / password / TOTP key"]
        for a in accounts:
            totp = (
                f"   TOTP key {a.totp_secret} (or: tipnet demo_totp {a.username})"
                if a.totp_secret
                else ""
            )
            lines.append(f"  {a.username:<13} {a.password}   [{a.role}]{totp}")
        text = "\n".join(lines) + "\n"
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(text, encoding="utf-8")
        saved.chmod(0o600)
        self.stdout.write(text)
        self.stdout.write(f"(saved in {saved})")
