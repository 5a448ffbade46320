#!/usr/bin/env python3
"""Writes tiny_expected.json from the HAND-derived values in tiny_expected.md.

Nothing here computes a metric: every number is typed in from the reasoning
in tiny_expected.md (fractions are written as fractions for legibility).
"""
import json

N = None


def st(aw=0, ac=0, a=0, p=0, r=0, i=0):
    return {"awaiting": aw, "awaiting_clarification": ac, "accepted": a,
            "partially_accepted": p, "rejected": r, "implemented": i}


def ans(ref, cons, answd, resp, ontime, med, acc, impl, cont, over, counts):
    return {"referrals": ref, "considered": cons, "answered": answd,
            "response_rate": resp, "on_time_rate": ontime,
            "median_days_to_answer": med, "acceptance_rate": acc,
            "implementation_rate": impl, "contested_rate": cont,
            "overdue_open": over, "status_counts": counts}


def gender(w=0, m=0, nb=0, o=0, u=0):
    return {"woman": w, "man": m, "non_binary": nb, "other": o, "undisclosed": u}


topics_a = {"documentation": 2, "health": 3, "labor": 1, "other": 1}

q1 = {
    "body": "body-a", "as_of": "2026-03-11T03:00:00Z",
    "composition": {"members_active": 2, "alternates_active": 1, "seats": 4,
                    "seat_fill_rate": 0.5, "gender": gender(w=1, m=1),
                    "gender_balance": 1.0, "group_coverage": 1.0,
                    "region_coverage": 0.5, "terms_expiring_90d": 1},
    "meetings": {"meetings_held": 4, "meetings_cancelled": 1,
                 "meeting_regularity": 2 / 4, "attendance_rate": 6 / 10,
                 "quorum_rate": 1 / 3, "minutes_rate": 0.5,
                 "median_days_to_minutes": 7.75},
    "demands": {"demands_submitted": 7, "adopted_in_meeting_rate": 2 / 7,
                "topics": topics_a},
    "answers": ans(8, 4, 3, 3 / 4, 3 / 4, 119 / 24, 1.0, 1 / 3, 1.0, 3,
                   st(aw=4, ac=1, a=1, p=1, i=1)),
    "scores": {"responsiveness_score": 100 * 31 / 48,
               "regularity_score": 100 * 4 / 9,
               "representativeness_score": 75.0},
    "low_sample": True,
}

q2 = {
    "authority": "auth-biz", "as_of": "2026-03-11T03:00:00Z",
    "answers": ans(5, 2, 1, 0.5, 0.5, 119 / 24, 1.0, 0.0, N, 2, st(aw=4, a=1)),
    "scores": {"responsiveness_score": 37.5},
    "low_sample": True,
    "by_body": {
        "body-a": ans(3, 1, 1, 1.0, 1.0, 119 / 24, 1.0, 0.0, N, 1, st(aw=2, a=1)),
        "body-b": ans(2, 1, 0, 0.0, 0.0, N, N, N, N, 1, st(aw=2)),
    },
}

q3 = {
    "body": "body-b", "as_of": "2026-03-10T12:00:00Z",
    "composition": {"members_active": 1, "alternates_active": 1, "seats": 0,
                    "seat_fill_rate": N, "gender": gender(m=1),
                    "gender_balance": 0.0, "group_coverage": N,
                    "region_coverage": N, "terms_expiring_90d": 1},
    "meetings": {"meetings_held": 2, "meetings_cancelled": 0,
                 "meeting_regularity": N, "attendance_rate": 3 / 4,
                 "quorum_rate": 1 / 2, "minutes_rate": 0.0,
                 "median_days_to_minutes": N},
    "demands": {"demands_submitted": 2, "adopted_in_meeting_rate": 0.0,
                "topics": {"consular": 1, "labor": 1}},
    "answers": ans(4, 2, 1, 0.5, 0.5, 67 / 48, 1.0, 0.0, N, 1, st(aw=3, a=1)),
    "scores": {"responsiveness_score": 37.5, "regularity_score": 25.0,
               "representativeness_score": 0.0},
    "low_sample": True,
}

q4 = {
    "body": "body-a", "as_of": "2026-05-31T23:59:59Z",
    "composition": {"members_active": 2, "alternates_active": 1, "seats": 4,
                    "seat_fill_rate": 0.5, "gender": gender(m=1, u=1),
                    "gender_balance": 0.0, "group_coverage": 0.5,
                    "region_coverage": 0.5, "terms_expiring_90d": 0},
    "meetings": {"meetings_held": 4, "meetings_cancelled": 1,
                 "meeting_regularity": 2 / 4, "attendance_rate": 6 / 10,
                 "quorum_rate": 1 / 3, "minutes_rate": 3 / 4,
                 "median_days_to_minutes": 10.0},
    "demands": {"demands_submitted": 7, "adopted_in_meeting_rate": 2 / 7,
                "topics": topics_a},
    "answers": ans(8, 8, 5, 5 / 8, 3 / 8, 15.0, 3 / 5, 1 / 3, 0.0, 5,
                   st(aw=3, a=1, p=1, r=2, i=1)),
    "scores": {"responsiveness_score": 100 * 47 / 96,
               "regularity_score": 100 * 19 / 36,
               "representativeness_score": 37.5},
    "low_sample": False,
}

q5 = {
    "authority": "auth-cal", "as_of": "2026-05-31T23:59:59Z",
    "answers": ans(7, 6, 4, 2 / 3, 0.5, 9.5, 3 / 4, 1 / 3, 0.0, 3,
                   st(aw=2, ac=1, a=1, p=1, r=1, i=1)),
    "scores": {"responsiveness_score": 100 * 13 / 24},
    "low_sample": False,
    "by_body": {
        "body-a": ans(5, 5, 3, 3 / 5, 2 / 5, 15.0, 2 / 3, 1 / 2, 0.0, 3,
                      st(aw=2, p=1, r=1, i=1)),
        "body-b": ans(2, 1, 1, 1.0, 1.0, 67 / 48, 1.0, 0.0, N, 0, st(ac=1, a=1)),
    },
}

q6 = {
    "body": "body-b", "as_of": "2027-06-30T23:59:59Z",
    "composition": {"members_active": 0, "alternates_active": 0, "seats": 0,
                    "seat_fill_rate": N, "gender": gender(),
                    "gender_balance": N, "group_coverage": N,
                    "region_coverage": N, "terms_expiring_90d": 0},
    "meetings": {"meetings_held": 0, "meetings_cancelled": 0,
                 "meeting_regularity": N, "attendance_rate": N,
                 "quorum_rate": N, "minutes_rate": N,
                 "median_days_to_minutes": N},
    "demands": {"demands_submitted": 0, "adopted_in_meeting_rate": N,
                "topics": {}},
    "answers": ans(0, 0, 0, N, N, N, N, N, N, 2, st()),
    "scores": {"responsiveness_score": N, "regularity_score": N,
               "representativeness_score": N},
    "low_sample": True,
}

q7 = {
    "authority": "auth-biz", "as_of": "2026-03-14T12:00:00Z",
    "answers": ans(5, 5, 1, 1 / 5, 1 / 5, 119 / 24, 1.0, 0.0, N, 5, st(aw=4, a=1)),
    "scores": {"responsiveness_score": 15.0},
    "low_sample": False,
    "by_body": {
        "body-a": ans(3, 3, 1, 1 / 3, 1 / 3, 119 / 24, 1.0, 0.0, N, 3, st(aw=2, a=1)),
        "body-b": ans(2, 2, 0, 0.0, 0.0, N, N, N, N, 2, st(aw=2)),
    },
}

q8 = {"error": "not found"}

with open("tiny_expected.json", "w") as f:
    json.dump([q1, q2, q3, q4, q5, q6, q7, q8], f, indent=1)
    f.write("\n")
