"""A two-sided dialogue: its sides, pseudonymous members, invitations, statements and votes.

Nothing here treats one side differently from the other: sides are rows with a position
(0 or 1) used only to order them on screen.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def pick_language(texts: dict[str, str], language: str | None = None) -> str:
    """Return the text for LANGUAGE (default: the active one), else the first one there is."""
    code = pick_language_code(texts, language)
    return texts.get(code, "") if code else next(iter(texts.values()), "")


def pick_language_code(texts: dict[str, str], language: str | None = None) -> str:
    """The language of the text pick_language returns (for its `lang` attribute); "" when there is none."""
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    if texts.get(language):
        return language
    for code in LANGUAGE_CODES:
        if texts.get(code):
            return code
    return next((code for code, text in texts.items() if text), "")


class Dialogue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(max_length=60, unique=True)
    title = models.JSONField(default=dict, help_text="Title per language code.")
    description = models.JSONField(default=dict, help_text="Description per language code.")
    languages = models.JSONField(default=list, help_text="Language codes in use.")

    class VoteVisibility(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual pseudonymous votes are public")
        AGGREGATE = "aggregate", _("Only the totals are public")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Totals only by default: participants are safest when nothing public links a vote to them.
    vote_visibility = models.CharField(max_length=12, choices=VoteVisibility.choices, default=VoteVisibility.AGGREGATE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.slug

    def title_text(self, language: str | None = None) -> str:
        return pick_language(self.title, language)

    def description_text(self, language: str | None = None) -> str:
        return pick_language(self.description, language)

    def ordered_sides(self) -> list[Side]:
        return sorted(self.sides.all(), key=lambda s: s.position)


class Side(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="sides")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=12)
    name = models.JSONField(default=dict, help_text="Name per language code.")
    colour = models.CharField(max_length=7, default="#555555")

    class Meta:
        ordering = ["dialogue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "position"], name="side_position_unique"),
            models.UniqueConstraint(fields=["dialogue", "label"], name="side_label_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    def name_text(self, language: str | None = None) -> str:
        return pick_language(self.name, language) or self.label


class Membership(models.Model):
    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        ORGANIZER = "organizer", _("Organizer")
        MODERATOR = "moderator", _("Moderator")
        COCHAIR = "cochair", _("Co-chair")
        DEPUTY = "deputy", _("Deputy co-chair")
        OBSERVER = "observer", _("Observer")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="memberships")
    side = models.ForeignKey(Side, on_delete=models.PROTECT, related_name="memberships")
    handle = models.CharField(max_length=40)
    # Case- and form-folded handle, so "Lala" and "lala" cannot both join. Case folding can
    # lengthen text (Armenian "և" becomes two letters), hence the room.
    handle_key = models.CharField(max_length=160)
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.PARTICIPANT)
    # Only organizers, moderators and co-chairs have an account; participants are pseudonymous.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    language = models.CharField(max_length=5, default="en")
    return_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    passphrase_hash = models.CharField(max_length=255, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    # Totals-only dialogues: a participant's join is published as a count in the next batch of votes,
    # not as an entry of its own (whose time would anchor what they do next); true until then.
    join_waiting = models.BooleanField(default=False)
    invite = models.ForeignKey("Invite", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["dialogue", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "handle_key"], name="membership_handle_unique"),
            models.UniqueConstraint(
                fields=["dialogue", "user"], condition=models.Q(user__isnull=False), name="membership_user_unique"
            ),
            # One co-chair per side, held by the database even when two invitations are used at once.
            models.UniqueConstraint(fields=["side"], condition=models.Q(role="cochair"), name="one_cochair_per_side"),
            models.UniqueConstraint(fields=["side"], condition=models.Q(role="deputy"), name="one_deputy_per_side"),
        ]

    def __str__(self) -> str:
        return self.handle

    @property
    def is_cochair(self) -> bool:
        return self.role == self.Role.COCHAIR

    @property
    def leads_side(self) -> bool:
        """Co-chair or deputy: who proposes for a side and approves the other side's proposals."""
        return self.role in (self.Role.COCHAIR, self.Role.DEPUTY)

    @property
    def can_invite(self) -> bool:
        return self.role in (self.Role.COCHAIR, self.Role.DEPUTY, self.Role.ORGANIZER)

    @property
    def moderates(self) -> bool:
        """Moderators, and the co-chair and deputy, who may moderate too."""
        return self.role in (self.Role.MODERATOR, self.Role.COCHAIR, self.Role.DEPUTY)

    @property
    def can_take_part(self) -> bool:
        """Whether this member votes and writes (observers only read)."""
        return self.role != self.Role.OBSERVER


class Invite(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="invites")
    side = models.ForeignKey(Side, on_delete=models.PROTECT, related_name="invites")
    role = models.CharField(max_length=12, choices=Membership.Role.choices, default=Membership.Role.PARTICIPANT)
    token_hash = models.CharField(max_length=64, unique=True)
    note = models.CharField(max_length=100, blank=True)
    # None for the two first co-chairs' invitations of a dialogue the site administrator created.
    created_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="invites_created"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    max_uses = models.PositiveIntegerField(default=1)
    uses = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Invitations to privileged roles and observers work only once the other side approves them.
    awaiting_approval = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"invite {self.pk} ({self.role}, side {self.side_id})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_used_up(self) -> bool:
        return self.uses >= self.max_uses

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.awaiting_approval and not self.is_expired and not self.is_used_up


class Statement(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        ON_HOLD = "on_hold", _("On hold")
        REMOVED = "removed", _("Removed")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="statements")
    author = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="statements")
    # The author's side when they wrote it; never taken from user input.
    side = models.ForeignKey(Side, on_delete=models.PROTECT, related_name="statements")
    text = models.TextField()
    language = models.CharField(max_length=5)
    is_seed = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when both sides withdrew the text from the public record: the rule it was removed under.
    # The text and its translations are then blank here too.
    withdrawn_rule = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["dialogue", "created_at", "id"]
        indexes = [models.Index(fields=["dialogue", "status"], name="statement_dialogue_status")]

    def __str__(self) -> str:
        return self.text[:40]


class StatementTranslation(models.Model):
    """A statement's current text in another language, with its provenance and status.

    The original stays on the statement; earlier versions are kept in `translations.TranslationVersion`.
    The workflow (who proposes, reviews, disputes) is the `parley.translations` app's.
    """

    class Source(models.TextChoices):
        AUTHOR = "author", _("Author's translation")
        HUMAN = "human", _("Human translation")
        MACHINE = "machine", _("Machine translation")

    class Status(models.TextChoices):
        MACHINE = "machine", _("Machine translation")
        PROPOSED = "proposed", _("Proposed")
        REVIEWED = "reviewed", _("Reviewed by both sides")
        DISPUTED = "disputed", _("Disputed")
        FAILED = "failed", _("Machine translation failed")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=5)
    text = models.TextField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.HUMAN)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    # Human translations: who proposed the text (their side is the translation's side); for the
    # author's own translation, the author.
    translator = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="translations_made"
    )
    reviewer = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="translations_reviewed"
    )
    disputed_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="translations_disputed"
    )
    dispute_reason = models.TextField(blank=True)
    # Machine translations: the backend, its model and the pivot language, if any.
    backend = models.CharField(max_length=40, blank=True)
    model = models.CharField(max_length=200, blank=True)
    pivot = models.CharField(max_length=5, blank=True)
    # The record entry that set the current text (None for texts from before translation entries).
    seq = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["statement", "language"], name="translation_language_unique")]

    def __str__(self) -> str:
        return f"{self.language}: {self.text[:40]}"


class Vote(models.Model):
    """The vote that counts: a member's latest vote on a statement."""

    class Value(models.IntegerChoices):
        AGREE = 1, _("Agree")
        DISAGREE = -1, _("Disagree")
        PASS = 0, _("Pass")

    # The unique (membership, statement) index serves lookups by membership: no index of its own.
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="votes", db_index=False)
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=Value.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "statement"], name="vote_once_per_statement"),
            models.CheckConstraint(condition=models.Q(value__in=[-1, 0, 1]), name="vote_value_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} on {self.statement_id}: {self.value}"


class VoteHistory(models.Model):
    """Every vote ever cast, including the ones a later vote replaced."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="vote_history")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="vote_history")
    value = models.SmallIntegerField(choices=Vote.Value.choices)
    cast_at = models.DateTimeField(default=timezone.now)
    # Totals-only dialogues: the vote's salt and commitment (its receipt), and the batch that published
    # it (null while it waits). Votes published one by one have neither.
    salt = models.BinaryField(max_length=16, default=b"")
    commitment = models.CharField(max_length=64, default="", blank=True)
    batch = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["cast_at", "id"]
        indexes = [models.Index(fields=["batch", "commitment"], name="votehistory_batch")]

    def __str__(self) -> str:
        return f"{self.membership_id} on {self.statement_id}: {self.value} at {self.cast_at:%Y-%m-%d %H:%M}"


class TallyBatch(models.Model):
    """A sealed batch of a totals-only dialogue's votes: what its `votes.tallied` entry published."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="tally_batches")
    number = models.PositiveIntegerField()
    seq = models.PositiveIntegerField(help_text="The votes.tallied entry's sequence number.")
    sealed_at = models.DateTimeField(default=timezone.now)
    totals = models.JSONField(default=dict, help_text="Cumulative latest-vote counts per statement and side.")

    class Meta:
        ordering = ["dialogue", "number"]
        constraints = [models.UniqueConstraint(fields=["dialogue", "number"], name="tally_batch_number_unique")]

    def __str__(self) -> str:
        return f"{self.dialogue_id} batch {self.number}"


class SideTally(models.Model):
    """How the current votes of one side on one statement stand: the read side of `Vote`.

    Kept by `parley.dialogues.counters` in the transaction of every vote, so that reads (the next
    card, the results) cost the same whatever the number of votes.
    """

    # No index of their own: the unique constraint's index leads with the statement, and a vote
    # pays for every index of this table.
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="tallies", db_index=False)
    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="+", db_index=False)
    agree = models.IntegerField(default=0)
    disagree = models.IntegerField(default=0)
    passes = models.IntegerField(default=0)
    # Published votes cast (history rows: each vote while votes are public one by one, or sealed in a
    # batch), re-votes included: the "votes cast" figure, which would otherwise count the whole history.
    cast = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["statement", "side"], name="side_tally_unique")]

    def __str__(self) -> str:
        return (
            f"statement {self.statement_id}, side {self.side_id}: {self.agree}/{self.disagree}/{self.passes}, "
            f"{self.cast} cast"
        )
