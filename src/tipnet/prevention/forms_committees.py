"""Forms of committees: a new member (a user of tipnet, a known participant, or a new one),
a member's role (version-checked), the end of a membership, the members present at a
meeting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.models import Organisation, User
from tipnet.prevention.codes import AgeBand, ParticipantRole, Sex
from tipnet.prevention.forms import DATE
from tipnet.prevention.models import KnownParticipant
from tipnet.prevention.models_network import CommitteeMember, CommitteeRole

Label = Callable[[Any], str]


def _user_label(user: User) -> str:
    return f"{user.display_name} · {user.organisation or '—'}"


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(User.objects.none(), label=_("A user of tipnet"), required=False)
    participant = forms.ModelChoiceField(
        KnownParticipant.objects.none(), required=False,
        label=_("Or a known participant of your organisation"),
    )  # fmt: skip
    new_name = forms.CharField(
        label=_("Or a new known participant: name"), max_length=150, required=False,
        help_text=_("A contact record of prevention work, kept by your organisation."),
    )  # fmt: skip
    new_sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    new_age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices,
                                     initial=AgeBand.UNKNOWN, required=False)  # fmt: skip
    new_role = forms.ChoiceField(label=_("Works as"), required=False,
                                 choices=[("", "—"), *ParticipantRole.choices])  # fmt: skip
    agency = forms.ModelChoiceField(
        Organisation.objects.filter(is_active=True), label=_("Agency"), required=False,
        help_text=_("The police, ministry, court or NGO the member comes from (a user's own "
                    "organisation when left empty)."),
    )  # fmt: skip
    role = forms.ChoiceField(label=_("Role in the committee"), choices=CommitteeRole.choices,
                             initial=CommitteeRole.MEMBER)  # fmt: skip
    since = forms.DateField(label=_("Member since"), widget=DATE)

    def __init__(self, *args: Any, participants: Any, label: Label, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = self.fields["user"]
        assert isinstance(users, forms.ModelChoiceField)
        active = User.objects.filter(is_active=True, organisation__isnull=False)
        users.queryset = active.select_related("organisation").order_by("username")
        users.label_from_instance = _user_label  # type: ignore[method-assign,assignment]
        known = self.fields["participant"]
        assert isinstance(known, forms.ModelChoiceField)
        known.queryset = participants
        known.label_from_instance = label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        new = (data.get("new_name") or "").strip()
        chosen = [bool(data.get("user")), bool(data.get("participant")), bool(new)]
        if sum(chosen) != 1:
            raise forms.ValidationError(
                _("Choose one: a user of tipnet, a known participant, or a new participant.")
            )
        if new and not (data.get("new_sex") and data.get("new_role")):
            raise forms.ValidationError(_("Give the new participant's sex and what they work as."))
        return data

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        data = {k: d.get(k) for k in ("user", "participant", "agency", "role", "since")}
        if (d.get("new_name") or "").strip():
            data["new_participant"] = {
                "name": d["new_name"].strip(), "sex": d["new_sex"], "role": d["new_role"],
                "age_band": d.get("new_age_band") or AgeBand.UNKNOWN,
                "affiliation": str(d["agency"] or ""),
            }  # fmt: skip
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the committee"), choices=CommitteeRole.choices)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_of(cls, member: CommitteeMember) -> dict[str, Any]:
        return {"role": member.role, "version": member.version}


class EndForm(forms.Form):
    until = forms.DateField(label=_("Last day as a member"), widget=DATE)


class PresentForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        CommitteeMember.objects.none(), label=_("Members present"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    # The members shown as present when the form was opened (a concurrent change is told).
    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, members: Any, label: Label, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = members
        field.label_from_instance = label  # type: ignore[method-assign,assignment]

    def shown_ids(self) -> list[int]:
        raw = (self.cleaned_data.get("shown") or "").split()
        return [int(x) for x in raw if x.isdigit()]
