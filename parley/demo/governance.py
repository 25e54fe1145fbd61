"""The demo's governance: a ratified joint statement, a moderation log, a glossary and a pending proposal.

Written through the action layer as the two co-chairs and some participants would, after the
demo's votes are analysed and the co-chairs' keys are registered, so a newcomer sees each at once.
"""

from __future__ import annotations

import base64
import random
from typing import Any

from parley.dialogues import actions as dialogue_actions
from parley.dialogues.models import Membership
from parley.joint import actions as joint
from parley.joint.queries import common_ground_ids
from parley.moderation import actions as moderation
from parley.proposals import actions as governance
from parley.record import keys

GLOSSARY = {
    "texts": {
        "az": "itkin düşmüş şəxslər",
        "hy": "անհայտ կորածներ",
        "ru": "пропавшие без вести",
        "en": "missing persons",
    },
    # In Russian, people of the second side usually put it the other way round: both sides agree that
    # it is the same term, and joint texts use the neutral order.
    "sides": {"1": {"ru": "без вести пропавшие"}},
    "note": {"en": "People whose fate is unknown since the conflict, civilians and soldiers alike."},
}
POLICY = {
    "texts": {
        "en": "Write about ideas, not people. No insults or hate, no personal data (names of private "
        "people, phone numbers, addresses), stay on the dialogue's topics, and do not repeat a statement "
        "that is already there. A moderator of either side may put a statement on hold; removing it "
        "needs a moderator of the other side. Authors may appeal once.",
        "ru": "Пишите об идеях, а не о людях. Без оскорблений и ненависти, без личных данных (имён частных "
        "лиц, телефонов, адресов), по темам диалога и без повторов. Модератор любой стороны может "
        "приостановить высказывание; удалить его можно только с согласия модератора другой стороны. "
        "Автор может один раз обжаловать решение.",
        "az": "İnsanlar haqqında yox, fikirlər haqqında yazın. Təhqir və nifrət, şəxsi məlumatlar (şəxsi "
        "adamların adları, telefonlar, ünvanlar) olmasın, dialoqun mövzusunda qalın və artıq olan fikri "
        "təkrarlamayın. İstənilən tərəfin moderatoru fikri dayandıra bilər; silmək üçün digər tərəfin "
        "moderatorunun razılığı lazımdır. Müəllif bir dəfə etiraz edə bilər.",
        "hy": "Գրեք գաղափարների, ոչ թե մարդկանց մասին։ Առանց վիրավորանքների և ատելության, առանց անձնական "
        "տվյալների (մասնավոր անձանց անուններ, հեռախոսներ, հասցեներ), երկխոսության թեմաներով և առանց "
        "կրկնությունների։ Ցանկացած կողմի մոդերատոր կարող է կասեցնել դրույթը, իսկ հեռացնելու համար "
        "անհրաժեշտ է մյուս կողմի մոդերատորի համաձայնությունը։ Հեղինակը կարող է մեկ անգամ բողոքարկել։",
    }
}
TITLE = {
    "en": "What both societies already agree on",
    "az": "Hər iki cəmiyyətin artıq razılaşdığı məsələlər",
    "hy": "Ինչում արդեն համաձայն են երկու հասարակությունները",
    "ru": "В чём оба общества уже согласны",
}
# A statement breaking the policy's personal-data rule, and one off the dialogue's topics.
PERSONAL_DATA = "Write to Rashad from the ministry directly, his mobile is +994 50 000 00 00."
OFF_TOPIC = "Who will win the football match tonight?"
# A term both sides' moderators agreed to hold automatically, and a statement that uses it.
BLOCKED_TERM = {"language": "ru", "add": ["предатели"]}
BLOCKED_STATEMENT = "Все, кто разговаривает с другой стороной, — предатели."
# Side B's amendment: a closing clause in the four languages, its original in Armenian.
NEW_CLAUSE = {
    "hy": "Երկու կողմերը կշարունակեն հանդիպել ուղղակիորեն, առանց արտաքին միջնորդների, "
    "և կհրապարակեն յուրաքանչյուր հանդիպման արդյունքները։",
    "az": "Hər iki tərəf vasitəçilər olmadan birbaşa görüşməyə davam edəcək və hər görüşün nəticələrini dərc edəcək.",
    "ru": "Обе стороны продолжат встречаться напрямую, без внешних посредников, "
    "и будут публиковать итоги каждой встречи.",
    "en": "Both sides will keep meeting directly, without outside mediators, "
    "and will publish the results of every meeting.",
}


def govern_demo(dialogue_id: int, private: dict[int, Any], rng: random.Random) -> dict[str, int]:
    """Add the demo's governance; PRIVATE maps each co-chair's membership id to their signing key."""
    chairs = list(
        Membership.objects.filter(dialogue_id=dialogue_id, role=Membership.Role.COCHAIR).order_by("side__position")
    )
    chair_a, chair_b = chairs
    participants = [
        list(
            Membership.objects.filter(side=chair.side, role=Membership.Role.PARTICIPANT)
            .exclude(translator__isnull=False)
            .order_by("id")
        )
        for chair in chairs
    ]

    def agreed(proposer: Membership, approver: Membership, kind: str, data: dict[str, Any]) -> None:
        made = governance.do_propose(proposer, kind, data)
        governance.do_approve_proposal(approver, made.proposal.pk)

    agreed(chair_a, chair_b, "glossary", GLOSSARY)
    agreed(chair_b, chair_a, "moderation_policy", POLICY)
    agreed(chair_a, chair_b, "blocklist", BLOCKED_TERM)

    # The moderation log: removed by both sides, returned by the other side, held by the blocklist.
    # The phone number is removed by a proposal side B approves, which also withdraws its text from the
    # public record: the record keeps only its commitment, and no page or bundle shows the number.
    personal = dialogue_actions.do_submit_statement(participants[0][7], PERSONAL_DATA, "en")
    moderation.do_flag(participants[1][3], personal.pk, "personal_data")
    reason = "A private person's phone number."
    moderation.do_hold(chair_a, personal.pk, "personal_data", reason)
    removal = {"statement": personal.pk, "rule": "personal_data", "reason": reason, "withdraw": "yes"}
    agreed(chair_a, chair_b, "remove_statement", removal)
    off_topic = dialogue_actions.do_submit_statement(participants[1][5], OFF_TOPIC, "en")
    hold = moderation.do_hold(chair_b, off_topic.pk, "off_topic", "Not about the dialogue's topics.")
    moderation.do_decide_hold(chair_a, hold.pk, "return")
    dialogue_actions.do_submit_statement(participants[1][9], BLOCKED_STATEMENT, "ru")

    # Machine translation of the statements written without translations, then an Armenian statement
    # machine-translated, corrected by side B's translator and reviewed by side A's (parley.demo.translation).
    from parley.demo.translation import translation_path

    translation_path(dialogue_id, off_topic.pk)

    # A joint statement from the common ground: drafted by side A, amended by side B, voted, ratified.
    # Only statements the analysis judged common ground (enough votes of each side, every side's lower
    # bound of agreement over the engine's threshold) qualify.
    found = common_ground_ids(chair_a.dialogue)
    if found is None:
        raise RuntimeError("the demo's joint statement needs a finished analysis")
    _latest, statement_ids = found
    if not statement_ids:
        raise RuntimeError("the demo's analysis found no common ground to draft its joint statement from")
    draft = joint.do_start_joint(chair_a, TITLE, statement_ids[:3])
    amendment = joint.do_propose_amendment(chair_b, draft.pk, {"action": "add", "texts": NEW_CLAUSE, "language": "hy"})
    joint.do_accept_amendment(chair_a, draft.pk, amendment.pk)
    agreed(chair_b, chair_a, "finalise_joint_statement", {"joint": draft.pk, "participant_vote": True})
    draft.refresh_from_db()
    clauses = [""] + [c["key"] for c in draft.final_version.clauses]  # type: ignore[union-attr]
    votes = 0
    for side in participants:
        for member in rng.sample(side, k=min(40, len(side))):
            for clause in clauses:
                joint.do_vote_joint(member, draft.pk, clause, "agree" if rng.random() < 0.85 else "disagree")
                votes += 1
    for chair in chairs:
        signature = keys.sign(private[chair.pk], bytes(draft.canonical))
        joint.do_sign_joint(chair, draft.pk, base64.b64encode(signature).decode("ascii"))

    # The analysis again, now that moderation changed what counts; side B proposes to publish it as
    # the dialogue's report, and the proposal waits for side A.
    from parley.analysis.tasks import analyse_now

    run = analyse_now(dialogue_id)
    governance.do_propose(chair_b, "report", {"run": run.pk})
    return {"joint": draft.pk, "joint_votes": votes}
