"""Content checks for the playbook texts in core/domain/playbooks/*.toml.

The playbooks are pure data: both languages must carry exactly the same keys,
every text must be present and short enough for a terminal, and no text may
contain markup brackets (they are rendered by Rich/Textual).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

PLAYBOOK_DIR = Path(__file__).resolve().parent.parent / "core" / "domain" / "playbooks"
LANGUAGES = ("en", "es")

STEP_KEYS = ("title", "summary", "coaching")

LOST_STEPS = ("recover", "call", "debrief", "restart")
DEPARTURE_STEPS = ("perspective", "conversation", "handover", "relationship")

# Checklist ids, in the order they are shown.
CHECKLISTS = {
    "kinds.lost.steps.call.checklist": (
        "confirm_no",
        "respect",
        "who_chosen",
        "improve",
        "available",
    ),
    "kinds.lost.steps.debrief.checklist": ("share", "qualify", "better", "similar_cases", "feedback"),
    "kinds.lost.steps.restart.checklist": ("process_changes", "prospect_review", "next_meeting"),
    "kinds.departure.steps.perspective.checklist": ("pause", "not_verdict"),
    "kinds.departure.steps.conversation.checklist": ("thank", "interest", "disposal", "calm"),
    "kinds.departure.steps.handover.checklist": (
        "end_date",
        "deliverables",
        "access",
        "final_invoice",
        "testimonial",
    ),
}

# Simple id -> label tables.
LABEL_TABLES = {
    "suggestions": ("walk", "dinner", "book", "exercise", "music", "nature", "rest"),
    "confirm_outcomes": ("chose_other", "no_decision", "in_house", "still_open", "unknown"),
    "call_results": ("confirmed", "reopened", "not_reached"),
    "note_kinds": ("note", "competitor", "suggestion", "reason", "quote"),
    "lost_reasons": (
        "price",
        "scope",
        "timing",
        "fit",
        "trust",
        "competitor",
        "in_house",
        "no_decision",
        "other",
    ),
}

DEPARTURE_REASONS = (
    "no_results",
    "price",
    "reorganisation",
    "closing",
    "personal",
    "in_house",
    "other",
)


def _required_keys() -> list[str]:
    keys = ["meta.language", "meta.name"]
    for kind, steps in (("lost", LOST_STEPS), ("departure", DEPARTURE_STEPS)):
        keys += [f"kinds.{kind}.name", f"kinds.{kind}.tagline"]
        for step in steps:
            keys += [f"kinds.{kind}.steps.{step}.{field}" for field in STEP_KEYS]
    keys += [
        "kinds.lost.steps.call.email_warning",
        "kinds.lost.steps.call.lunch_warning",
        "kinds.lost.steps.call.guess_prompt",
        "kinds.lost.steps.call.opening",
        "kinds.lost.steps.call.listen",
    ]
    for table, ids in CHECKLISTS.items():
        keys += [f"{table}.{item}" for item in ids]
    for table, ids in LABEL_TABLES.items():
        keys += [f"{table}.{item}" for item in ids]
    keys += [f"call_results_help.{item}" for item in LABEL_TABLES["call_results"]]
    for reason in DEPARTURE_REASONS:
        keys += [f"departure_reasons.{reason}.{field}" for field in ("label", "guide", "checkin")]
    keys += ["checkins.title", "checkins.description", "checkins.won_back"]
    return keys


REQUIRED_KEYS = _required_keys()


def flatten(table: dict, prefix: str = "") -> dict[str, object]:
    """Flatten nested tables into dotted keys: {"a": {"b": 1}} -> {"a.b": 1}."""
    flat: dict[str, object] = {}
    for key, value in table.items():
        dotted = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flat.update(flatten(value, dotted))
        else:
            flat[dotted] = value
    return flat


def load(lang: str) -> dict:
    with (PLAYBOOK_DIR / f"{lang}.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module", params=LANGUAGES)
def lang(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def flat(lang) -> dict[str, object]:
    return flatten(load(lang))


def _get(data: dict, dotted: str):
    for part in dotted.split("."):
        data = data[part]
    return data


# (1) both files parse -------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_playbook_parses(language):
    data = load(language)
    assert isinstance(data, dict) and data


def test_meta_matches_file(lang):
    data = load(lang)
    assert data["meta"]["language"] == lang
    assert data["meta"]["name"] == {"en": "English", "es": "Español"}[lang]


# (2) identical key sets -----------------------------------------------------


@pytest.mark.parametrize(("source", "target"), [("en", "es"), ("es", "en")], ids=["en-in-es", "es-in-en"])
def test_every_key_exists_in_the_other_language(source, target):
    src = flatten(load(source))
    dst = flatten(load(target))
    missing = sorted(set(src) - set(dst))
    assert not missing, f"text present in {source}.toml but missing from {target}.toml: " + ", ".join(missing)


def test_key_sets_identical():
    keys = {language: set(flatten(load(language))) for language in LANGUAGES}
    assert keys["en"] == keys["es"]


def test_checklist_order_identical_across_languages():
    en, es = load("en"), load("es")
    for table in CHECKLISTS:
        assert list(_get(en, table)) == list(_get(es, table)), table


# (3) no empty values -------------------------------------------------------


def test_values_are_non_empty_strings(flat):
    for key, value in flat.items():
        assert isinstance(value, str), f"{key} is not a string"
        assert value.strip(), f"{key} is empty or whitespace-only"


# (4) required keys ----------------------------------------------------------


def test_required_keys_present(flat):
    missing = [key for key in REQUIRED_KEYS if key not in flat]
    assert not missing, "missing required keys: " + ", ".join(missing)


def test_checklists_have_fixed_ids_in_order(lang):
    data = load(lang)
    for table, ids in CHECKLISTS.items():
        assert tuple(_get(data, table)) == ids, table


def test_label_tables_have_exactly_the_fixed_ids(lang):
    data = load(lang)
    for table, ids in LABEL_TABLES.items():
        assert set(data[table]) == set(ids), table
    assert set(data["call_results_help"]) == set(LABEL_TABLES["call_results"])
    assert set(data["departure_reasons"]) == set(DEPARTURE_REASONS)
    assert set(data["kinds"]) == {"lost", "departure"}
    assert tuple(data["kinds"]["lost"]["steps"]) == LOST_STEPS
    assert tuple(data["kinds"]["departure"]["steps"]) == DEPARTURE_STEPS


# (5) no markup characters ---------------------------------------------------


def test_no_markup_brackets(flat):
    for key, value in flat.items():
        assert "[" not in value and "]" not in value, f"{key} contains a markup bracket"


# Terminal-friendly lengths --------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def test_titles_fit(flat):
    for key, value in flat.items():
        if key.startswith("kinds.") and key.endswith(".title"):
            assert len(value) <= 40, f"{key} is longer than 40 characters"


def test_checklist_items_fit(flat):
    for table in CHECKLISTS:
        for key, value in flat.items():
            if key.startswith(table + "."):
                assert len(value) <= 90, f"{key} is longer than 90 characters"


def test_labels_fit(flat):
    label_keys = ["meta.name", "kinds.lost.name", "kinds.departure.name"]
    label_keys += ["checkins.title", "checkins.won_back"]
    for table in ("confirm_outcomes", "call_results", "note_kinds", "lost_reasons"):
        label_keys += [k for k in flat if k.startswith(table + ".")]
    label_keys += [k for k in flat if k.startswith("departure_reasons.") and k.endswith(".label")]
    for key in label_keys:
        assert len(flat[key]) <= 30, f"{key} is longer than 30 characters"


def test_one_line_texts(flat):
    for key, value in flat.items():
        if key.endswith(".coaching"):
            continue
        assert "\n" not in value.strip(), f"{key} should be a single line"


def test_coaching_has_two_to_five_paragraphs(flat):
    for key, value in flat.items():
        if key.endswith(".coaching"):
            paragraphs = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
            assert 2 <= len(paragraphs) <= 5, f"{key} has {len(paragraphs)} paragraphs"


def test_response_guides_have_three_or_four_sentences(flat):
    """Every reason gets a guide as full as any other: what to ask, what to say, how to part."""
    for key, value in flat.items():
        if key.startswith("departure_reasons.") and key.endswith(".guide"):
            count = len(_sentences(value))
            assert 3 <= count <= 4, f"{key} has {count} sentences"
            assert len(value) >= 180, f"{key} is a sketch ({len(value)} characters), not a guide"


# The departure seed's three examples of what a client may say, each met by the guide of the
# reason it is filed under: (reason, words the guide uses for that case, per language).
SEED_EXAMPLES = {
    "no new clients after three months of consulting": ("no_results", {"en": "new clients", "es": "clientes nuevos"}),
    "a relative will do it for half": ("price", {"en": "for half", "es": "por la mitad"}),
    "an internal problem forces a new strategy": ("reorganisation", {"en": "new strategy", "es": "la estrategia"}),
}


@pytest.mark.parametrize("example", SEED_EXAMPLES)
def test_each_departure_example_of_the_seed_has_its_guide(flat, lang, example):
    reason, words = SEED_EXAMPLES[example]
    assert words[lang] in flat[f"departure_reasons.{reason}.guide"]


def test_call_checklist_items_fit_one_line_of_call_mode_at_80_columns(flat):
    # Call mode gives a label 80 columns less the padding (2) and the number and box (8).
    for table in ("kinds.lost.steps.call.checklist", "kinds.departure.steps.conversation.checklist"):
        for key, value in flat.items():
            if key.startswith(table + "."):
                assert len(value) <= 70, f"{key} wraps in call mode at 80 columns ({len(value)} characters)"


def test_placeholders_are_the_same_in_both_languages():
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    en, es = flatten(load("en")), flatten(load("es"))
    for key in en:
        assert fields(en[key]) == fields(es[key]), f"{key}: en uses {fields(en[key])}, es uses {fields(es[key])}"


# Ideas of the method that must be said where they belong: idea -> (keys, words per language).
METHOD_IDEAS = {
    "thanks whatever the account weighed in OUR billing": (
        ("kinds.departure.steps.conversation.coaching", "kinds.departure.steps.conversation.checklist.thank"),
        {"en": "weighed in your", "es": "en tu facturación"},
    ),
    "learn to ask for, and win, the client": (
        (
            "kinds.lost.steps.restart.coaching",
            "kinds.lost.steps.restart.summary",
            "kinds.lost.steps.restart.checklist.next_meeting",
        ),
        {"en": "win them", "es": "ganar"},
    ),
    "doing it badly is how we learn to do it well": (
        ("kinds.lost.steps.restart.coaching",),
        {"en": "Doing it badly", "es": "Hacerlo mal"},
    ),
    "the call opens with thanks, its purpose and the promise not to sell": (
        ("kinds.lost.steps.call.opening",),
        {"en": "not calling to sell", "es": "no llamo para vender"},
    ),
    "is the decision final, the contract signed, before feedback": (
        ("kinds.lost.steps.call.checklist.confirm_no", "kinds.lost.steps.call.coaching"),
        {"en": "contract", "es": "firm"},
    ),
    "what would have had to be different for you to choose us": (
        ("kinds.lost.steps.call.checklist.improve", "kinds.lost.steps.call.coaching"),
        {"en": "would have had to be different", "es": "tendría que haber sido distinto"},
    ),
    "no discount and no new pitch on the call": (
        ("kinds.lost.steps.call.listen", "kinds.lost.steps.call.coaching"),
        {"en": "discount", "es": "descuento"},
    ),
    "price is often a polite cover: ask what else weighed": (
        ("kinds.lost.steps.call.listen", "kinds.lost.steps.call.coaching"),
        {"en": "what else weighed", "es": "qué más pesó"},
    ),
    "should we have pursued this at all": (
        ("kinds.lost.steps.debrief.checklist.qualify", "kinds.lost.steps.debrief.coaching", "debrief_mail.agenda_qualify"),
        {"en": "pursu", "es": "valía la pena"},
    ),
    "the end date confirmed": (
        ("kinds.departure.steps.handover.checklist.end_date", "kinds.departure.steps.handover.coaching"),
        {"en": "the service ends", "es": "fecha"},
    ),
    "a summary of what was delivered": (
        ("kinds.departure.steps.handover.checklist.deliverables", "kinds.departure.steps.handover.coaching"),
        {"en": "summary", "es": "resumen de lo entregado"},
    ),
    "our access to their systems removed, theirs returned": (
        ("kinds.departure.steps.handover.checklist.access", "kinds.departure.steps.handover.coaching"),
        {"en": "their systems", "es": "sus sistemas"},
    ),
    "a referral asked for as well as a testimonial": (
        ("kinds.departure.steps.handover.checklist.testimonial", "calendar.referral_title"),
        {"en": "testimonial and a referral", "es": "testimonio y una recomendación"},
    ),
}


@pytest.mark.parametrize("idea", METHOD_IDEAS)
def test_the_method_says_it_where_it_belongs(flat, lang, idea):
    keys, words = METHOD_IDEAS[idea]
    missing = [key for key in keys if words[lang].casefold() not in flat[key].casefold()]
    assert not missing, f"{idea!r} ({words[lang]!r}) is not in {missing}"


def test_the_old_meaning_error_is_gone(flat):
    # "cuánto facturó la cuenta" said what the client was billed; the seed means the account's weight in our own billing.
    wrong = [key for key, text in flat.items() if "facturó la cuenta" in text or "the account billed" in text]
    assert not wrong, wrong
