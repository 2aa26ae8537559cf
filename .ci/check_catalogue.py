"""The Khmer catalogue is complete (every string of the code translated, nothing fuzzy, no
English left as a 'translation') and the committed .mo is compiled from the committed .po."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "src" / "tipnet"
PO = APP / "locale" / "km" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Our Khmer supplement to Django's own catalogues (form errors, admin, auth).
DJANGO_PO = APP / "locale_django" / "km" / "LC_MESSAGES" / "django.po"
# Words that stay in Latin letters in Khmer text.
LATIN_OK = {"tipnet", "CSV", "TOTP", "NCCT", "PCCT", "CCWC", "HTCDS", "ID", "#", "MB", "English"}
KHMER = re.compile("[\u1780-\u17ff]")


def entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry of a .po file (plural forms: first msgstr)."""
    found = []
    for block in text.split("\n\n"):
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        msgid = _field(block, "msgid")
        msgstr = _field(block, "msgstr") if "msgstr[" not in block else _field(block, r"msgstr\[0\]")
        if msgid is not None and not block.lstrip().startswith("#~"):
            found.append((msgid, msgstr or "", fuzzy))
    return found


def _field(block: str, name: str) -> str | None:
    m = re.search(rf'^{name} ((?:".*"\n?)+)', block + "\n", re.M)
    if not m:
        return None
    return "".join(re.findall(r'"(.*)"', m.group(1)))


def main() -> int:
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        backup = Path(tmp) / "django.po"
        shutil.copy(PO, backup)
        try:
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tipnet.settings"}
            subprocess.run(
                [str(ROOT / ".venv/bin/tipnet"), "makemessages", "-l", "km", "--no-location",
                 "--no-obsolete", "--ignore", "*/tests/*", "--ignore", "tests/*"],
                cwd=APP, check=True, env=env, capture_output=True,
            )  # fmt: skip
            fresh = PO.read_text(encoding="utf-8")
        finally:
            shutil.copy(backup, PO)
        committed = {e[0] for e in entries(PO.read_text(encoding="utf-8"))}
        for msgid, msgstr, fuzzy in entries(fresh):
            if not msgid:
                continue
            if msgid not in committed:
                problems.append(f"not in the committed catalogue (run make messages): {msgid!r}")
            elif fuzzy or not msgstr:
                problems.append(f"untranslated or fuzzy: {msgid!r}")
            elif not KHMER.search(msgstr) and msgstr.strip() not in LATIN_OK:
                problems.append(f"'translation' has no Khmer: {msgid!r} -> {msgstr!r}")
        for msgid, msgstr, fuzzy in entries(DJANGO_PO.read_text(encoding="utf-8")):
            if msgid and (fuzzy or not msgstr):
                problems.append(f"Django supplement: untranslated or fuzzy: {msgid!r}")
        for po in (PO, DJANGO_PO):
            compiled = Path(tmp) / "django.mo"
            subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po)], check=True)
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.read_bytes() != compiled.read_bytes():
                problems.append(f"{mo.relative_to(ROOT)} is not compiled from its .po (make messages)")
    for p in problems:
        print("catalogue:", p, file=sys.stderr)
    if problems:
        return 1
    print(f"Khmer catalogue complete: {len(committed) - 1} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
