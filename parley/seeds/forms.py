from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SeedFileForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of seed statements"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
