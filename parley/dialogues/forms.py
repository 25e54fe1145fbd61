"""Forms render fields and check their shape; the action functions check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parley.dialogues.access import ActionError
from parley.dialogues.actions import SideSpec
from parley.dialogues.models import Membership, Side
from parley.dialogues.queries import language_label, language_name
from parley.dialogues.validation import HANDLE_MAX, clean_statement_text
from parley.lang import MAX_STATEMENT_LENGTH, normalise_text

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class OwnNameSelect(forms.Select):
    """A choice of languages, each option marked with its language (`lang`), for options that name a
    language in itself ("Հայերեն")."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"] = {**option["attrs"], "lang": option["value"]}
        return option


def language_choices(codes: list[str]) -> list[tuple[str, str]]:
    return [(code, language_label(code)) for code in codes]


class JoinForm(forms.Form):
    handle = forms.CharField(
        label=_("Your pseudonym"),
        max_length=HANDLE_MAX,
        help_text=_("How others in this dialogue will see you. Do not use your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}),
    )
    # Each language by its own name, as the switcher shows them: a newcomer finds theirs in any interface.
    language = forms.ChoiceField(label=_("Your language"), choices=LANGUAGE_CHOICES, widget=OwnNameSelect)


class AccountForm(forms.Form):
    """A new account for an organizer, moderator or co-chair, made while accepting an invitation."""

    username = forms.CharField(
        label=_("Username"), max_length=60, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        max_length=MAX_STATEMENT_LENGTH * 4,  # the action counts after normalisation and says how long it is
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-max-length": MAX_STATEMENT_LENGTH}),
    )
    language = forms.ChoiceField(label=_("Language of your statement"), choices=LANGUAGE_CHOICES)
    # The language the author confirmed after a warning that the text looks written in another one.
    language_confirmed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formatted here, per request: a lazy string formatted at import is frozen in English.
        self.fields["text"].help_text = _(
            "One clear idea that others can agree or disagree with, up to %(max)d characters."
        ) % {"max": MAX_STATEMENT_LENGTH}
        self.fields["language"].choices = language_choices(languages)  # type: ignore[attr-defined]


class OwnTranslationsForm(forms.Form):
    """The author's own translations of their statement, one optional field per other language of the
    dialogue; checked as the statement's text is. An empty field means "none": a machine translates."""

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in languages:
            self.fields[f"translation_{code}"] = forms.CharField(
                label=_("Your own translation into %(language)s") % {"language": language_name(code)},
                max_length=MAX_STATEMENT_LENGTH * 4,  # as the statement: counted after normalisation below
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code, "data-max-length": MAX_STATEMENT_LENGTH}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.fields:
            text = data.get(name)
            if not isinstance(text, str) or not normalise_text(text):
                data[name] = ""
                continue
            try:
                data[name] = clean_statement_text(text)
            except ActionError as error:
                self.add_error(name, error.message)
        return data

    def translations(self) -> dict[str, str]:
        """Language code -> the author's translation, for the fields they filled."""
        prefix = "translation_"
        return {
            name.removeprefix(prefix): text
            for name, text in self.cleaned_data.items()
            if name.startswith(prefix) and text
        }


class PassphraseForm(forms.Form):
    passphrase = forms.CharField(
        label=_("New passphrase"),
        min_length=8,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class SignInForm(forms.Form):
    handle = forms.CharField(label=_("Your pseudonym"), max_length=HANDLE_MAX)
    passphrase = forms.CharField(
        label=_("Passphrase"), max_length=200, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class InviteForm(forms.Form):
    side = forms.TypedChoiceField(label=_("Side"), coerce=int)
    role = forms.ChoiceField(label=_("Role"))
    max_uses = forms.IntegerField(label=_("How many people can use it"), min_value=1, initial=50)
    expires_in_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, initial=14)
    note = forms.CharField(
        label=_("Note for yourself"), max_length=100, required=False, help_text=_("For example: youth group, Ganja.")
    )

    def __init__(self, *args: Any, sides: list[Side], roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = [(s.pk, s.name_text()) for s in sides]  # type: ignore[attr-defined]
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (r, Membership.Role(r).label) for r in roles
        ]


class DialogueForm(forms.Form):
    """A new dialogue: its title and description per language, its languages and two sides."""

    languages = forms.MultipleChoiceField(
        label=_("Languages of the dialogue"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=[code for code, _name in settings.LANGUAGES],
    )
    my_side = forms.TypedChoiceField(
        label=_("Your side"), coerce=int, choices=[(0, _("First side")), (1, _("Second side"))], initial=0
    )
    handle = forms.CharField(
        label=_("Your name in this dialogue"),
        max_length=HANDLE_MAX,
        help_text=_("Co-chairs are accountable to their side: use the name you are known by."),
    )

    def __init__(self, *args: Any, empty_shell: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if empty_shell:
            # The site administrator creates an empty dialogue and takes no side.
            del self.fields["my_side"], self.fields["handle"]
        self.fields["languages"].choices = language_choices(LANGUAGE_CODES)  # type: ignore[attr-defined]
        for code, _name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": language_name(code)}, max_length=200, required=False
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": language_name(code)},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        defaults = [("A", "#1f77b4"), ("B", "#d95f02")]
        for i, (label, colour) in enumerate(defaults):
            self.fields[f"side{i}_label"] = forms.CharField(label=_("Short label"), max_length=12, initial=label)
            self.fields[f"side{i}_colour"] = forms.CharField(
                label=_("Colour"), max_length=7, initial=colour, widget=forms.TextInput(attrs={"type": "color"})
            )
            for code, _name in settings.LANGUAGES:
                self.fields[f"side{i}_name_{code}"] = forms.CharField(
                    label=_("Name (%(language)s)") % {"language": language_name(code)}, max_length=100, required=False
                )

    def per_language(self, prefix: str) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"{prefix}_{code}", "") for code, _name in settings.LANGUAGES}

    def side_specs(self) -> list[SideSpec]:
        return [
            SideSpec(
                label=self.cleaned_data[f"side{i}_label"],
                colour=self.cleaned_data[f"side{i}_colour"],
                name=self.per_language(f"side{i}_name"),
            )
            for i in (0, 1)
        ]

    def language_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"title_{code}"], self[f"description_{code}"]) for code, _name in settings.LANGUAGES]

    def side_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "label": self[f"side{i}_label"],
                "colour": self[f"side{i}_colour"],
                "names": [self[f"side{i}_name_{code}"] for code, _name in settings.LANGUAGES],
            }
            for i in (0, 1)
        ]
