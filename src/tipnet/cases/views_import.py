"""Import of existing court spreadsheets: the upload page and the template download."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tipnet.accounts.access import Action, Resource, require
from tipnet.cases.importer import import_spreadsheet, template_workbook
from tipnet.core.actor import Actor

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A file with thousands of problems is wrong throughout: the first ones show how.
ERRORS_SHOWN = 500


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV in UTF-8)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.TIPNET_MAX_UPLOAD_MB
        self.fields["file"].help_text = _("At most %(mb)s MB.") % {"mb": limit}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.TIPNET_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit})
        return upload


@login_required
def import_cases(request: HttpRequest) -> HttpResponse:
    require(request, Action.CREATE, Resource.CASE)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        result = import_spreadsheet(Actor.of(request), form.cleaned_data["file"].read())
        if result.ok:
            messages.success(
                request,
                ngettext(
                    "%(rows)s row imported: %(created)s cases created, %(updated)s updated.",
                    "%(rows)s rows imported: %(created)s cases created, %(updated)s updated.",
                    result.rows,
                )
                % {
                    "rows": result.rows,
                    "created": result.cases_created,
                    "updated": result.cases_updated,
                },
            )
            return redirect("cases:list")
        errors = result.errors
    return render(
        request,
        "cases/import.html",
        {"form": form, "errors": errors[:ERRORS_SHOWN], "error_count": len(errors)},
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    require(request, Action.CREATE, Resource.CASE)
    response = HttpResponse(template_workbook(request.user), content_type=XLSX_TYPE)  # type: ignore[arg-type]
    response["Content-Disposition"] = 'attachment; filename="tipnet-court-cases-import.xlsx"'
    return response
