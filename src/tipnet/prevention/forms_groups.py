"""Forms of groups and networks: the group, the filters of their list, adding a member (a
known participant of the organisation, or a new one), a member's role (version-checked) and
recording that a member left."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipnet.geo.widgets import Location, LocationField
from tipnet.prevention.forms import DATE, ParticipantForm, _provinces
from tipnet.prevention.models import KnownParticipant
from tipnet.prevention.models_network import Group, GroupKind, GroupMember, GroupRole


class GroupForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of group"), choices=GroupKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    where = LocationField(label=_("Place"), with_country=False, required=True)
    venue = forms.CharField(
        label=_("School or venue"), max_length=200, required=False,
        help_text=_("The school of a Child Peer Group, or where the group meets."),
    )  # fmt: skip
    formed_on = forms.DateField(label=_("Formed on"), required=False, widget=DATE)
    is_active = forms.BooleanField(
        label=_("Active"), required=False,
        help_text=_("Untick when the group no longer meets: it stays on record with its history."),
    )  # fmt: skip
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:  # a new group is active
            del self.fields["is_active"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        where = data.get("where")
        data["place"] = where.area if isinstance(where, Location) else None
        return data

    @classmethod
    def initial_of(cls, group: Group) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(group, name) for name in Group.FIELDS}
        initial.update(where=Location(None, group.place), version=group.version)
        return initial


class GroupFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of group"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *GroupKind.choices]  # type: ignore[attr-defined]
        self.fields["province"].choices = _provinces()  # type: ignore[attr-defined]


class _Membership(forms.Form):
    group_role = forms.ChoiceField(label=_("Role in the group"), choices=GroupRole.choices,
                                   initial=GroupRole.MEMBER)  # fmt: skip
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE)


class MemberForm(_Membership):
    participant = forms.ModelChoiceField(KnownParticipant.objects.none(),
                                         label=_("Known participant"))  # fmt: skip
    field_order = ["participant", "group_role", "joined_on"]

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = choices[0]
        field.label_from_instance = choices[1]  # type: ignore[method-assign]


class NewMemberForm(ParticipantForm):
    """A new known participant with their membership."""

    group_role = forms.ChoiceField(label=_("Role in the group"), choices=GroupRole.choices,
                                   initial=GroupRole.MEMBER)  # fmt: skip
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE)


class RoleForm(forms.Form):
    group_role = forms.ChoiceField(label=_("Role in the group"), choices=GroupRole.choices)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_of(cls, member: GroupMember) -> dict[str, Any]:
        return {"group_role": member.role, "version": member.version}


class LeftForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE)
