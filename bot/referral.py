"""The referral prompt: how to raise the question with one's own team, what to ask, whom to contact."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

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
    lines = ["How to raise this with your team:",
             "Tell your oncologist or specialist nurse that you would like to talk about local treatment of the "
             "remaining spots. You can ask for your case to be discussed by the multidisciplinary team.",
             "Questions you could ask:"]
    lines += [f"- {q}" for q in questions_to_ask(a)]
    lines.append("Who can help: " + "; ".join(f"{who} ({what})" for who, what in WHO) + ".")
    lines.append(f"At {clinic.name}, contact the {clinic.contact_line('referral_contact')}.")
    return "\n".join(lines)


def printable_summary(situation: Dict[str, Any], a: Optional[Assessment], clinic: Clinic,
                      category_name: Optional[str] = None) -> Dict[str, Any]:
    """A short summary to take to an appointment: what the person said, and their questions."""
    return {
        "title": "My questions about local treatment",
        "clinic": clinic.name,
        "what_i_told": understood(situation),
        "situation": category_name,
        "questions": questions_to_ask(a),
        "contact": clinic.contact_line("referral_contact"),
        "note": "General information from an information service, not medical advice.",
    }
