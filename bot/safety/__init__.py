"""Urgent symptoms in any message (framework.md §8): which red flag, how urgent, and what to do now.

Two independent detectors, recall first (a miss costs a life, a false alarm costs a sentence):
- the concept rules (bot/safety/rules.py over bot/data/symptoms.yml and red_flags.yml), which understand
  context: negated, past, resolved, hypothetical, a question about a side effect, someone else's history;
- a classifier trained on everyday-words examples (bot/safety/classifier.py), which reads the phrasings and
  misspellings the lexicon lacks.
Either one firing with confidence gives the alert. A weaker signal (the rules' concepts present only out of
the present, or a classifier probability between its two thresholds) gives a one-line safety net. The
classifier's alert becomes a safety net only where the rules found the same symptoms and read them as a
question, negated, the past or a resolved event.

Standard library, PyYAML and scikit-learn only: the Rasa process imports this too, so it can answer an
emergency when the action server is down (bot/rasa_ext/action_faults.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from bot.safety import classifier, data, rules

DETECTORS = ("rules", "classifier")


@dataclass(frozen=True)
class Alert:
    level: str
    reason: str
    evidence: str = ""
    source: str = "rules"  # rules | classifier | both
    about: str = "self"  # self | someone_else: a carer writing of a husband, a mother ("he says he wants to end it")


@dataclass(frozen=True)
class Triage:
    alerts: Tuple[Alert, ...] = ()
    safety_net: Tuple[str, ...] = ()  # reasons brushed against, or "any" for a weak classifier signal
    classifier: Optional[Tuple[str, float]] = field(default=None, compare=False)

    @property
    def alert(self) -> Optional[Alert]:
        return self.alerts[0] if self.alerts else None

    def as_payload(self) -> Dict[str, Any]:
        """What travels in the message's parse data from the Rasa process to the action server."""
        return {
            "alerts": [
                {"level": a.level, "reason": a.reason, "source": a.source, "about": a.about} for a in self.alerts
            ],
            "safety_net": list(self.safety_net),
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> "Triage":
        return cls(
            tuple(
                Alert(a["level"], a["reason"], "", a.get("source", "rules"), a.get("about", "self"))
                for a in payload.get("alerts", [])
            ),
            tuple(payload.get("safety_net", [])),
        )


def _level_of(reason: str) -> str:
    for name, spec in data.flags()["flags"].items():
        if spec.get("reason", name) == reason:
            return spec["level"]
    raise KeyError(reason)


def _flag_level(name: str) -> str:
    return data.flags()["flags"][name]["level"]


def _severity(level: str) -> int:
    return data.flags()["levels"].index(level)


def triage(text: str, detectors: Sequence[str] = DETECTORS) -> Triage:
    text = text or ""
    if not text.strip() or text.startswith("/"):
        return Triage()
    found = rules.find(text) if "rules" in detectors else rules.Finding()
    alerts: Dict[str, Alert] = {}
    for name, reason in found.alerts:
        alerts[reason] = Alert(_flag_level(name), reason, found.evidence.get(reason, ""), "rules")
    net: List[str] = list(found.out_of_present)
    prediction = classifier.predict(text) if "classifier" in detectors else None
    if prediction is not None:
        threshold = classifier.ALERT_P if (found.symptoms or "rules" not in detectors) else classifier.ALERT_P_UNSEEN
        if prediction.p_reason >= threshold:
            if prediction.reason in alerts:
                a = alerts[prediction.reason]
                alerts[prediction.reason] = Alert(a.level, a.reason, a.evidence, "both")
            elif prediction.reason in found.in_context:
                # The rules read these very symptoms as negated, a question, the past or resolved.
                if prediction.reason in found.out_of_present and prediction.reason not in net:
                    net.append(prediction.reason)
            else:
                alerts[prediction.reason] = Alert(_level_of(prediction.reason), prediction.reason, "", "classifier")
        elif (
            prediction.p_urgent >= classifier.NET_P
            and not alerts
            and not net
            and (found.symptoms or "rules" not in detectors)
        ):
            net.append("any")  # a weak signal, but only where some symptom is named at all ("hello" is not)
    if prediction is not None:
        for reason, a in list(alerts.items()):
            # The rules alone, on a message the classifier is sure is calm: the person still gets the line
            # that says what to do if it is happening now (classifier.CALM_P).
            sure_calm = classifier.CALM_P_OTHER if _about(text, a.evidence) == "someone_else" else classifier.CALM_P
            if a.source == "rules" and prediction.p_urgent < sure_calm:
                del alerts[reason]
                if reason not in net:
                    net.append(reason)
    if prediction is not None and not alerts and prediction.p_urgent >= classifier.SURE_P:
        # Sure on the whole message, the classifier outweighs the rules' reading of it as a question, the past or
        # absent ("Is it normal after SABR to cough up blood? I've filled a couple of tissues").
        alerts[prediction.reason] = Alert(_level_of(prediction.reason), prediction.reason, "", "classifier")
    ordered = tuple(
        replace(a, about=_about(text, a.evidence)) for a in sorted(alerts.values(), key=lambda a: -_severity(a.level))
    )
    if ordered:
        net = []
    return Triage(ordered, tuple(net), (prediction.reason, round(prediction.p_reason, 3)) if prediction else None)


def _about(text: str, evidence: str) -> str:
    """Whom the alert is about: the nearest person named before the symptom in its sentence (red_flags.yml
    `someone_else`), or, when the classifier alone found it, whoever the message names more. Unsure is "self":
    the advice to the person themselves is never wrong to give."""
    spec = data.flags()["someone_else"]
    lowered = rules.normalise(text)
    people = rules.compiled().named
    where = lowered.find(evidence) if evidence else -1
    if where >= 0:
        start = max(lowered.rfind(c, 0, where) for c in ".!?\n") + 1
        named = list(people.finditer(lowered, start, where))
        if not named:
            return "self"
        return "someone_else" if named[-1].group(1) in spec["people"] else "self"
    named = [m.group(1) in spec["people"] for m in people.finditer(lowered)]
    return "someone_else" if sum(named) > len(named) - sum(named) else "self"


def detect_all(text: str, detectors: Sequence[str] = DETECTORS) -> List[Alert]:
    return list(triage(text, detectors).alerts)


def detect(text: str, detectors: Sequence[str] = DETECTORS) -> Optional[Alert]:
    """The most severe alert in the message, or None."""
    return triage(text, detectors).alert


def warm_up() -> None:
    """Compile the rules and train the classifier before the first patient's message."""
    triage("warming up: no fever")


# --- what to say -------------------------------------------------------------------------------------------


def contacts(clinic: Mapping[str, Any]) -> Dict[str, str]:
    """The clinic's contacts as placeholders; the clinic file is checked at start (bot.settings)."""
    acute, crisis = clinic["acute_oncology_line"], clinic["crisis_line"]
    return {
        "emergency_number": clinic["emergency_number"],
        "acute_name": acute["name"],
        "acute_phone": acute["phone"],
        "crisis_name": crisis["name"],
        "crisis_phone": crisis["phone"],
        "crisis_hours": crisis.get("hours", ""),
    }


def _advice_key(alert: Alert) -> str:
    texts = data.flags()["advice"]
    names = [n for n, s in data.flags()["flags"].items() if s.get("reason", n) == alert.reason]
    for name in names:
        if name in texts and _flag_level(name) == alert.level:
            return name
    return alert.reason if alert.reason in texts else alert.level


def advice(alert: Alert, clinic: Mapping[str, Any]) -> str:
    texts = data.flags()["advice"]
    key = _advice_key(alert)
    other = data.flags()["someone_else"]["advice"]
    text = other[key] if alert.about == "someone_else" and key in other else texts[key]
    return " ".join(text.split()).format(**contacts(clinic)) + "\n\n" + texts["closing"]


def safety_net_line(clinic: Mapping[str, Any]) -> str:
    return " ".join(data.flags()["safety_net"].split()).format(**contacts(clinic))


def urgent_card(clinic: Mapping[str, Any]) -> Tuple[str, Dict[str, Any]]:
    """The urgent-advice card ("I feel unwell now"): each route with the symptoms that take it, as text and
    as the `urgent_help` custom payload the widget renders."""
    spec, values = data.flags(), contacts(clinic)
    card = spec["urgent_card"]
    routes = []
    for route in card["order"]:
        symptoms = [f["plain"] for f in spec["flags"].values() if f["route"] == route]
        if symptoms:
            r = spec["routes"][route]
            routes.append(
                {"call": r["call"].format(**values), "phone": r["phone"].format(**values), "symptoms": symptoms}
            )
    payload = {
        "title": card["title"],
        "intro": card["intro"],
        "routes": routes,
        "closing": card["closing"].format(**values),
    }
    lines = [payload["title"], payload["intro"]]
    for r in routes:
        lines.append("")
        lines.append(r["call"] + (f" ({r['phone']})" if r["phone"] and r["phone"] not in r["call"] else "") + ":")
        lines.extend(f"- {s}" for s in r["symptoms"])
    lines += ["", payload["closing"]]
    return "\n".join(lines), {"urgent_help": payload}
