"""Joint statements, from final text to ratified: finalising is a proposal the other side approves
(kind `finalise_joint_statement`, registered here); it fixes the canonical bytes that both co-chairs
then sign with their own keys, which never reach the server. With both signatures the statement is
ratified. Called through `parley.joint.actions`, which re-exports `do_sign_joint`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.checkpoints import signing
from parley.checkpoints.actions import active_key
from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Membership
from parley.dialogues.queries import language_name
from parley.joint import access as joint_access
from parley.joint import queries as joint_queries
from parley.joint import votes as joint_votes
from parley.joint.glossary import finalise_warnings
from parley.joint.models import Amendment, JointSignature, JointStatement, JointVersion
from parley.ledger import log
from parley.proposals.kinds import LEADS, Kind, register
from parley.proposals.models import Proposal
from parley.record import keys
from parley.record.entries import JOINT_FINALISED, JOINT_RATIFIED, JOINT_SIGNED
from parley.record.joint import canonical_statement, sha256

# --- finalising: a proposal the other side approves ----------------------------------------------------


def _check_complete(joint: JointStatement, version: JointVersion) -> None:
    """A final text exists in every language of the dialogue, with nothing left to answer."""
    if joint.amendments.filter(state=Amendment.State.PENDING).exists():
        raise ActionError(_("Answer or withdraw the pending amendments first."), field="joint")
    for clause in version.clauses:
        for code in joint.dialogue.languages:
            if not clause["texts"].get(code):
                raise ActionError(
                    _("Clause %(n)s has no text in %(language)s yet: propose an amendment with its translation.")
                    % {"n": clause["key"], "language": language_name(code)},
                    field="joint",
                )


def _clean_finalise(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    try:
        joint_id = int(str(data.get("joint", "")))
    except ValueError:
        joint_id = 0
    joint = JointStatement.objects.filter(pk=joint_id, dialogue_id=member.dialogue_id).first()
    if joint is None or joint.state != JointStatement.State.DRAFT:
        raise ActionError(_("Choose a joint statement that is still a draft."), field="joint")
    current = joint_queries.latest_version(joint)
    if data.get("version") not in (None, "") and str(data.get("version")) != str(current.number):
        raise ActionError(
            _("The text changed since you read it: version %(now)d is the latest.") % {"now": current.number},
            field="version",
        )
    _check_complete(joint, current)
    vote = data.get("participant_vote")
    return {
        "joint": joint.pk,
        "version": current.number,
        "participant_vote": vote is True or (isinstance(vote, str) and vote.lower() in ("1", "on", "true", "yes")),
    }


def _apply_finalise(proposal: Proposal, approver: Membership) -> None:
    payload = proposal.payload
    joint = JointStatement.objects.select_for_update().get(pk=payload["joint"])
    if joint.state != JointStatement.State.DRAFT:
        raise ActionError(_("This joint statement is already final."))
    current = joint_queries.latest_version(joint)
    if current.number != payload["version"]:
        raise ActionError(
            _("The text changed since this was proposed (it is now version %(now)d): propose finalising it again.")
            % {"now": current.number}
        )
    _check_complete(joint, current)
    dialogue: Dialogue = joint.dialogue
    joint.canonical = canonical_statement(
        dialogue=dialogue.slug,
        joint=joint.pk,
        version=current.number,
        title=joint.title,
        clauses=current.clauses,
        sides=[side.label for side in dialogue.ordered_sides()],
    )
    joint.state = JointStatement.State.FINAL
    joint.final_version = current
    joint.participant_vote = payload["participant_vote"]
    joint.finalised_at = timezone.now()
    joint.save(update_fields=["canonical", "state", "final_version", "participant_vote", "finalised_at"])
    log.append(
        joint.dialogue_id,
        JOINT_FINALISED,
        {
            "joint": joint.pk,
            "version": current.number,
            "sha256": sha256(bytes(joint.canonical)),
            "participant_vote": joint.participant_vote,
            "proposal": proposal.pk,
        },
        actor=approver,
    )


def _describe_finalise(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    text = _("Finalise joint statement %(joint)d as version %(version)d") % {
        "joint": payload["joint"],
        "version": payload["version"],
    }
    if not payload["participant_vote"]:
        return text
    return _("%(text)s (participants vote on it)") % {"text": text}


FINALISE = register(
    Kind(
        "finalise_joint_statement",
        gettext_lazy("Finalise a joint statement for both co-chairs to sign"),
        LEADS,
        _clean_finalise,
        _apply_finalise,
        _describe_finalise,
        warnings=finalise_warnings,
        unavailable=joint_queries.why_no_finalise,
    )
)


# --- signing and ratification ------------------------------------------------------------------------


@transaction.atomic
def do_sign_joint(member: Membership | None, joint_id: object, signature: object) -> JointSignature:
    """Add a co-chair's signature over the final text's canonical bytes, made with their own key."""
    member = joint_access.check_can_sign(member)
    joint = joint_access.find_joint(member.dialogue, joint_id, lock=True)
    if joint.state == JointStatement.State.DRAFT:
        raise ActionError(_("This joint statement is still a draft: only a final text is signed."))
    if joint.state == JointStatement.State.RATIFIED:
        raise ActionError(_("This joint statement is already ratified by both co-chairs."))
    role = signing.cochair_role(member.side)
    if joint.signatures.filter(role=role).exists():
        raise ActionError(_("Your side has already signed this joint statement."))
    key = active_key(member)
    if key is None:
        raise ActionError(_("Register your signing key first, on the Signing page."))
    try:
        raw = base64.b64decode(str(signature), validate=True)
    except (binascii.Error, ValueError):
        raise ActionError(_("The signature is not valid base64."), field="signature") from None
    data = bytes(joint.canonical)
    if not keys.verify(bytes(key.public_key), data, raw):
        raise ActionError(
            _("This signature does not match the joint statement's final text and your registered key."),
            field="signature",
        )
    stored = JointSignature.objects.create(joint=joint, role=role, signing_key=key, signature=raw)
    digest = sha256(data)
    assert joint.final_version is not None
    log.append(
        joint.dialogue_id,
        JOINT_SIGNED,
        {
            "joint": joint.pk,
            "version": joint.final_version.number,
            "sha256": digest,
            "role": role,
            "fingerprint": key.fingerprint,
            "signature": base64.b64encode(raw).decode("ascii"),
        },
        actor=member,
    )
    _ratify_if_both_signed(joint, data)
    return stored


def _ratify_if_both_signed(joint: JointStatement, data: bytes) -> None:
    roles = {signing.cochair_role(side) for side in joint.dialogue.ordered_sides()}
    signatures = list(joint.signatures.select_related("signing_key"))
    valid = {s.role for s in signatures if keys.verify(bytes(s.signing_key.public_key), data, bytes(s.signature))}
    if not roles <= valid:
        return
    joint.state = JointStatement.State.RATIFIED
    joint.ratified_at = timezone.now()
    joint.save(update_fields=["state", "ratified_at"])
    # Ratified, the text takes no more votes: publish the ones still waiting for a batch, however few.
    joint_votes.seal_final(joint.dialogue_id, joint.pk)
    log.append(joint.dialogue_id, JOINT_RATIFIED, {"joint": joint.pk, "sha256": sha256(data)})
