"""Who may already be recorded: the likely-duplicate warning shown before a person is created.

Each candidate comes with why it is offered and is ranked by it:

4. the same document number (any kind: one keyed hash for all);
3. every word of a name (in either script, spellings folded) and the same birth date;
2. every word of a name;
1. a shared name word and the same birth date.

Where the new person's sex or age is known and a candidate's differs (female against male; an
age more than :data:`AGE_TOLERANCE` years apart, estimates included), only a strong candidate
(ranks 4 and 3) is offered, with the difference shown: a sex or age entered wrongly is common,
a wrong document number with the same name and birth date is not. Weaker candidates that
differ are not offered ("a woman born 2007 for a 35-year-old man").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tipnet.people.documents import number_index
from tipnet.people.models import Gender, IdentityDocument, Person
from tipnet.people.names import KHMER_INVISIBLE, fold_word

AGE_TOLERANCE = 5
DOCUMENT, NAME_AND_BIRTH, NAME, WORD_AND_BIRTH = 4, 3, 2, 1
STRONG = NAME_AND_BIRTH
OPPOSITE: dict[str, str] = {Gender.FEMININE: Gender.MASCULINE, Gender.MASCULINE: Gender.FEMININE}
# Candidates read per query before ranking (a common name has many bearers).
READ = 30


@dataclass
class Likely:
    """Why a person is offered: set on each person :func:`likely_matches` returns."""

    rank: int
    words: list[str] = field(default_factory=list)  # the entered words found, as typed
    same_birth_date: bool = False
    document: str = ""  # the kind of the document whose number is the same
    conflicts: list[str] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        out = []
        if self.document:
            out.append(_("Same document number (%(document)s)") % {"document": self.document})
        if self.words:
            out.append(_("Name words in common: %(words)s") % {"words": ", ".join(self.words)})
        if self.same_birth_date:
            out.append(_("Same date of birth"))
        return out


def _typed_words(text: str) -> list[tuple[str, str]]:
    """(as typed, folded) for each word of a name."""
    text = unicodedata.normalize("NFC", text or "").translate(KHMER_INVISIBLE)
    pairs = [(part, fold_word(part)) for part in re.split(r"[\s,;/\-]+", text)]
    return [(typed, folded) for typed, folded in pairs if folded]


def _found(key_words: list[str], folded: str) -> bool:
    return any(k.startswith(folded) for k in key_words)


def _age_now(born: date | None, estimated: int | None, today: date) -> int | None:
    if born is None:
        return estimated
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _conflicts(person: Person, gender: str, age: int | None) -> list[str]:
    out = []
    if person.gender == OPPOSITE.get(gender):
        out.append(_("Recorded as: %(sex)s") % {"sex": person.get_gender_display()})
    theirs = person.age()
    if age is not None and theirs is not None and abs(theirs - age) > AGE_TOLERANCE:
        out.append(_("Recorded age: %(age)s years") % {"age": theirs})
    return out


def _judge(
    person: Person,
    names: list[list[tuple[str, str]]],
    born: date | None,
    document: str,
    gender: str,
    age: int | None,
) -> Likely | None:
    key_words = (person.name_key or "").split()
    matched: list[str] = []
    full = False
    for parts in names:
        hits = [typed for typed, folded in parts if _found(key_words, folded)]
        joined = "".join(folded for _typed, folded in parts)
        if parts and (len(hits) == len(parts) or (len(parts) > 1 and _found(key_words, joined))):
            full = True
            hits = [typed for typed, _folded in parts]
        matched += [h for h in hits if h not in matched]
    same_birth = bool(born and person.date_of_birth == born)
    if document:
        rank = DOCUMENT
    elif full and same_birth:
        rank = NAME_AND_BIRTH
    elif full:
        rank = NAME
    elif matched and same_birth:
        rank = WORD_AND_BIRTH
    else:
        return None
    conflicts = _conflicts(person, gender, age)
    if conflicts and rank < STRONG:
        return None
    return Likely(rank, matched, same_birth, document, conflicts)


def likely_matches(
    queryset: QuerySet[Person],
    name_km: str,
    name_latin: str,
    date_of_birth: date | None = None,
    id_number: str = "",
    limit: int = 10,
    *,
    gender: str = "",
    estimated_age: int | None = None,
) -> list[Person]:
    """People of ``queryset`` who may be the one about to be created, best first, each with
    ``person.likely`` (a :class:`Likely`: rank, the name words found, same birth date, same
    document, differences). Pass only people the user may identify: the warning names them."""
    from tipnet.people.services import name_condition

    queryset = queryset.select_related("place", "owner_organisation")
    today = date.today()
    age = _age_now(date_of_birth, estimated_age, today)
    names = [p for p in (_typed_words(name_km), _typed_words(name_latin)) if p]
    read: dict[int, Person] = {}
    documents: dict[int, str] = {}
    index = number_index(id_number)
    if index:
        holders = IdentityDocument.objects.filter(number_index=index)
        for person_id, kind in holders.values_list("person_id", "kind")[:READ]:
            label = str(dict(IdentityDocument._meta.get_field("kind").flatchoices)[kind])
            documents.setdefault(person_id, label)
        for p in queryset.filter(pk__in=list(documents))[:READ]:
            read[p.pk] = p
    for text in (name_km, name_latin):
        condition = name_condition(text)
        if condition is None:
            continue
        if date_of_birth:
            for p in queryset.filter(condition, date_of_birth=date_of_birth)[:READ]:
                read.setdefault(p.pk, p)
        for p in queryset.filter(condition)[:READ]:
            read.setdefault(p.pk, p)
    if date_of_birth:
        any_word = Q()
        for parts in names:
            for _typed, folded in parts:
                any_word |= Q(name_key__contains=f" {folded}")
        if any_word:
            for p in queryset.filter(any_word, date_of_birth=date_of_birth)[:READ]:
                read.setdefault(p.pk, p)
    offered = []
    for person in read.values():
        likely = _judge(
            person, names, date_of_birth, documents.get(person.pk, ""), gender or "", age
        )
        if likely is not None:
            person.likely = likely
            offered.append(person)
    offered.sort(key=lambda p: (-p.likely.rank, -len(p.likely.words), -p.pk))
    return offered[:limit]


def likely_matches_for(queryset: QuerySet[Person], data: Mapping[str, Any]) -> list[Person]:
    """:func:`likely_matches` for a person form's cleaned data."""
    return likely_matches(
        queryset,
        data.get("name_km") or "",
        data.get("name_latin") or "",
        data.get("date_of_birth"),
        data.get("id_number") or "",
        gender=data.get("gender") or "",
        estimated_age=data.get("estimated_age"),
    )
