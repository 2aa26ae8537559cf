"""Name matching tolerant of the ways Khmer names are romanised (Srey/Srei, Chan/Chann,
Pov/Pou, Sok/Sokh, Chea/Chia): each name is folded to a key, stored on the person and
searched by word, on PostgreSQL and SQLite alike."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Applied in order to each lower-case Latin word, after doubled letters are collapsed.
VARIANTS = [
    ("kh", "k"), ("ph", "p"), ("th", "t"), ("ch", "c"), ("gn", "n"), ("ng", "n"),
    ("ey", "ei"), ("ay", "ai"), ("ea", "ia"), ("ie", "i"), ("oe", "e"), ("ov", "u"),
    ("ou", "u"), ("ao", "o"), ("w", "v"), ("y", "i"),
]  # fmt: skip
KHMER_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


@lru_cache(maxsize=65536)  # names repeat: an import or a search folds the same words often
def fold_word(word: str) -> str:
    if re.search("[\u1780-\u17ff]", word):
        # Khmer script: exact (NFC), without invisible separators or punctuation.
        return "".join(
            ch for ch in unicodedata.normalize("NFC", word) if "\u1780" <= ch <= "\u17dd"
        )
    text = unicodedata.normalize("NFKD", word.casefold())
    text = "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))
    if not text:
        return ""
    text = re.sub(r"(.)\1+", r"\1", text)
    for old, new in VARIANTS:
        text = text.replace(old, new)
    if len(text) > 2 and text.endswith("h"):
        text = text[:-1]
    return text


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text or "").translate(KHMER_INVISIBLE)
    return [w for w in (fold_word(part) for part in re.split(r"[\s,;/\-]+", text)) if w]


def joined(text: str) -> str:
    """All the words of a name run together: "Srey Neang" and "Sreyneang" meet here."""
    return "".join(words(text))


def name_key(*names: str) -> str:
    """The searchable key of a person's names: folded words and each name's words run
    together, each once, space-separated and framed by spaces so that a word is found with
    ``contains(" word")``."""
    seen: list[str] = []
    for name in names:
        parts = words(name)
        for w in [*parts, "".join(parts)] if len(parts) > 1 else parts:
            if w not in seen:
                seen.append(w)
    return (" " + " ".join(seen) + " ")[:600] if seen else ""
