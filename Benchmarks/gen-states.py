#!/usr/bin/env python3
"""Random, valid daily states for the shipped cervical-dystonia rule set, as JSON lines.

Usage: Benchmarks/gen-states.py N SEED > states.jsonl

Every input field of rules/cervical-dystonia/facts.yaml is drawn, and each optional one is
sometimes left out (missing, as a patient who skips a question). Dates lie around 2026-11-24;
the last injection is never after the state's date. Red flags come at a clinical rate of a few
percent of days. The same N and SEED always give the same lines (Python's random module only).
"""
import datetime
import json
import random
import sys

TRIGGERS = ["stress_event", "anxiety_social_exposure", "poor_sleep", "fatigue", "prolonged_static_posture",
            "screen_desk_work", "reading", "driving_long", "walking_long", "carrying_shoulder_bag", "illness",
            "cold", "caffeine", "alcohol", "other"]
RELIEVERS = ["lying_down", "sleep", "relaxation", "sensory_trick", "rest_break", "heat", "other"]
RED_FLAGS = ["difficulty_swallowing", "difficulty_breathing", "choking", "speech_change", "neck_weakness",
             "generalized_weakness", "limb_weakness_or_numbness", "double_or_blurred_vision", "drooping_eyelids",
             "urinary_incontinence_new", "fall", "injection_site_infection", "fever", "chest_infection",
             "allergic_reaction", "suicidal_thoughts", "self_harm_thoughts", "other_worrying_symptom"]
POSTURES = (["torticollis", "laterocollis", "anterocollis", "retrocollis", "mixed", "not_sure"],
            [45, 15, 8, 7, 15, 10])
CONTEXTS = (["desk_office", "remote", "manual", "driving_role", "not_working", "student"],
            [30, 20, 12, 8, 22, 8])
BASE_DATE = datetime.date(2026, 11, 24)
RED_FLAG_RATE = 0.04


def maybe(rng, p_missing, draw):
    """draw() or None (missing) with probability p_missing."""
    return None if rng.random() < p_missing else draw()


def rating(rng, mode):
    """A 0-10 self-rating around mode."""
    return max(0, min(10, round(rng.gauss(mode, 2.5))))


def record(**fields):
    """A record with only the fields that have a value, or None when all are missing."""
    kept = {k: v for k, v in fields.items() if v is not None}
    return kept or None


def state(rng):
    day = BASE_DATE + datetime.timedelta(days=rng.randint(-10, 10))
    s = {"date": day.isoformat()}
    s["pain"] = maybe(rng, 0.10, lambda: rating(rng, 4))
    s["stress"] = maybe(rng, 0.10, lambda: rating(rng, 4.5))
    s["fatigue"] = maybe(rng, 0.15, lambda: rating(rng, 4.5))
    s["global_rating"] = maybe(rng, 0.20, lambda: rating(rng, 4.5))
    s["sleep"] = record(
        hours=maybe(rng, 0.15, lambda: max(0.0, min(12.0, round(rng.gauss(6.5, 1.5) * 2) / 2))),
        quality=maybe(rng, 0.30, lambda: rating(rng, 5.5)))
    has_trick = maybe(rng, 0.15, lambda: rng.random() < 0.75)
    s["sensory_trick"] = record(
        has=has_trick,
        effect=maybe(rng, 0.35, lambda: rng.choices(["complete", "partial", "none"], [25, 55, 20])[0]) if has_trick else None)
    s["posture"] = maybe(rng, 0.25, lambda: rng.choices(*POSTURES)[0])
    s["triggers"] = maybe(rng, 0.15, lambda: rng.sample(TRIGGERS, rng.choices([0, 1, 2, 3], [30, 35, 25, 10])[0]))
    s["relievers"] = maybe(rng, 0.20, lambda: rng.sample(RELIEVERS, rng.choices([0, 1, 2], [40, 40, 20])[0]))
    s["driving_today"] = maybe(rng, 0.40, lambda: rng.random() < 0.35)
    context = maybe(rng, 0.10, lambda: rng.choices(*CONTEXTS)[0])
    working = context not in ("not_working", None)
    s["work"] = record(
        context=context,
        workday=maybe(rng, 0.10, lambda: (working or context is None) and rng.random() < 0.7),
        screen_hours=maybe(rng, 0.30, lambda: round(rng.uniform(0, 10) * 2) / 2
                           if context in ("desk_office", "remote", "student") else round(rng.uniform(0, 3))),
        accommodation=maybe(rng, 0.25, lambda: rng.choices(["none", "requested", "granted"], [60, 15, 25])[0]) if working else None,
        adjustment_ideas_listed=maybe(rng, 0.50, lambda: rng.random() < 0.3) if working else None)
    s["social"] = record(
        days_since_contact=maybe(rng, 0.25, lambda: min(365, int(rng.expovariate(1 / 4)))),
        support_group_member=maybe(rng, 0.20, lambda: rng.random() < 0.3))
    has_programme = maybe(rng, 0.20, lambda: rng.random() < 0.5)
    s["pt"] = record(
        has_home_program=has_programme,
        done_today=maybe(rng, 0.30, lambda: rng.random() < 0.5) if has_programme else None)
    s["minutes_available"] = maybe(rng, 0.25, lambda: rng.choice([0, 10, 20, 30, 45, 45, 60, 60, 90, 120, 180]))
    last = maybe(rng, 0.15, lambda: day - datetime.timedelta(days=rng.randint(0, 130)))
    weeks = maybe(rng, 0.30, lambda: rng.choice([10, 12, 12, 12, 12, 13, 14, 16]))
    appointment = None
    if last is not None and rng.random() < 0.5:
        appointment = last + datetime.timedelta(days=7 * (weeks or 12) + rng.randint(-21, 14))
    s["bont"] = record(
        last_injection=last.isoformat() if last else None,
        usual_interval_weeks=weeks,
        next_appointment=appointment.isoformat() if appointment else None)
    s["phq2"] = maybe(rng, 0.50, lambda: rng.choices(range(7), [30, 20, 18, 12, 10, 6, 4])[0])
    s["gad2"] = maybe(rng, 0.50, lambda: rng.choices(range(7), [28, 20, 18, 12, 10, 7, 5])[0])
    s["red_flags"] = maybe(rng, 0.10, lambda: rng.sample(RED_FLAGS, rng.choices([1, 2], [85, 15])[0])
                           if rng.random() < RED_FLAG_RATE else [])
    return {k: v for k, v in s.items() if v is not None}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen-states.py N SEED")
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    out = sys.stdout
    for _ in range(n):
        out.write(json.dumps(state(rng), separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
