"""Red flags (issue 12): two detectors, context, safety-net lines, routes, and the data checked at load."""

from pathlib import Path

import pytest
import yaml

from bot import safety
from bot.config_errors import ConfigError
from bot.safety import classifier, data, rules
from bot.safety.data import ROUNDS
from bot.safety.evaluate import evaluate
from bot.settings import clinic

HERE = Path(__file__).parent
SUITE = yaml.safe_load((HERE / "redflag_messages.yml").read_text(encoding="utf-8"))
SHARED = Path(__file__).resolve().parents[3] / "shared"
# The blind rounds as regression sets: never edited, measured at first look in docs/benchmarks.md. The floors
# are today's figures (urgent messages caught at least, false alarms at most), so a change that loses an
# emergency fails here. At their first looks round 10 was at 270/276 and 11/290, round 11 at 272/276 and 9/290,
# round 12 at 266/276 and 11/290, round 13 at 271/276 and 8/290, round 14 at 265/276 and 10/290, round 15 at
# 273/276 and 13/290, round 16 at 274/276 and 6/290, round 17 at 271/276 and 9/290, round 18 at 276/276 and 9/290. Since 2026-12-02 (fourth session) rounds 2-14 are also the classifier's training messages
# (rounds 15-18 since their first looks), so their floors guard the rules and the combination, not the classifier;
# round 1 is not trained on.
BLIND_ROUNDS = {
    "round1": (SHARED / "blind" / "redflags_blind_r1.yml", 276, 1),
    "round2": (ROUNDS / "round2.yml", 276, 0),
    "round3": (ROUNDS / "round3.yml", 276, 1),
    "round4": (ROUNDS / "round4.yml", 276, 1),
    "round5": (ROUNDS / "round5.yml", 276, 0),
    "round6": (ROUNDS / "round6.yml", 276, 1),
    "round7": (ROUNDS / "round7.yml", 276, 1),
    "round8": (ROUNDS / "round8.yml", 276, 1),
    "round9": (ROUNDS / "round9.yml", 276, 0),
    "round10": (ROUNDS / "round10.yml", 276, 2),
    "round11": (ROUNDS / "round11.yml", 276, 0),
    "round12": (ROUNDS / "round12.yml", 276, 0),
    "round13": (ROUNDS / "round13.yml", 276, 2),
    "round14": (ROUNDS / "round14.yml", 276, 3),
    "round15": (ROUNDS / "round15.yml", 276, 2),
    "round16": (ROUNDS / "round16.yml", 276, 1),
    "round17": (ROUNDS / "round17.yml", 276, 3),
    "round18": (ROUNDS / "round18.yml", 276, 8),
    "round19": (ROUNDS / "round19.yml", 276, 11),
}


def test_the_suite_is_large_enough():
    assert len(SUITE["red"]) >= 60 and len(SUITE["calm"]) >= 40


@pytest.mark.parametrize("case", SUITE["red"], ids=lambda c: c["text"][:50])
def test_every_red_flag_is_alerted(case):
    alert = safety.detect(case["text"])
    assert alert is not None, case["text"]
    if case["level"] != "any":
        assert alert.level == case["level"], (case["text"], alert)


@pytest.mark.parametrize("text", SUITE["calm"], ids=lambda t: t[:50])
def test_no_calm_message_is_alerted(text):
    assert safety.detect(text) is None, (text, safety.detect_all(text))


@pytest.mark.skipif(not (SHARED / "examples" / "safety.yaml").exists(), reason="shared/ is not next to this checkout")
def test_shared_safety_examples():
    examples = yaml.safe_load((SHARED / "examples" / "safety.yaml").read_text(encoding="utf-8"))
    assert all(safety.detect(t) for t in examples["red_flags"])
    assert not any(safety.detect(t) for t in examples["calm"])


@pytest.mark.parametrize("name", sorted(BLIND_ROUNDS))
def test_blind_round_holds_its_level(name):
    path, min_caught, max_false_alarms = BLIND_ROUNDS[name]
    if not path.exists():
        pytest.skip(f"{path} is not next to this checkout")
    result = evaluate(yaml.safe_load(path.read_text(encoding="utf-8")), safety.DETECTORS)
    assert result["caught"] >= min_caught and result["false_alarms"] <= max_false_alarms, result


def test_a_message_only_the_classifier_catches_still_alerts(monkeypatch):
    monkeypatch.setattr(rules, "find", lambda text: rules.Finding())
    alert = safety.detect("my dad just went down like a sack of spuds and wont wake")
    assert alert is not None and alert.source == "classifier"


def test_a_message_only_the_rules_catch_still_alerts(monkeypatch):
    # The classifier far below its own alert threshold, and not sure of calm either.
    monkeypatch.setattr(classifier, "predict", lambda text, fitted=None: classifier.Prediction("collapse", 0.05, 0.06))
    alert = safety.detect("I'm coughing up lots of blood")
    assert alert is not None and alert.reason == "haemoptysis" and alert.source == "rules"


@pytest.mark.parametrize(
    "text, p_urgent, alerts",
    [
        ("I'm coughing up lots of blood", classifier.CALM_P, True),
        ("I'm coughing up lots of blood", classifier.CALM_P - 0.01, False),
        ("my husband has collapsed and is not responding", classifier.CALM_P_OTHER, True),
        ("my husband has collapsed and is not responding", classifier.CALM_P_OTHER - 0.01, False),
    ],
)
def test_a_rules_alert_the_classifier_is_sure_is_calm_becomes_the_safety_net(monkeypatch, text, p_urgent, alerts):
    monkeypatch.setattr(classifier, "predict", lambda t, fitted=None: classifier.Prediction("collapse", 0.0, p_urgent))
    result = safety.triage(text)
    assert bool(result.alerts) is alerts
    assert alerts or result.safety_net


@pytest.mark.parametrize("p_urgent, alerts", [(classifier.SURE_P, True), (classifier.SURE_P - 0.05, False)])
def test_a_sure_classifier_outweighs_the_rules_reading_of_a_question(monkeypatch, p_urgent, alerts):
    # The rules read this as a question about a side effect; only a classifier sure of the whole message alerts.
    monkeypatch.setattr(
        classifier, "predict", lambda text, fitted=None: classifier.Prediction("haemoptysis", 0.5, p_urgent)
    )
    triage = safety.triage("is coughing blood normal after SBRT?")
    assert bool(triage.alerts) is alerts, triage
    assert alerts or triage.safety_net, triage
    assert not alerts or triage.alerts[0].source == "classifier"


def test_the_classifier_learns_from_the_measured_blind_rounds():
    texts, _ = classifier.training_set()
    assert len(texts) > len(data.examples()["calm"]) + 13 * 500
    first = yaml.safe_load((ROUNDS / "round2.yml").read_text(encoding="utf-8"))["red"][0]["text"]
    assert first in texts


@pytest.mark.parametrize(
    "text, reason",
    [
        ("is coughing blood normal after SBRT?", "haemoptysis"),
        ("I had a seizure months ago and it has not come back", "seizure"),
        ("what should I do if I get a temperature after chemo?", "neutropenic_sepsis"),
    ],
)
def test_a_question_or_a_past_event_gets_a_safety_net_not_an_alert(text, reason):
    triage = safety.triage(text)
    assert not triage.alerts, triage
    assert triage.safety_net, triage


@pytest.mark.parametrize(
    "text", ["no fever, no cough, all fine", "what is sbrt?", "my dad died of a heart attack in 2019"]
)
def test_negated_and_unrelated_messages_get_neither(text):
    triage = safety.triage(text)
    assert not triage.alerts and not triage.safety_net, triage


@pytest.mark.parametrize(
    "text, reason, level",
    [
        ("my neck looks swollen, my collar feels tight and breathing is harder lying down", "svco", None),
        ("a heavy pressure in my chest for an hour now", "chest_pain", "emergency"),
        ("I feel a crushing weight on my chest", "chest_pain", "emergency"),
        (
            "two months on nivolumab and now a tickly cough and I'm puffed out on the stairs",
            "immunotherapy_toxicity",
            "urgent",
        ),
        ("on pembro and my skin is blistering all over", "immunotherapy_toxicity", "urgent"),
        ("I've been saving up my tablets to take them all tonight and end my life", "self_harm", "crisis"),
        ("a mouthful of bright red blood came up when I coughed", "haemoptysis", "emergency"),
    ],
)
def test_the_issue_examples_alert_with_their_code(text, reason, level):
    alerts = safety.detect_all(text)
    assert any(a.reason == reason and (level is None or a.level == level) for a in alerts), alerts


def test_every_flag_has_advice_with_the_clinic_numbers_and_no_placeholder_left():
    raw = clinic().raw
    for name, spec in data.flags()["flags"].items():
        text = safety.advice(safety.Alert(spec["level"], spec.get("reason", name)), raw)
        assert "{" not in text and "}" not in text
        route_phone = spec["route"]
        number = {"emergency": raw["emergency_number"], "crisis": raw["crisis_line"]["phone"]}.get(
            route_phone, raw["acute_oncology_line"]["phone"]
        )
        assert number in text.split("\n\n")[0], (name, text)


def test_the_urgent_card_lists_every_flag_under_its_route():
    text, payload = safety.urgent_card(clinic().raw)
    card = payload["urgent_help"]
    symptoms = [s for r in card["routes"] for s in r["symptoms"]]
    assert sorted(symptoms) == sorted(f["plain"] for f in data.flags()["flags"].values())
    assert text.startswith(card["title"]) and clinic()["emergency_number"] in text
    assert all(r["phone"] for r in card["routes"])


def test_huge_and_odd_input_does_not_break_detection():
    assert safety.detect("") is None
    assert safety.detect("a" * 100_000) is None
    assert safety.detect("\x00\x01 coughing up blood \ufffd").level == "emergency"
    assert safety.detect("/urgent_help") is None


def test_the_triage_travels_in_parse_data_and_back():
    triage = safety.triage("my legs have gone weak and my back is killing me")
    again = safety.Triage.from_payload(triage.as_payload())
    assert again.alert.reason == triage.alert.reason == "spinal_cord_compression"


# --- data checked at load ---------------------------------------------------------------------------------


def _with(monkeypatch, tmp_path, path_attr, edit):
    source = getattr(data, path_attr)
    content = yaml.safe_load(source.read_text(encoding="utf-8"))
    edit(content)
    target = tmp_path / source.name
    target.write_text(yaml.safe_dump(content), encoding="utf-8")
    monkeypatch.setattr(data, path_attr, target)
    for loader in (data.lexicon, data.flags, data.examples, data.drug_classes):
        loader.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_caches():
    yield
    for loader in (data.lexicon, data.flags, data.examples, data.drug_classes):
        loader.cache_clear()
    rules.compiled.cache_clear()


@pytest.mark.parametrize(
    "path_attr, edit, key",
    [
        ("FLAGS", lambda d: d["flags"]["chest_pain"].update(when=[["chest_ache"]]), "flags.chest_pain.when"),
        ("FLAGS", lambda d: d["flags"]["chest_pain"].update(colour="red"), "flags.chest_pain.colour"),
        ("FLAGS", lambda d: d["flags"]["chest_pain"].update(route="pigeon"), "flags.chest_pain.route"),
        ("FLAGS", lambda d: d["context"]["negated"].update(direction="sideways"), "context.negated.direction"),
        ("LEXICON", lambda d: d["concepts"]["fever"].update(synonyms=["hot"]), "concepts.fever.synonyms"),
        ("LEXICON", lambda d: d["concepts"]["fever"].update(terms=["(unclosed"]), "concepts.fever.terms"),
        ("EXAMPLES", lambda d: d["urgent"].update(sore_toe=["my toe hurts"]), "urgent.sore_toe"),
    ],
)
def test_a_bad_safety_file_is_refused_naming_file_and_key(monkeypatch, tmp_path, path_attr, edit, key):
    _with(monkeypatch, tmp_path, path_attr, edit)
    with pytest.raises(ConfigError) as e:
        data.flags() if path_attr == "FLAGS" else (data.lexicon() if path_attr == "LEXICON" else data.examples())
    assert e.value.key == key and str(tmp_path) in str(e.value)


@pytest.mark.parametrize(
    "text, asserted",
    [
        # the shorthand of a past history reads forward only: new symptoms before it stay in the present
        ("PMH: haemoptysis 2019, seizure 2021", False),
        ("new back pain, legs weak today, hx bone mets", True),
        # seen by a clinician since, earlier today; still ongoing is still an alert
        ("he fainted at lunch today, the paramedics checked him over and he's fine", False),
        ("he fainted at lunch today, the paramedics checked him over and he's still passing out", True),
        # a negation with its own object negates nothing after it
        ("I never get them, but my head is pounding and I keep vomiting", True),
        # a question without its "?", at the end of the message only
        ("is blood in phlegm ever normal after SBRT", False),
        ("is blood in phlegm ever normal after SBRT. I'm coughing up mouthfuls now", True),
    ],
)
def test_the_rules_read_context_in_words_they_were_not_written_for(text, asserted):
    assert bool(rules.find(text).alerts) is asserted


def test_a_carer_writing_of_someone_else_gets_the_advice_for_them():
    raw = clinic().raw
    alert = safety.detect("my husband told me tonight he wants to end his life, he has been hoarding his tablets")
    assert alert.reason == "self_harm" and alert.about == "someone_else"
    text = safety.advice(alert, raw)
    assert "you're feeling" not in text and raw["crisis_line"]["phone"] in text and raw["emergency_number"] in text
    # the person themselves, even when they name someone else after it
    alert = safety.detect("I want to end my life tonight, my husband doesn't know")
    assert alert.about == "self" and "you're feeling" in safety.advice(alert, raw)
    # whom it is about travels with the triage to the Rasa process's own reply
    triage = safety.triage("mum says she is going to take all her pills tonight")
    assert safety.Triage.from_payload(triage.as_payload()).alert.about == "someone_else"


REVIEW = yaml.safe_load((HERE / "redflag_review_cases.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", REVIEW["red"], ids=lambda t: t[:50])
def test_the_rules_alone_alert_for_what_a_second_reader_tried(text):
    assert rules.find(text).alerts, text


@pytest.mark.parametrize("text", REVIEW["calm"], ids=lambda t: t[:50])
def test_the_rules_alone_stay_calm_where_a_second_reader_checked(text):
    assert not rules.find(text).alerts, text
