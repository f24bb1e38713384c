"""The referral prompt: how to raise the question with one's own team, what to ask, whom to contact."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Sequence

from bot.framework import Assessment
from bot.settings import Clinic
from bot.summary import understood

WHO = [
    ("your oncologist", "the cancer doctor who looks after your drug treatment"),
    ("the multidisciplinary team (MDT)", "the group of specialists who meet to plan care together"),
    ("a thoracic surgeon", "a surgeon for the chest and lungs"),
    ("a clinical oncologist", "a doctor who gives radiotherapy"),
    ("an interventional radiologist", "a doctor who treats spots with needles guided by scans, such as ablation"),
]

BASE_QUESTIONS = [
    "Could my case be discussed at the multidisciplinary team meeting?",
    "Is treating the remaining spots with surgery, radiotherapy or ablation an option for me? Why or why not?",
    "What are the possible benefits and risks for me?",
    "Is there a clinical trial I could join?",
]


def questions_to_ask(a: Optional[Assessment]) -> List[str]:
    questions = list(BASE_QUESTIONS)
    if a is not None:
        questions = a.team_questions + questions
    return questions


def prompt(a: Optional[Assessment], clinic: Clinic) -> str:
    lines = [
        "How to raise this with your team:",
        "Tell your oncologist or specialist nurse that you would like to talk about local treatment of the "
        "remaining spots. You can ask for your case to be discussed by the multidisciplinary team.",
        "Questions you could ask:",
    ]
    lines += [f"- {q}" for q in questions_to_ask(a)]
    lines.append("Who can help: " + "; ".join(f"{who} ({what})" for who, what in WHO) + ".")
    lines.append(f"At {clinic.name}, contact the {clinic.contact_line('referral_contact')}.")
    return "\n".join(lines)


NOT_REVIEWED = "Not yet reviewed by a clinician"


def review_status(item: Any) -> str:
    """The content item's review line when it has one, else that no clinician has reviewed it yet."""
    line = getattr(item, "review_line", None)
    return line.strip() if isinstance(line, str) and line.strip() else NOT_REVIEWED


def sources(items: Sequence[Any]) -> List[Dict[str, Any]]:
    """Each content item shown, with its citations and its review status."""
    out = []
    for item in items:
        cites = [c.payload() if hasattr(c, "payload") else {"label": c.label} for c in (item.citations or [])]
        out.append({"id": item.id, "title": item.title, "citations": cites, "review": review_status(item)})
    return out


def printable_summary(
    situation: Dict[str, Any],
    a: Optional[Assessment],
    clinic: Clinic,
    category_name: Optional[str] = None,
    items: Optional[Sequence[Any]] = None,
    today: Optional[dt.date] = None,
) -> Dict[str, Any]:
    """The summary to take to an appointment, as a page a clinician can read: the facts as understood, the
    category with its reasons and the picture of the path, the questions to ask, the sources with their
    review status, the date and the clinic."""
    from bot.diagram import diagram
    from bot.explain import categories

    today = today or dt.date.today()
    placed = a is not None and a.complete and bool(a.category)
    if placed and category_name is None:
        category_name = categories()[a.category]["name"]
    summary: Dict[str, Any] = {
        "title": "My questions about local treatment",
        "clinic": clinic.name,
        "date": today.isoformat(),
        "date_text": f"{today.day} {today:%B %Y}",
        "what_i_told": understood(situation),
        "situation": category_name,
        "questions": questions_to_ask(a),
        "contact": clinic.contact_line("referral_contact"),
        "note": "General information from an information service, not medical advice. It does not replace "
        "the judgement of the clinical team.",
    }
    if placed:
        summary["category"] = a.category
        summary["term"] = categories()[a.category]["term"]
        summary["reasons"] = list(a.reasons) + list(a.assumptions)
        summary["diagram"] = diagram(situation, a)
    if items is not None:
        summary["sources"] = sources(items)
    return summary
