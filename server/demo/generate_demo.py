#!/usr/bin/env python3
"""Deterministic generator of the Voces demo dataset (format ``voces-dataset/1``).

Usage::

    python3 server/demo/generate_demo.py            # writes server/demo/voces-demo.json
    python3 server/demo/generate_demo.py --check    # fails if the committed file differs

``make test`` runs the check and ``validate_demo.py``: the committed demo is
always what this generator makes, and what the server imports (its own
import rules, in Rust, are the authority; this file only has to produce
data they accept, which the Rust tests load).

Standard library only, Python 3.11.  Every random choice comes from one
``random.Random(2026)`` consumed in a fixed order, so the output is
byte-for-byte reproducible.  UTC offsets are computed from built-in rules
(Mexico without DST since 2022; US zones with the 2007 US DST rules), so the
result does not depend on the tzdata installed on the machine.

"Today" for the demo is 2026-11-28: nothing (event, verdict, submission,
minutes publication, held meeting) is dated after 2026-11-27, and a few
meetings are scheduled between December 2026 and March 2027.

All people, e-mail addresses and case details are invented.  See
``validate_demo.py`` for the checker.
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path


SEED = 2026
TODAY = date(2026, 11, 28)
LAST_DAY = date(2026, 11, 27)          # nothing recorded after this local date
OUT = Path(__file__).resolve().with_name("voces-demo.json")

rng = random.Random(SEED)

MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre"]
ORDINALES = ["Primera", "Segunda", "Tercera", "Cuarta", "Quinta", "Sexta", "Séptima", "Octava"]

# ---------------------------------------------------------------------------
# Time zones (built-in rules, valid for 2022-2030)
# ---------------------------------------------------------------------------
FIXED_TZ = {"America/Mexico_City": -6}
US_TZ = {"America/Tijuana": -8, "America/Los_Angeles": -8, "America/Chicago": -6}


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    d = date(year, month, 1)
    d += timedelta(days=(weekday - d.weekday()) % 7)
    return d + timedelta(weeks=n - 1)


def utc_offset_hours(tz: str, inst: datetime) -> int:
    if tz in FIXED_TZ:
        return FIXED_TZ[tz]
    std = US_TZ[tz]
    u = inst.astimezone(timezone.utc).replace(tzinfo=None)
    start = datetime.combine(nth_weekday(u.year, 3, 6, 2), time(2)) - timedelta(hours=std)
    end = datetime.combine(nth_weekday(u.year, 11, 6, 1), time(2)) - timedelta(hours=std + 1)
    return std + 1 if start <= u < end else std


def tzinfo_at(tz: str, inst: datetime) -> timezone:
    return timezone(timedelta(hours=utc_offset_hours(tz, inst)))


def local_instant(tz: str, d: date, hh: int = 0, mm: int = 0) -> datetime:
    """Wall-clock time in ``tz`` -> aware UTC instant."""
    naive = datetime.combine(d, time(hh, mm))
    base = FIXED_TZ.get(tz, US_TZ.get(tz))
    for off in (base + 1, base):
        cand = (naive - timedelta(hours=off)).replace(tzinfo=timezone.utc)
        if utc_offset_hours(tz, cand) == off:
            return cand
    raise ValueError(f"non-existent local time {naive} in {tz}")


def fmt(tz: str, inst: datetime) -> str:
    return inst.astimezone(tzinfo_at(tz, inst)).isoformat()


def local_dt(tz: str, inst: datetime) -> datetime:
    return inst.astimezone(tzinfo_at(tz, inst))


def local_date(tz: str, inst: datetime) -> date:
    return local_dt(tz, inst).date()


def fecha_larga(d: date) -> str:
    return f"{d.day} de {MESES[d.month - 1]} de {d.year}"


def D(s: str) -> date:
    return date.fromisoformat(s)


# ---------------------------------------------------------------------------
# Holidays
# ---------------------------------------------------------------------------
def easter(y: int) -> date:
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(y, month, day + 1)


def mx_federal_holidays(years) -> list[str]:
    """Descanso obligatorio (LFT art. 74) plus the usual federal días inhábiles
    (Jueves y Viernes Santo, 2 de noviembre)."""
    out = []
    for y in years:
        e = easter(y)
        out += [date(y, 1, 1), nth_weekday(y, 2, 0, 1), nth_weekday(y, 3, 0, 3),
                e - timedelta(days=3), e - timedelta(days=2), date(y, 5, 1),
                date(y, 9, 16), date(y, 11, 2), nth_weekday(y, 11, 0, 3), date(y, 12, 25)]
    return [d.isoformat() for d in sorted(out)]


MX_HOLIDAYS = mx_federal_holidays([2025, 2026, 2027])
TIJUANA_HOLIDAYS = sorted(MX_HOLIDAYS + ["2025-07-11", "2026-07-11"])  # aniversario de Tijuana

# ---------------------------------------------------------------------------
# Authorities
# ---------------------------------------------------------------------------
# key, name, acronym, level, response_days, day_kind, holidays, email
AUTHORITY_DEFS = [
    ("inm", "Instituto Nacional de Migración", "INM", "federal", 30, "business", MX_HOLIDAYS,
     "enlace.inm@example.org"),
    ("comar", "Comisión Mexicana de Ayuda a Refugiados", "COMAR", "federal", 45, "calendar", [],
     "vinculacion.comar@example.org"),
    ("sre-consular", "Secretaría de Relaciones Exteriores – Red consular de México", "SRE",
     "consular", 20, "business", MX_HOLIDAYS, "proteccion.consular@example.org"),
    ("gob-bc", "Gobierno del Estado de Baja California", "Gob. BC", "state", 30, "calendar", [],
     "atencion.migrante.bc@example.org"),
    ("gob-cdmx", "Secretaría de Inclusión y Bienestar Social de la Ciudad de México", "SIBISO",
     "municipal", 20, "business", MX_HOLIDAYS, "huespedes.migrantes@example.org"),
    ("salud", "Secretaría de Salud", "SSA", "federal", 30, "calendar", [],
     "salud.migrante@example.org"),
    ("stps", "Secretaría del Trabajo y Previsión Social", "STPS", "federal", 30, "business",
     MX_HOLIDAYS, "trabajo.digno@example.org"),
    ("ayto-tijuana", "Ayuntamiento de Tijuana – Dirección Municipal de Atención al Migrante",
     "DMAM", "municipal", 15, "business", TIJUANA_HOLIDAYS, "migrantes.tijuana@example.org"),
    ("sep", "Secretaría de Educación Pública", "SEP", "federal", 30, "business", MX_HOLIDAYS,
     "control.escolar@example.org"),
    ("dif", "Sistema Nacional para el Desarrollo Integral de la Familia", "SNDIF", "federal", 30,
     "calendar", [], "proteccion.ninez@example.org"),
    ("ine", "Instituto Nacional Electoral", "INE", "federal", 20, "business", MX_HOLIDAYS,
     "voto.extranjero@example.org"),
    ("conapred", "Consejo Nacional para Prevenir la Discriminación", "CONAPRED", "federal", 30,
     "calendar", [], "quejas.conapred@example.org"),
    ("fgr", "Fiscalía General de la República – Unidad de Investigación de Delitos para Personas "
     "Migrantes", "FGR", "federal", 30, "calendar", [], "unidad.migrantes.fgr@example.org"),
    ("renapo", "Registro Nacional de Población e Identidad", "RENAPO", "federal", 20, "business",
     MX_HOLIDAYS, "curp.renapo@example.org"),
    ("acnur", "Oficina del ACNUR en México", "ACNUR", "international", 30, "calendar", [],
     "mexico.proteccion@example.org"),
    ("gob-chiapas", "Gobierno del Estado de Chiapas", "Gob. Chiapas", "state", 30, "calendar", [],
     "frontera.sur.chiapas@example.org"),
]
AUTH = {a[0]: dict(key=a[0], name=a[1], acronym=a[2], level=a[3], response_days=a[4],
                   day_kind=a[5], holidays=list(a[6]), email=a[7]) for a in AUTHORITY_DEFS}

# Behaviour of each authority: acknowledge, ask clarification, answer at all,
# answer on time, first-answer kinds, follow-up implementation.
PROFILE = {
    "inm": (0.75, 0.20, 0.62, 0.40, (18, 34, 42, 6), 0.35),
    "comar": (0.80, 0.32, 0.70, 0.40, (25, 40, 25, 10), 0.35),
    "sre-consular": (0.92, 0.10, 0.92, 0.80, (45, 30, 10, 15), 0.60),
    "gob-bc": (0.60, 0.12, 0.60, 0.50, (30, 35, 25, 10), 0.35),
    "gob-cdmx": (0.90, 0.16, 0.88, 0.75, (40, 30, 12, 18), 0.55),
    "salud": (0.70, 0.15, 0.72, 0.55, (35, 35, 20, 10), 0.40),
    "stps": (0.75, 0.12, 0.75, 0.60, (35, 35, 20, 10), 0.40),
    "ayto-tijuana": (0.50, 0.10, 0.48, 0.35, (30, 30, 30, 10), 0.30),
    "sep": (0.70, 0.15, 0.72, 0.50, (35, 35, 20, 10), 0.45),
    "dif": (0.80, 0.20, 0.80, 0.60, (40, 35, 15, 10), 0.45),
    "ine": (0.95, 0.06, 0.95, 0.90, (45, 25, 15, 15), 0.65),
    "conapred": (0.85, 0.10, 0.85, 0.70, (55, 25, 5, 15), 0.50),
    "fgr": (0.45, 0.10, 0.40, 0.25, (15, 25, 55, 5), 0.20),
    "renapo": (0.80, 0.12, 0.80, 0.65, (40, 30, 15, 15), 0.50),
    "acnur": (0.90, 0.06, 0.90, 0.85, (50, 30, 5, 15), 0.60),
    "gob-chiapas": (0.50, 0.10, 0.45, 0.35, (25, 30, 35, 10), 0.25),
}
FIRST_KINDS = ("accepted", "partially_accepted", "rejected", "implemented")

# ---------------------------------------------------------------------------
# Bodies
# ---------------------------------------------------------------------------
BODY_DEFS = [
    dict(key="consejo-nacional",
         name="Consejo Consultivo Nacional de Personas Migrantes",
         level="national", jurisdiction="Estados Unidos Mexicanos",
         timezone="America/Mexico_City",
         groups_served=["immigrant", "emigrant", "transit", "returnee", "refugee"],
         regions=["Centroamérica", "Caribe", "Sudamérica", "Norte de México", "Sur de México",
                  "Centro de México", "Estados Unidos y Canadá", "África"],
         seats=20, meetings_per_year=4, quorum_percent=50, response_days=None),
    dict(key="consejo-cdmx",
         name="Consejo Consultivo de Personas Migrantes de la Ciudad de México",
         level="municipal", jurisdiction="Ciudad de México", timezone="America/Mexico_City",
         groups_served=["immigrant", "transit", "returnee", "refugee"],
         regions=["Centroamérica", "Caribe", "Sudamérica", "África"],
         seats=12, meetings_per_year=6, quorum_percent=50, response_days=None),
    dict(key="consejo-tijuana",
         name="Consejo Municipal de Personas Migrantes de Tijuana",
         level="municipal", jurisdiction="Tijuana, Baja California", timezone="America/Tijuana",
         groups_served=["immigrant", "transit", "returnee", "refugee"],
         regions=["Centroamérica", "Caribe", "Sudamérica", "Norte de México", "Sur de México"],
         seats=10, meetings_per_year=6, quorum_percent=50, response_days=20),
    dict(key="consejo-consular-chicago",
         name="Consejo Consultivo de la Comunidad Mexicana en Chicago",
         level="consular",
         jurisdiction="Circunscripción del Consulado General de México en Chicago",
         timezone="America/Chicago", groups_served=["emigrant", "returnee"],
         regions=["Área metropolitana de Chicago", "Norte de Illinois", "Noroeste de Indiana",
                  "Sureste de Wisconsin"],
         seats=15, meetings_per_year=4, quorum_percent=60, response_days=None),
    dict(key="consejo-chiapas",
         name="Consejo Estatal Consultivo de Personas Migrantes y Refugiadas de Chiapas",
         level="state", jurisdiction="Chiapas", timezone="America/Mexico_City",
         groups_served=["immigrant", "transit", "refugee", "returnee"],
         regions=["Centroamérica", "Caribe", "Sudamérica", "África"],
         seats=9, meetings_per_year=4, quorum_percent=50, response_days=None),
]
SHORT = {"consejo-nacional": "nac", "consejo-cdmx": "cdmx", "consejo-tijuana": "tij",
         "consejo-consular-chicago": "chi", "consejo-chiapas": "chis"}

# Who sits on each body: attribute pools.
CA, CAR, SUD, AFR = "Centroamérica", "Caribe", "Sudamérica", "África"
REGION_OF = {"HN": CA, "GT": CA, "SV": CA, "NI": CA, "HT": CAR, "CU": CAR, "VE": SUD,
             "CO": SUD, "EC": SUD, "CM": AFR}
MEMBER_POOLS = {
    "nac": dict(gender=(46, 42, 6, 6),
                group={"immigrant": 5, "refugee": 4, "transit": 2, "returnee": 4, "emigrant": 3,
                       "other": 1},
                foreign={"immigrant": "HN GT SV VE CO CU HT NI", "refugee": "HN SV VE HT CU NI",
                         "transit": "HN GT SV VE HT EC"},
                mx_region={"returnee": ["Norte de México", "Centro de México", "Sur de México"],
                           "emigrant": ["Estados Unidos y Canadá"], "other": ["Sur de México"]},
                public=0.85, email=0.7),
    "cdmx": dict(gender=(50, 38, 8, 4),
                 group={"immigrant": 5, "refugee": 4, "transit": 2, "returnee": 3},
                 foreign={"immigrant": "VE CO CU HT HN SV GT", "refugee": "HN SV VE HT CU NI CM",
                          "transit": "HN GT SV VE HT"},
                 mx_region={"returnee": ["Centro de México"]}, public=0.8, email=0.75),
    "tij": dict(gender=(44, 46, 4, 6),
                group={"immigrant": 3, "transit": 3, "returnee": 4, "refugee": 2},
                foreign={"immigrant": "HT HN SV VE GT", "refugee": "HN SV HT GT",
                         "transit": "HN GT SV VE HT"},
                mx_region={"returnee": ["Norte de México"], "other": ["Sur de México"]},
                public=0.7, email=0.6),
    "chi": dict(gender=(34, 60, 2, 4), group={"emigrant": 10, "returnee": 1},
                foreign={},
                mx_region={"emigrant": ["Área metropolitana de Chicago"] * 5 +
                           ["Norte de Illinois"] * 2 + ["Noroeste de Indiana"],
                           "returnee": ["Centro de México"]},
                public=0.9, email=0.8),
    "chis": dict(gender=(58, 34, 4, 4),
                 group={"refugee": 4, "immigrant": 3, "transit": 3, "returnee": 1},
                 foreign={"immigrant": "GT HN SV HT CU", "refugee": "HN SV HT CU VE CM NI",
                          "transit": "HN GT SV HT VE"},
                 mx_region={"returnee": ["Sur de México"]}, public=0.6, email=0.5),
}

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------
def wchoice(weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def ascii_slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() else "." for ch in s.lower()).strip(".").replace("..", ".")


USED_NAMES: set[str] = set()
USED_EMAILS: set[str] = set()


def person_name(country: str, gender: str) -> str:
    women, men, surnames, two = NAMES[country]
    for _ in range(200):
        if gender == "woman":
            first = rng.choice(women)
        elif gender == "man":
            first = rng.choice(men)
        elif gender == "non_binary":
            first = rng.choice(NEUTRAL_FIRST)
        else:
            first = rng.choice(women + men)
        if two:
            a, b = rng.sample(surnames, 2)
            name = f"{first} {a} {b}"
        else:
            name = f"{first} {rng.choice(surnames)}"
        if name not in USED_NAMES:
            USED_NAMES.add(name)
            return name
    raise RuntimeError("name pool exhausted")


def email_for(name: str) -> str:
    parts = ascii_slug(name).split(".")
    base = f"{parts[0]}.{parts[-2] if len(parts) > 2 else parts[-1]}"
    email, n = f"{base}@example.org", 2
    while email in USED_EMAILS:
        email, n = f"{base}{n}@example.org", n + 1
    USED_EMAILS.add(email)
    return email


def new_person(short: str, force: dict | None = None) -> dict:
    pool = MEMBER_POOLS[short]
    force = force or {}
    g = force.get("gender") or rng.choices(["woman", "man", "non_binary", "undisclosed"],
                                           weights=pool["gender"], k=1)[0]
    grp = force.get("group") or wchoice(pool["group"])
    if "country" in force:
        country = force["country"]
    elif grp in pool["foreign"]:
        country = rng.choice(pool["foreign"][grp].split())
    else:
        country = "MX"
    if "region" in force:
        region = force["region"]
    elif country == "MX":
        region = rng.choice(pool["mx_region"].get(grp, [None]))
    else:
        region = REGION_OF.get(country)
    name = person_name(country, g)
    return dict(name=name, gender=g, migrant_group=grp, region=region, country=country,
                public=force.get("public", rng.random() < pool["public"]),
                email=email_for(name) if rng.random() < pool["email"] else None)


def active(m: dict, d: date) -> bool:
    if D(m["term_start"]) > d:
        return False
    if m.get("term_end") and d > D(m["term_end"]):
        return False
    if m.get("withdrawn_on") and d >= D(m["withdrawn_on"]):
        return False
    return True


# ---------------------------------------------------------------------------
# Rosters
# ---------------------------------------------------------------------------
# Seat plans: list of stints per seat.  ("new", start, end) a new person;
# ("renew", start, end, p_same) same person again (new key) with probability
# p_same, otherwise a new person; ("same", start, end) always the same person;
# ("withdraw", date) the previous stint ends early.
def seat_plans(short: str) -> list[list[tuple]]:
    plans: list[list[tuple]] = []
    if short == "nac":
        for s in range(1, 21):
            if s <= 10:
                p = [("new", "2024-02-01", "2027-01-31")]
                if s == 4:
                    p += [("withdraw", "2025-06-13"), ("new", "2025-08-01", "2027-01-31")]
                if s == 7:
                    p += [("withdraw", "2025-10-20")]
            else:
                p = [("new", "2022-02-01", "2025-01-31")]
                if s == 12 or s == 13:
                    p += [("same", "2025-02-01", "2028-01-31")]
                elif s == 15:
                    p += [("new", "2025-04-10", "2028-01-31")]
                elif s != 19:
                    p += [("renew", "2025-02-01", "2028-01-31", 0.5)]
            plans.append(p)
    elif short == "cdmx":
        for s in range(1, 13):
            p = [("new", "2024-06-01", "2026-05-31")]
            if s == 5:
                p += [("withdraw", "2025-03-14"), ("new", "2025-05-01", "2026-05-31")]
            if s in (1, 3):
                p += [("same", "2026-06-01", "2028-05-31")]
            elif s == 9:
                p += [("new", "2026-08-15", "2028-05-31")]
            elif s != 12:
                p += [("renew", "2026-06-01", "2028-05-31", 0.45)]
            plans.append(p)
    elif short == "tij":
        for s in range(1, 11):
            if s == 10:
                p = [("new", "2025-06-01", "2027-01-14")]
            else:
                p = [("new", "2025-01-15", "2027-01-14")]
            if s == 6:
                p += [("withdraw", "2025-09-10"), ("new", "2025-10-15", "2027-01-14")]
            if s == 9:
                p += [("withdraw", "2026-05-04")]
            plans.append(p)
    elif short == "chi":
        for s in range(1, 16):
            p = [("new", "2023-11-01", "2025-10-31")]
            if s == 9:
                p += [("withdraw", "2025-05-19")]
            if s == 1:
                p += [("same", "2025-11-01", "2027-10-31")]
            elif s == 3:
                p += [("new", "2025-11-01", "2027-10-31"), ("withdraw", "2026-04-06"),
                      ("new", "2026-06-01", "2027-10-31")]
            elif s not in (14, 15):
                p += [("renew", "2025-11-01", "2027-10-31", 0.5)]
            plans.append(p)
    elif short == "chis":
        for s in range(1, 10):
            if s in (8, 9):
                plans.append([])
                continue
            p = [("new", "2025-09-01" if s == 7 else "2025-03-20", "2028-03-19")]
            if s == 4:
                p += [("withdraw", "2026-02-15")]
            plans.append(p)
    return plans


# Forced attributes for the first stint of some seats (diversity that must be present).
SEAT_FORCE = {
    "nac": {3: dict(gender="non_binary"), 6: dict(group="refugee", country="HT"),
            11: dict(group="emigrant", country="MX"), 14: dict(gender="undisclosed"),
            16: dict(group="transit", country="VE", public=False)},
    "cdmx": {2: dict(group="refugee", country="CM", region=AFR),
             6: dict(gender="non_binary", group="immigrant", country="VE"),
             8: dict(group="returnee", country="MX", public=False)},
    "tij": {1: dict(group="returnee", country="MX", gender="woman"),
            3: dict(group="immigrant", country="HT"),
            4: dict(gender="undisclosed", group="refugee", country="HN", public=False),
            7: dict(group="transit", country="VE")},
    "chi": {5: dict(gender="woman"), 8: dict(gender="non_binary"),
            12: dict(group="returnee", country="MX", region="Centro de México")},
    "chis": {2: dict(group="refugee", country="CM", region=AFR, public=False),
             3: dict(group="refugee", country="HT"), 5: dict(gender="non_binary", public=False)},
}
ALTERNATES = {
    "nac": [(("2024-02-01", "2027-01-31"), dict(group="refugee", country="CM", region=AFR)),
            (("2025-02-01", "2028-01-31"), {}), (("2024-02-01", None), {})],
    "cdmx": [(("2024-06-01", "2026-05-31"), {}), (("2026-06-01", "2028-05-31"), {}),
             (("2025-01-10", None), dict(gender="undisclosed"))],
    "tij": [(("2025-01-15", "2027-01-14"), dict(group="other", country="MX",
                                                region="Sur de México")),
            (("2025-01-15", "2027-01-14"), {})],
    "chi": [(("2023-11-01", "2025-10-31"), {}), (("2025-11-01", "2027-10-31"), {})],
    "chis": [(("2025-03-20", "2028-03-19"), dict(group="transit", country="VE"))],
}


def build_members(body: dict) -> list[dict]:
    short = SHORT[body["key"]]
    plans = seat_plans(short)
    n_fixed = len(plans) + len(ALTERNATES[short])
    counter = [n_fixed]
    members: list[dict] = []

    def next_key():
        counter[0] += 1
        return f"m{counter[0]:02d}"

    def mk(key, person, role, start, end):
        m = dict(key=key, name=person["name"])
        if person["email"]:
            m["email"] = person["email"]
        m.update(public=person["public"], role=role, gender=person["gender"],
                 migrant_group=person["migrant_group"])
        if person["region"]:
            m["region"] = person["region"]
        m.update(country=person["country"], term_start=start, term_end=end, withdrawn_on=None)
        members.append(m)
        return m

    for s, plan in enumerate(plans, start=1):
        role = "chair" if s == 1 else "secretary" if s == 2 else "representative"
        prev, person, first = None, None, True
        for step in plan:
            if step[0] == "withdraw":
                prev["withdrawn_on"] = step[1]
                continue
            kind, start, end = step[0], step[1], step[2]
            same = kind == "same" or (kind == "renew" and rng.random() < step[3])
            if prev is not None and prev["withdrawn_on"]:
                same = False           # someone who left early is not renewed
            if same and person is not None:
                base = prev["key"].split("-")[0]
                n = int(prev["key"].split("-")[1]) + 1 if "-" in prev["key"] else 2
                key = f"{base}-{n}"
                if person["email"] is None and rng.random() < 0.3:
                    person = dict(person, email=email_for(person["name"]))
            else:
                force = SEAT_FORCE[short].get(s) if first else None
                person = new_person(short, force)
                key = f"m{s:02d}" if first else next_key()
            prev = mk(key, person, role, start, end)
            first = False
    for i, ((start, end), force) in enumerate(ALTERNATES[short], start=1):
        person = new_person(short, force)
        mk(f"m{len(plans) + i:02d}", person, "alternate", start, end)
    members.sort(key=lambda m: (int(m["key"][1:].split("-")[0]), m["key"]))
    return members


# ---------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------
# (date, kind, status, hour, minute, duration_h, low_quorum, theme or None)
MEETING_PLANS = {
    "nac": [("2025-02-20", "o", "held", 10, 0, 3.5, False, None),
            ("2025-03-06", "e", "held", 11, 0, 2.5, False,
             "Atención a personas mexicanas deportadas desde Estados Unidos"),
            ("2025-05-22", "o", "held", 10, 0, 3.5, False, None),
            ("2025-08-21", "o", "held", 10, 0, 3.0, True, None),
            ("2025-11-20", "o", "held", 10, 0, 3.5, False, None),
            ("2026-02-19", "o", "held", 10, 0, 3.5, False, None),
            ("2026-03-12", "e", "cancelled", 11, 0, 2.0, False,
             "Rezago en solicitudes de la condición de refugiado"),
            ("2026-05-21", "o", "held", 10, 0, 3.5, False, None),
            ("2026-08-20", "o", "held", 10, 0, 3.0, False, None),
            ("2026-10-01", "e", "held", 16, 0, 2.0, False,
             "Revisiones migratorias en carreteras y centrales de autobuses"),
            ("2026-11-19", "o", "held", 10, 0, 3.5, False, None),
            ("2027-02-18", "o", "scheduled", 10, 0, 3.5, False, None)],
    "cdmx": [("2025-01-29", "o", "held", 17, 0, 2.5, False, None),
             ("2025-03-26", "o", "held", 17, 0, 2.5, False, None),
             ("2025-05-28", "o", "held", 17, 0, 2.5, True, None),
             ("2025-07-30", "o", "held", 17, 0, 2.5, False, None),
             ("2025-09-24", "o", "cancelled", 17, 0, 2.5, False, None),
             ("2025-10-08", "e", "held", 18, 0, 2.0, False,
              "Desalojo del campamento de la colonia Juárez"),
             ("2025-11-26", "o", "held", 17, 0, 2.5, False, None),
             ("2026-01-28", "o", "held", 17, 0, 2.5, False, None),
             ("2026-03-25", "o", "held", 17, 0, 2.5, False, None),
             ("2026-05-27", "o", "held", 17, 0, 2.5, False, None),
             ("2026-06-10", "e", "held", 11, 0, 2.0, False,
              "Instalación del Consejo para el periodo 2026–2028"),
             ("2026-07-29", "o", "held", 17, 0, 2.5, False, None),
             ("2026-09-30", "o", "held", 17, 0, 2.5, True, None),
             ("2026-11-25", "o", "held", 17, 0, 2.5, False, None),
             ("2027-01-27", "o", "scheduled", 17, 0, 2.5, False, None),
             ("2027-03-31", "o", "scheduled", 17, 0, 2.5, False, None)],
    "tij": [("2025-01-30", "e", "held", 10, 0, 3.0, False,
             "Recepción de personas mexicanas deportadas"),
            ("2025-02-13", "o", "held", 10, 0, 3.0, False, None),
            ("2025-04-10", "o", "held", 10, 0, 3.0, False, None),
            ("2025-06-12", "o", "cancelled", 10, 0, 3.0, False, None),
            ("2025-08-14", "o", "held", 10, 0, 3.0, False, None),
            ("2025-10-09", "o", "held", 10, 0, 3.0, False, None),
            ("2025-12-11", "o", "held", 10, 0, 3.0, False, None),
            ("2026-02-12", "o", "held", 10, 0, 3.0, False, None),
            ("2026-03-05", "e", "held", 12, 0, 2.0, False,
             "Seguridad en los alrededores de los albergues"),
            ("2026-04-16", "o", "held", 10, 0, 3.0, False, None),
            ("2026-06-11", "o", "held", 10, 0, 3.0, False, None),
            ("2026-08-13", "o", "held", 10, 0, 3.0, False, None),
            ("2026-10-08", "o", "held", 10, 0, 3.0, True, None),
            ("2026-12-10", "o", "scheduled", 10, 0, 3.0, False, None),
            ("2027-02-11", "o", "scheduled", 10, 0, 3.0, False, None)],
    "chi": [("2025-02-01", "e", "held", 10, 0, 3.0, False,
             "Información sobre derechos ante operativos migratorios"),
            ("2025-03-15", "o", "held", 10, 0, 3.0, False, None),
            ("2025-06-14", "o", "held", 10, 0, 3.0, False, None),
            ("2025-09-13", "o", "cancelled", 10, 0, 3.0, False, None),
            ("2025-10-16", "e", "held", 18, 30, 2.0, False,
             "Credencialización y registro para votar desde el extranjero"),
            ("2025-12-06", "o", "held", 10, 0, 3.0, False, None),
            ("2026-03-14", "o", "held", 10, 0, 3.0, True, None),
            ("2026-06-13", "o", "cancelled", 10, 0, 3.0, False, None),
            ("2026-09-19", "o", "held", 10, 0, 3.0, False, None),
            ("2026-12-05", "o", "scheduled", 10, 0, 3.0, False, None),
            ("2027-03-13", "o", "scheduled", 10, 0, 3.0, False, None)],
    "chis": [("2025-04-24", "e", "held", 10, 0, 3.0, False,
              "Instalación del Consejo Estatal"),
             ("2025-07-17", "o", "held", 10, 0, 3.0, False, None),
             ("2025-11-13", "o", "cancelled", 10, 0, 3.0, False, None),
             ("2026-02-26", "o", "held", 10, 0, 3.0, True, None),
             ("2026-06-18", "o", "held", 10, 0, 3.0, False, None),
             ("2026-10-22", "o", "held", 10, 0, 3.0, False, None),
             ("2027-01-21", "o", "scheduled", 10, 0, 3.0, False, None)],
}


def quorum_ok(body, members, att, d) -> tuple[int, int, bool]:
    seat = [m for m in members if m["role"] != "alternate" and active(m, d)]
    ok_n = sum(1 for m in seat if att.get(m["key"]) in ("present", "remote"))
    return ok_n, len(seat), bool(seat) and ok_n * 100 >= body["quorum_percent"] * len(seat)


def build_meetings(body: dict, members: list[dict]) -> list[dict]:
    short, tz = SHORT[body["key"]], body["timezone"]
    meetings, per_year, ord_per_year = [], {}, {}
    for (ds, k, status, hh, mm, dur, lowq, theme) in MEETING_PLANS[short]:
        d = D(ds)
        assert (d > TODAY) if status == "scheduled" else (d <= LAST_DAY), ds
        y = d.year
        per_year[y] = per_year.get(y, 0) + 1
        start = local_instant(tz, d, hh, mm)
        end = start + timedelta(minutes=int(dur * 60))
        if k == "o":
            ord_per_year[y] = ord_per_year.get(y, 0) + 1
            title = f"{ORDINALES[ord_per_year[y] - 1]} sesión ordinaria {y}"
        else:
            title = f"Sesión extraordinaria: {theme}"
        online = rng.random() < 0.2
        if online:
            location = f"https://meet.example.org/{body['key']}-{y}-{per_year[y]}"
        else:
            location = rng.choice(LOCATIONS[short])
        mt = dict(key=f"{y}-{per_year[y]}", title=title,
                  kind="ordinary" if k == "o" else "extraordinary",
                  starts_at=start, ends_at=end, location=location, status=status,
                  _theme=theme, _lowq=lowq, _online=online, _date=d)
        if status == "held":
            attendees = [m for m in members if active(m, d)]
            for _ in range(500):
                att = {}
                for m in attendees:
                    if m["role"] == "alternate":
                        p_ok = 0.5
                    else:
                        p_ok = 0.35 if lowq else 0.85
                    if rng.random() < p_ok:
                        st = "remote" if online or rng.random() < 0.15 else "present"
                    else:
                        st = "excused" if rng.random() < 0.55 else "absent"
                    att[m["key"]] = st
                if quorum_ok(body, members, att, d)[2] != lowq:
                    break
            mt["attendance"] = att
        meetings.append(mt)
    return meetings


# ---------------------------------------------------------------------------
# Deadlines (metrics.md "Deadlines")
# ---------------------------------------------------------------------------
def base_deadline(body: dict, auth: dict, submitted: datetime) -> datetime:
    n = body["response_days"] if body["response_days"] is not None else auth["response_days"]
    if auth["day_kind"] == "calendar":
        return submitted + timedelta(days=n)
    hol = set(auth["holidays"])
    t, counted = submitted, 0
    while counted < n:
        t += timedelta(days=1)
        ld = local_date(body["timezone"], t)
        if ld.weekday() < 5 and ld.isoformat() not in hol:
            counted += 1
    return t


# ---------------------------------------------------------------------------
# Timestamps during office hours
# ---------------------------------------------------------------------------
def office_time(tz: str, not_before: datetime, min_days: float, max_days: float,
                weekdays_only: bool = True, hours=(9, 18)) -> datetime:
    """An instant on a (working) day between not_before+min_days and +max_days,
    at an office hour, strictly after not_before."""
    base = not_before + timedelta(days=rng.uniform(min_days, max_days))
    d = local_date(tz, base)
    for _ in range(30):
        if weekdays_only and d.weekday() >= 5:
            d += timedelta(days=1)
            continue
        hh = rng.randint(hours[0], hours[1] - 1)
        mm = rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])
        inst = local_instant(tz, d, hh, mm)
        if inst > not_before:
            return inst
        d += timedelta(days=1)
    return not_before + timedelta(minutes=30)


def cutoff(tz: str) -> datetime:
    return local_instant(tz, LAST_DAY, 20, 0)


# ---------------------------------------------------------------------------
# Demands
# ---------------------------------------------------------------------------
DEMAND_COUNT = {"nac": 72, "cdmx": 66, "tij": 60, "chi": 38, "chis": 28}
ADOPT_RANGE = {"nac": (3, 6), "cdmx": (2, 4), "tij": (2, 5), "chi": (2, 4), "chis": (2, 4)}
FREE_FROM = {"nac": "2025-01-08", "cdmx": "2025-01-08", "tij": "2025-01-20",
             "chi": "2025-01-10", "chis": "2025-04-28"}
TOPIC_WEIGHTS = {
    "nac": dict(documentation=12, asylum=9, detention=9, labor=8, health=7, education=6,
                housing=3, security=7, family=6, consular=4, integration=6, discrimination=6,
                political_rights=5, other=3),
    "cdmx": dict(documentation=10, asylum=6, detention=3, labor=9, health=8, education=7,
                 housing=9, security=5, family=4, consular=1, integration=9, discrimination=8,
                 political_rights=4, other=3),
    "tij": dict(documentation=9, asylum=8, detention=11, labor=6, health=7, education=4,
                housing=8, security=9, family=6, consular=3, integration=5, discrimination=4,
                political_rights=1, other=3),
    "chi": dict(documentation=10, consular=14, political_rights=9, family=7, detention=6,
                education=5, labor=5, health=5, security=3, integration=3, discrimination=2,
                other=3),
    "chis": dict(asylum=10, documentation=9, detention=8, labor=6, health=6, education=4,
                 housing=4, security=7, family=5, discrimination=4, integration=3, other=2),
}
ROUTING = {
    "documentation": dict(default=["inm", "renapo"], cdmx=["inm", "gob-cdmx", "renapo"],
                          tij=["inm", "ayto-tijuana", "gob-bc"],
                          chi=["sre-consular", "renapo"], chis=["inm", "gob-chiapas", "renapo"]),
    "asylum": dict(default=["comar", "inm", "acnur"], tij=["comar", "inm", "gob-bc"],
                   chis=["comar", "acnur", "inm"], cdmx=["comar", "gob-cdmx", "acnur"]),
    "detention": dict(default=["inm", "comar", "dif"], chi=["sre-consular"],
                      tij=["inm", "ayto-tijuana", "gob-bc"], chis=["inm", "gob-chiapas", "dif"]),
    "labor": dict(default=["stps", "salud"], cdmx=["stps", "gob-cdmx"],
                  tij=["stps", "gob-bc", "ayto-tijuana"], chi=["sre-consular", "stps"],
                  chis=["stps", "gob-chiapas", "inm"]),
    "health": dict(default=["salud", "inm"], cdmx=["salud", "gob-cdmx"],
                   tij=["salud", "gob-bc", "ayto-tijuana"], chi=["sre-consular", "salud"],
                   chis=["salud", "gob-chiapas"]),
    "education": dict(default=["sep"], cdmx=["sep", "gob-cdmx"], tij=["sep", "gob-bc"],
                      chi=["sre-consular", "sep"], chis=["sep", "gob-chiapas"]),
    "housing": dict(default=["acnur", "dif"], cdmx=["gob-cdmx", "acnur"],
                    tij=["ayto-tijuana", "gob-bc"], chis=["gob-chiapas", "acnur"],
                    chi=["sre-consular"]),
    "security": dict(default=["fgr", "inm"], cdmx=["gob-cdmx", "fgr"],
                     tij=["gob-bc", "ayto-tijuana", "fgr"], chi=["sre-consular"],
                     chis=["fgr", "gob-chiapas"]),
    "family": dict(default=["dif", "inm", "sre-consular"], cdmx=["dif", "gob-cdmx"],
                   tij=["dif", "inm", "gob-bc"], chi=["sre-consular", "dif"],
                   chis=["dif", "comar"]),
    "consular": dict(default=["sre-consular"], tij=["sre-consular", "inm"]),
    "integration": dict(default=["stps", "sep", "inm"], cdmx=["gob-cdmx", "stps"],
                        tij=["ayto-tijuana", "gob-bc"], chi=["sre-consular"],
                        chis=["gob-chiapas", "acnur"]),
    "discrimination": dict(default=["conapred", "inm"], cdmx=["conapred", "gob-cdmx"],
                           tij=["conapred", "ayto-tijuana"], chi=["sre-consular", "conapred"],
                           chis=["conapred", "gob-chiapas"]),
    "political_rights": dict(default=["ine", "inm"], cdmx=["gob-cdmx", "ine"],
                             tij=["ayto-tijuana"], chi=["ine", "sre-consular"]),
    "other": dict(default=["inm", "stps"], cdmx=["gob-cdmx"], tij=["ayto-tijuana", "gob-bc"],
                  chi=["sre-consular"], chis=["gob-chiapas", "inm"]),
}


def route(short: str, topic: str, item: dict) -> list[str]:
    cands = list(item.get("auth") or ROUTING[topic].get(short) or ROUTING[topic]["default"])
    n = min(len(cands), rng.choices([1, 2, 3], weights=[50, 35, 15], k=1)[0])
    first = cands[0] if rng.random() < 0.75 else rng.choice(cands)
    rest = [c for c in cands if c != first]
    return [first] + rng.sample(rest, n - 1)


def tidy(text: str) -> str:
    """Spanish contractions and sentence capitals after placeholders were filled in."""
    text = text.replace(" de el ", " del ").replace(" a el ", " al ")
    text = re.sub(r"(^|[.!?]\s+)([a-záéíóúñ])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text


def fill(template: str, ctx: dict) -> str:
    out = template
    for k, v in ctx.items():
        out = out.replace("{" + k + "}", str(v))
    return out


def demand_ctx(short: str, sub_date: date) -> dict:
    c = BODY_CONTEXT[short]
    n = rng.choice([12, 15, 18, 23, 27, 31, 36, 40, 47, 52, 64, 75, 88, 110, 140])
    mb = (sub_date.month - 2) % 12                     # month before submission (0-based)
    ma = (mb - rng.randint(1, 3)) % 12
    return dict(short=short, consulado=c["consulado"],
                lugar=rng.choice(c["lugares"]), ciudad=rng.choice(c["ciudades"]),
                estado=rng.choice(c["estados"]), oficina=c["oficina"], cuerpo=c["cuerpo"],
                n=n, n2=n + rng.choice([3, 5, 8, 12, 20]), pct=rng.choice([38, 41, 46, 53, 61, 67, 72]),
                semanas=rng.choice([6, 8, 10, 12, 14, 16]), mes_a=MESES[ma], mes_b=MESES[mb])


ARTICLE = {"inm": "al", "comar": "a la", "sre-consular": "a la", "gob-bc": "al",
           "gob-cdmx": "a la", "salud": "a la", "stps": "a la", "ayto-tijuana": "al",
           "sep": "a la", "dif": "al", "ine": "al", "conapred": "al", "fgr": "a la",
           "renapo": "al", "acnur": "a la", "gob-chiapas": "al"}


def auth_list_text(keys: list[str]) -> str:
    """'al Instituto Nacional de Migración (INM) y a la Comisión …' (with the preposition)."""
    names = [f"{ARTICLE[k]} {AUTH[k]['name']} ({AUTH[k]['acronym']})"
             if AUTH[k]["acronym"] not in AUTH[k]["name"] else f"{ARTICLE[k]} {AUTH[k]['name']}"
             for k in keys]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " y " + names[-1]


def demand_text(short, topic, item, ctx, auths, meeting, reiterates, confidential) -> str:
    problem = fill(item["p"], ctx)
    asks = [fill(a, ctx) for a in item["a"]]
    intro = fill(rng.choice(INTROS), ctx)
    evidence = fill(rng.choice(EVIDENCE), ctx)
    impact = fill(rng.choice(IMPACT[topic]), ctx)
    legal = fill(rng.choice(LEGAL[topic]), ctx)
    closing = fill(rng.choice(CLOSINGS), ctx)
    parts = []
    if reiterates:
        parts.append(f"> Esta recomendación reitera la {reiterates}, que a la fecha no ha "
                     f"recibido una respuesta que atienda el fondo del problema.")
    style = rng.randrange(3)
    if style == 0:
        parts.append("## Antecedentes")
        parts.append(f"{intro} {problem}")
        parts.append(evidence)
        parts.append("## Recomendación")
        parts.append(f"El {ctx['cuerpo']} recomienda {auth_list_text(auths)}:")
        parts.append("\n".join(f"{i}. {a}" for i, a in enumerate(asks, 1)))
        parts.append("## Fundamento")
        parts.append(f"{legal} {impact}")
    elif style == 1:
        parts.append(f"{problem} {evidence}")
        parts.append("**Propuesta**")
        parts.append("\n".join(f"- {a}" for a in asks))
        parts.append(f"{impact} {legal}")
        parts.append(closing)
    else:
        parts.append("### Situación observada")
        parts.append(f"{evidence} {problem}")
        parts.append("### Lo que pedimos")
        parts.append("\n".join(f"{i}. {a}" for i, a in enumerate(asks, 1)))
        parts.append("### Por qué importa")
        parts.append(f"{impact} {legal}")
        if rng.random() < 0.5:
            parts.append(closing)
    if confidential:
        parts.append("_Los datos de las personas afectadas se comparten por separado y sólo con "
                     "las autoridades destinatarias._")
    if meeting is not None:
        if meeting["kind"] == "extraordinary":
            parts.append(f"_Aprobada por el pleno en la sesión extraordinaria del "
                         f"{fecha_larga(meeting['_date'])}._")
        else:
            t = meeting["title"].replace(" ordinaria ", " ordinaria de ")
            parts.append(f"_Aprobada por el pleno en la {t[0].lower()}{t[1:]}, celebrada el "
                         f"{fecha_larga(meeting['_date'])}._")
    return "\n\n".join(parts)


def build_demand_slots(body, members, meetings):
    """(submitted_at, meeting or None, submitter) sorted by time."""
    short, tz = SHORT[body["key"]], body["timezone"]
    slots = []
    lo, hi = ADOPT_RANGE[short]
    for mt in meetings:
        if mt["status"] != "held":
            continue
        if not quorum_ok(body, members, mt["attendance"], mt["_date"])[2]:
            continue
        k = rng.randint(lo, hi) + (1 if mt["kind"] == "extraordinary" else 0)
        for _ in range(k):
            sub = office_time(tz, mt["ends_at"], 0.5, 9.0)
            if sub > cutoff(tz):
                sub = cutoff(tz) - timedelta(hours=rng.randint(3, 30))
            sd = local_date(tz, sub)
            present = [m for m in members if m["role"] != "alternate" and active(m, sd)
                       and mt["attendance"].get(m["key"]) in ("present", "remote")]
            officers = [m for m in present if m["role"] in ("chair", "secretary")]
            pool = officers if officers and rng.random() < 0.6 else present
            if not pool:
                pool = [m for m in members if active(m, sd)]
            slots.append((sub, mt, rng.choice(pool)))
    free_n = DEMAND_COUNT[short] - len(slots)
    start = local_instant(tz, D(FREE_FROM[short]), 9)
    span = (cutoff(tz) - start).total_seconds()
    for _ in range(max(0, free_n)):
        for _try in range(50):
            t = start + timedelta(seconds=rng.uniform(0, span))
            sub = office_time(tz, t, 0, 0.01, hours=(9, 20))
            if sub > cutoff(tz):
                continue
            sd = local_date(tz, sub)
            pool = [m for m in members if active(m, sd)]
            seat = [m for m in pool if m["role"] != "alternate"]
            if not pool:
                continue
            who = rng.choice(seat if seat and rng.random() < 0.9 else pool)
            slots.append((sub, None, who))
            break
    slots.sort(key=lambda s: s[0])
    return slots


def pick_item(short: str, topic: str, used: dict):
    """A fresh item of the topic for this body, else one used once (a reiteration),
    else None (the caller picks another topic)."""
    cands = [it for it in ITEMS[topic] if it["b"] == "*" or short in it["b"].split()]
    fresh = [it for it in cands if used.get(id(it), 0) == 0]
    if fresh:
        return rng.choice(fresh), False
    again = [it for it in cands if used.get(id(it), 0) == 1]
    if again:
        return rng.choice(again), True
    return None, False


# ---------------------------------------------------------------------------
# Referral events
# ---------------------------------------------------------------------------
STATS = {"same_ts": 0, "double_request": 0, "open_clar": 0, "explicit_due": 0}


def area_of(auth_key: str, ctx: dict) -> str:
    options = AREAS[auth_key]
    if ctx["short"] == "chi":          # no Mexican state office for the Chicago body
        options = [a for a in options if "{estado}" not in a]
    return fill(rng.choice(options), ctx)


def folio(auth_key: str, inst: datetime) -> str:
    return f"{AUTH[auth_key]['acronym'].replace(' ', '').replace('.', '').upper()}-" \
           f"{inst.year}-{rng.randint(120, 9800):04d}"


def gen_referral(body, demand, auth_key, ctx, topic):
    tz = body["timezone"]
    auth = AUTH[auth_key]
    short = SHORT[body["key"]]
    S = demand["_submitted"]
    end = cutoff(tz)
    ack_p, clar_p, ans_p, ontime_p, kinds_w, follow_p = PROFILE[auth_key]
    if short == "chis":
        ans_p *= 0.85
    if short == "chi" and auth_key == "sre-consular":
        ans_p = min(0.97, ans_p + 0.04)
    due = None
    if rng.random() < 0.05:
        days = rng.choice([45, 60, 90])
        due = local_instant(tz, local_date(tz, S) + timedelta(days=days), 23, 59)
        STATS["explicit_due"] += 1
    base = due or base_deadline(body, auth, S)
    ev: list[dict] = []
    last = S
    actx = dict(ctx, area=area_of(auth_key, ctx))

    def add(kind, at, text, **extra):
        nonlocal last
        e = dict(at=at, kind=kind, text=text)
        e.update(extra)
        ev.append(e)
        last = at

    same_ts_ack = False
    if rng.random() < ack_p:
        if rng.random() < 0.06:
            same_ts_ack = True          # acknowledged in the same oficio as the answer
        else:
            at = office_time(tz, S, 0.3, 6)
            add("acknowledged", at, fill(rng.choice(TEXT_ACK), dict(actx, folio=folio(auth_key, at))))
    pauses = timedelta(0)
    open_clar = False
    if rng.random() < clar_p:
        n_pauses = 2 if rng.random() < 0.15 else 1
        for i in range(n_pauses):
            req = office_time(tz, last, 2, 16)
            add("clarification_requested", req, fill(rng.choice(CLAR_REQUESTED), actx))
            if i == n_pauses - 1 and rng.random() < 0.14:
                open_clar = True
                STATS["open_clar"] += 1
                if rng.random() < 0.35:
                    # a reminder while the pause is already open: changes nothing
                    add("clarification_requested", office_time(tz, last, 20, 40),
                        fill(rng.choice(TEXT_CLAR_REMINDER), actx))
                    STATS["double_request"] += 1
                break
            if rng.random() < 0.08:
                add("clarification_requested", office_time(tz, last, 5, 12),
                    fill(rng.choice(TEXT_CLAR_REMINDER), actx))
                STATS["double_request"] += 1
            prov = office_time(tz, last, 1, 22, weekdays_only=False, hours=(8, 22))
            add("clarification_provided", prov, fill(rng.choice(CLAR_PROVIDED), actx))
            pauses += prov - req
    first_kind = None
    if open_clar:
        if rng.random() < 0.3:
            at = office_time(tz, last, 60, 120)
            add("rejected", at, fill(rng.choice(TEXT_REJECT_NO_INFO), actx))
            first_kind = "rejected"
    elif rng.random() < ans_p:
        eff = base + pauses
        if rng.random() < ontime_p and eff - last > timedelta(days=2):
            lo = 1.0
            hi = max(lo + 0.5, (eff - last).total_seconds() / 86400 - 1.0)
            at = office_time(tz, last, lo, hi)
            if at > eff:
                at = office_time(tz, last, 0.2, 0.8)
        else:
            at = office_time(tz, max(eff, last), 1, rng.choice([10, 30, 60, 120]))
        first_kind = rng.choices(FIRST_KINDS, weights=kinds_w, k=1)[0]
        if same_ts_ack:
            add("acknowledged", at, fill(rng.choice(TEXT_ACK), dict(actx, folio=folio(auth_key, at))))
            STATS["same_ts"] += 1
        texts = dict(accepted=TEXT_ACCEPTED, partially_accepted=TEXT_PARTIAL,
                     rejected=TEXT_REJECTED, implemented=TEXT_IMPLEMENTED)[first_kind]
        extra = {}
        if first_kind == "implemented":
            extra["evidence_url"] = evidence_url(auth_key, at) if rng.random() < 0.6 else None
        add(first_kind, at, fill(rng.choice(texts), dict(actx, anio=local_date(tz, at).year,
                                                          fecha=fecha_larga(local_date(tz, at)))),
            **extra)
        # corrections and follow-ups: a later substantive event
        r = rng.random()
        if first_kind in ("accepted", "partially_accepted") and r < follow_p:
            at2 = office_time(tz, last, 20, 220)
            if rng.random() < 0.04:
                at2 = at          # reported together with the answer (same timestamp)
                STATS["same_ts"] += 1
            add("implemented", at2,
                fill(rng.choice(TEXT_IMPLEMENTED), dict(actx, anio=at2.year,
                                                        fecha=fecha_larga(local_date(tz, at2)))),
                evidence_url=evidence_url(auth_key, at2) if rng.random() < 0.65 else None)
        elif first_kind == "accepted" and r < follow_p + 0.06:
            add("partially_accepted", office_time(tz, last, 15, 90),
                fill(rng.choice(TEXT_DOWNGRADE), actx))
        elif first_kind == "accepted" and r < follow_p + 0.09:
            add("rejected", office_time(tz, last, 2, 12), fill(rng.choice(TEXT_CORRECTION_REJECT), actx))
        elif first_kind == "rejected" and r < 0.14:
            add("partially_accepted", office_time(tz, last, 30, 150),
                fill(rng.choice(TEXT_RECONSIDER), actx))
    # nothing after "today"
    ev = [e for e in ev if e["at"] <= end]
    # a clarification_provided never survives without its request (requests come first)
    assessments = gen_assessments(body, ev, actx)
    ref = dict(authority=auth_key, due_at=due, events=ev, assessments=assessments, _base=base)
    return ref


def evidence_url(auth_key: str, at: datetime) -> str:
    kind = rng.choice(["oficio", "informe", "comunicado", "lineamiento"])
    return (f"https://transparencia.example.org/{auth_key}/{at.year}/"
            f"{kind}-{rng.randint(100, 9999):04d}.pdf")


VERDICT_W = {
    "accepted": (45, 45, 10), "partially_accepted": (10, 55, 35), "rejected": (0, 15, 85),
    "implemented": (52, 22, 26),
}


def gen_assessments(body, ev, actx):
    tz = body["timezone"]
    end = cutoff(tz)
    out = []
    subs = [e for e in ev if e["kind"] in FIRST_KINDS]
    for i, e in enumerate(subs):
        p = 0.7 if e["kind"] == "implemented" else 0.55
        if rng.random() >= p:
            continue
        nxt = subs[i + 1]["at"] if i + 1 < len(subs) else None
        at = office_time(tz, e["at"], 2, 35, weekdays_only=False, hours=(9, 21))
        if nxt is not None and at > nxt and rng.random() < 0.7:
            continue
        if at > end:
            continue
        verdict = rng.choices(["satisfied", "partially_satisfied", "unsatisfied"],
                              weights=VERDICT_W[e["kind"]], k=1)[0]
        key = "implemented_unsatisfied" if (e["kind"] == "implemented" and
                                            verdict == "unsatisfied") else verdict
        out.append(dict(at=at, verdict=verdict, note=fill(rng.choice(ASSESS_NOTES[key]), actx)))
    out.sort(key=lambda a: a["at"])
    return out


# ---------------------------------------------------------------------------
# Agenda and minutes
# ---------------------------------------------------------------------------
def referral_summary(body, demands, inst):
    """How the body's referrals stood at ``inst`` (for the secretary's report)."""
    total = answered = overdue = paused = 0
    for dm in demands:
        if dm["_submitted"] > inst:
            continue
        for r in dm["referrals"]:
            total += 1
            evs = [e for e in r["events"] if e["at"] <= inst]
            if any(e["kind"] in FIRST_KINDS for e in evs):
                answered += 1
                continue
            open_since, pz, is_paused = None, timedelta(0), False
            for e in evs:
                if e["kind"] == "clarification_requested" and open_since is None:
                    open_since = e["at"]
                elif e["kind"] == "clarification_provided" and open_since is not None:
                    pz += e["at"] - open_since
                    open_since = None
            if open_since is not None:
                paused += 1
            elif r["_base"] + pz <= inst:
                overdue += 1
    return total, answered, overdue, paused


def build_agenda(body, mt, adopted, upcoming=False):
    short = SHORT[body["key"]]
    items = ["Lista de asistencia y verificación del quórum",
             "Lectura y, en su caso, aprobación del orden del día"]
    if mt["_theme"] and "Instalación" in mt["_theme"]:
        items += ["Toma de protesta de las y los integrantes",
                  "Presentación del reglamento interno y calendario de sesiones",
                  "Elección de la presidencia y la secretaría técnica"]
    else:
        items.append("Aprobación del acta de la sesión anterior")
        items.append("Informe de la secretaría técnica sobre el estado de las recomendaciones")
    if mt["_theme"] and "Instalación" not in mt["_theme"]:
        items.append(f"Análisis de la situación: {mt['_theme'].lower()}")
        items.append(rng.choice(EXTRA_THEMES))
    else:
        for th in rng.sample(BODY_THEMES[short], 2):
            items.append(th)
    if adopted:
        sub = "\n".join(f"   - {d['title']}" for d in adopted)
        items.append("Discusión y, en su caso, aprobación de recomendaciones:\n" + sub)
    elif upcoming:
        items.append("Propuestas de recomendación presentadas por las comisiones de trabajo")
    items.append("Asuntos generales")
    head = "**Orden del día (propuesta)**" if upcoming else "**Orden del día**"
    return head + "\n\n" + "\n".join(f"{i}. {t}" for i, t in enumerate(items, 1))


def build_minutes(body, members, mt, adopted, demands):
    tz = body["timezone"]
    d = mt["_date"]
    att = mt["attendance"]
    counts = {k: sum(1 for v in att.values() if v == k)
              for k in ("present", "remote", "excused", "absent")}
    ok_n, seat_n, ok = quorum_ok(body, members, att, d)
    s_loc, e_loc = local_dt(tz, mt["starts_at"]), local_dt(tz, mt["ends_at"])
    L = [f"# Acta — {mt['title']}", "",
         f"- **Fecha:** {fecha_larga(d)}, de {s_loc:%H:%M} a {e_loc:%H:%M} h (hora local)",
         f"- **Lugar:** {'sesión en línea' if mt['_online'] else mt['location']}",
         f"- **Registro de asistencia:** {counts['present']} presentes, {counts['remote']} en "
         f"línea, {counts['excused']} con justificación y {counts['absent']} sin justificación.",
         "", "## Quórum", ""]
    if ok:
        L.append(f"Estuvieron presentes o conectados {ok_n} de {seat_n} integrantes titulares, "
                 f"por lo que la presidencia declaró la existencia de quórum "
                 f"({body['quorum_percent']} % requerido).")
    else:
        L.append(f"Sólo {ok_n} de {seat_n} integrantes titulares estuvieron presentes o "
                 f"conectados, por debajo del {body['quorum_percent']} % requerido. La sesión se "
                 f"desarrolló con carácter informativo y no se tomaron acuerdos.")
    L += ["", "## Desarrollo", ""]
    total, answered, overdue, paused = referral_summary(body, demands, mt["starts_at"])
    if total:
        L.append(f"1. La secretaría técnica informó que, de {total} turnos a autoridades "
                 f"registrados a la fecha, {answered} tienen respuesta, {overdue} tienen el plazo "
                 f"vencido sin respuesta y {paused} esperan información solicitada al consejo.")
    else:
        L.append("1. La secretaría técnica presentó el calendario de trabajo y los formatos para "
                 "presentar recomendaciones.")
    L.append(f"2. {rng.choice(MINUTES_DISCUSSION)}")
    if mt["_theme"]:
        L.append(f"3. Se analizó el tema de la sesión ({mt['_theme'].lower()}); "
                 f"{rng.choice(MINUTES_THEME_TAIL)}")
    else:
        L.append(f"3. {rng.choice(MINUTES_COMMISSIONS)}")
    L += ["", "## Acuerdos", ""]
    if ok and adopted:
        for i, dm in enumerate(adopted, 1):
            who = auth_list_text([r["authority"] for r in dm["referrals"]])
            L.append(f"{i}. Se aprueba la recomendación «{dm['title']}» (folio {dm['key']}), "
                     f"que se turna {who}.")
        L.append(f"{len(adopted) + 1}. {rng.choice(MINUTES_AGREEMENTS)}")
    elif ok:
        L.append(f"1. {rng.choice(MINUTES_AGREEMENTS)}")
    else:
        L.append("Sin acuerdos por falta de quórum. Los asuntos pendientes se turnan a la "
                 "siguiente sesión.")
    return "\n".join(L)


MINUTES_DISCUSSION = [
    "Las comisiones de trabajo expusieron los casos recibidos desde la sesión anterior; se "
    "acordó priorizar los que involucran a niñas, niños y adolescentes.",
    "Se discutió la falta de respuesta de algunas autoridades y se pidió a la presidencia "
    "solicitar reuniones de seguimiento.",
    "Representantes de organizaciones invitadas compartieron información sobre la situación en "
    "albergues y espacios de atención.",
    "Se revisaron las respuestas recibidas y se votó la valoración que el consejo registrará "
    "para cada una.",
    "Integrantes del consejo relataron las dificultades observadas en oficinas de trámite y "
    "se recabaron ejemplos concretos para sustentar las propuestas.",
]
MINUTES_THEME_TAIL = [
    "se acordó documentar casos durante las siguientes semanas.",
    "la presidencia pidió a las comisiones preparar propuestas concretas.",
    "se acordó invitar a las autoridades competentes a la próxima sesión.",
]
MINUTES_COMMISSIONS = [
    "La comisión de documentación presentó su informe trimestral.",
    "La comisión de salud y bienestar informó sobre las visitas realizadas a centros de salud.",
    "La comisión de comunicación presentó el boletín del consejo y la propuesta de difusión en "
    "redes sociales.",
    "Se presentó el avance del diagnóstico participativo sobre necesidades de la comunidad.",
]
MINUTES_AGREEMENTS = [
    "Se aprueba el calendario de visitas de seguimiento para el siguiente trimestre.",
    "Se instruye a la secretaría técnica a publicar el acta en el portal del consejo.",
    "Se acuerda solicitar una reunión de trabajo con las autoridades que tienen turnos vencidos.",
    "Se aprueba integrar un grupo de trabajo sobre niñez y adolescencia migrante.",
]


# ===========================================================================
# Content bank (Spanish, es-MX).  Everything here is invented for the demo.
# ===========================================================================
NEUTRAL_FIRST = ["Ariel", "Alexis", "Dani", "Cris", "Sasha", "Noa", "Andy", "René", "Elián",
                 "Guadalupe", "Robin", "Ale"]

NAMES = {
    "MX": (["María Guadalupe", "Rosa Elena", "Adriana", "Claudia", "Verónica", "Leticia",
            "Alejandra", "Yesenia", "Itzel", "Xóchitl", "Norma", "Gabriela", "Mariana",
            "Daniela", "Fernanda", "Araceli", "Juana Inés", "Marisol", "Patricia", "Elvia"],
           ["José Luis", "Juan Carlos", "Miguel Ángel", "Jesús", "Francisco", "Arturo",
            "Ricardo", "Rogelio", "Efraín", "Marco Antonio", "Héctor", "Raúl", "Jorge", "Óscar",
            "Ulises", "Saúl", "Isidro", "Eleazar", "Tomás", "Gerardo"],
           ["Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez",
            "Sánchez", "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Jiménez",
            "Reyes", "Díaz", "Torres", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz",
            "Castillo", "Romero", "Álvarez", "Chávez", "Rivera", "Juárez", "Domínguez", "Nava",
            "Olvera", "Zúñiga", "Villalobos", "Cervantes", "Tapia", "Bautista", "Ayala"], True),
    "HN": (["Karla", "Dania", "Wendy", "Lesbia", "Suyapa", "Kenia", "Yohana", "Iris Yamileth",
            "Dilcia", "Glenda"],
           ["Elvin", "Wilmer", "Nery", "Darwin", "Osman", "Edwin", "Marvin", "Kevin Josué",
            "Denis", "Josué"],
           ["Zelaya", "Mejía", "Castellanos", "Banegas", "Funes", "Ordóñez", "Maradiaga",
            "Bonilla", "Paz", "Cálix", "Lagos", "Midence", "Amaya", "Euceda"], True),
    "GT": (["Rosa Amalia", "Marleny", "Brenda", "Heidy", "Ilsy", "Aura Marina", "Juana",
            "Ixchel", "Sandra Elizabeth", "Magdalena"],
           ["Byron", "Edgar", "Selvin", "Mynor", "Esvin", "Otto", "Gustavo Adolfo", "Wálter",
            "Erick", "Fredy"],
           ["Xicará", "Batz", "Tzoc", "Cojtí", "Ajú", "Chávez", "Pérez", "Tum", "Ixcoy",
            "Barrios", "Monterroso", "Orellana", "Quiej", "Sic"], True),
    "SV": (["Yesica", "Roxana", "Glenda", "Xiomara", "Iris", "Marisol", "Beatriz", "Carmen Elena",
            "Dinora", "Sonia"],
           ["Nelson", "Rigoberto", "Wálter", "Mauricio", "Salvador", "Balmore", "Douglas",
            "Ernesto", "Geovanni", "René"],
           ["Hernández", "Portillo", "Rivas", "Alvarado", "Menjívar", "Campos", "Quintanilla",
            "Flores", "Guardado", "Argueta", "Orellana", "Henríquez"], True),
    "NI": (["Scarleth", "Francela", "Yelba", "Lisseth", "Martha Lorena", "Jeaneth", "Ivania"],
           ["Ervin", "Róger", "Elvis", "Yader", "Denis", "Álvaro", "Félix Pedro"],
           ["Membreño", "Obando", "Lacayo", "Téllez", "Rugama", "Somarriba", "Alemán", "Zeledón",
            "Picado", "Úbeda"], True),
    "HT": (["Marie-Claude", "Nadège", "Fabienne", "Guerline", "Roseline", "Widline", "Mirlande",
            "Sherline", "Darline", "Rose-Mina"],
           ["Jean Robert", "Wilner", "Frantz", "Jocelyn", "Kervens", "Peterson", "Dieudonné",
            "Wesner", "Jean-Marc", "Ronald"],
           ["Joseph", "Pierre", "Jean-Louis", "Charles", "Louis", "Baptiste", "Dorvil", "Célestin",
            "Saint-Fleur", "Augustin", "Désir", "Exantus", "Métellus", "Théodore", "Paul"], False),
    "CU": (["Yaneisy", "Yudelkis", "Dayana", "Yamilé", "Odalys", "Mileidys", "Lisandra"],
           ["Yosvany", "Yoandri", "Reinier", "Alexei", "Osmel", "Yasmani", "Dairon"],
           ["Fonseca", "Alfonso", "Valdés", "Rivero", "Cabrera", "Quesada", "Betancourt", "Ramos",
            "Sosa", "Lorenzo", "Pupo", "Leyva"], True),
    "VE": (["Yusmary", "Oriana", "Mariangel", "Yelitza", "Rosmery", "Génesis", "Daniela",
            "Andreína", "Yuleisy", "María Gabriela"],
           ["Yonathan", "Luis Alejandro", "Jhonny", "Deivis", "Yorman", "Rafael", "Jesús Enrique",
            "Ender", "Wuilmer", "Carlos Eduardo"],
           ["Rondón", "Briceño", "Marcano", "Guevara", "Colmenares", "Pacheco", "Carrasquel",
            "Urdaneta", "Villegas", "Mujica", "Linares", "Salcedo"], True),
    "CO": (["Luz Dary", "Paola Andrea", "Yuliana", "Leidy Johana", "Claudia Patricia", "Marcela"],
           ["Jhon Fredy", "Andrés Felipe", "Carlos Arturo", "Wilson", "Duván", "Hernán Darío"],
           ["Restrepo", "Osorio", "Zapata", "Londoño", "Cardona", "Giraldo", "Arango", "Quintero",
            "Valencia", "Agudelo"], True),
    "EC": (["Mayra", "Johanna", "Nancy", "Gissela"], ["Byron", "Fausto", "Wilson", "Segundo"],
           ["Cevallos", "Andrade", "Guamán", "Zambrano", "Chiriboga", "Quishpe", "Tenesaca"],
           True),
    "CM": (["Christelle", "Aïcha", "Estelle", "Brigitte", "Nadine"],
           ["Hervé", "Blaise", "Serge", "Arnaud", "Emmanuel"],
           ["Mbarga", "Nkoulou", "Tchoumi", "Fotso", "Ngono", "Essomba", "Kamga", "Ndongo"],
           False),
}

BODY_CONTEXT = {
    "nac": dict(cuerpo="Consejo Consultivo Nacional de Personas Migrantes",
                lugares=["Tapachula", "Tijuana", "Ciudad Juárez", "Monterrey", "Villahermosa",
                         "Tenosique", "Reynosa", "Piedras Negras", "la Ciudad de México",
                         "Saltillo", "Mexicali", "Oaxaca de Juárez"],
                ciudades=["Tapachula", "Tijuana", "Ciudad Juárez", "Monterrey", "Reynosa",
                          "la Ciudad de México"],
                estados=["Chiapas", "Baja California", "Chihuahua", "Nuevo León", "Tabasco",
                         "Tamaulipas", "Coahuila", "Oaxaca", "Veracruz"],
                oficina="las oficinas de representación del INM",
                consulado="la red consular de México en Estados Unidos"),
    "cdmx": dict(cuerpo="Consejo Consultivo de Personas Migrantes de la Ciudad de México",
                 lugares=["la alcaldía Cuauhtémoc", "la alcaldía Iztapalapa",
                          "la alcaldía Gustavo A. Madero", "la colonia Juárez", "Tlatelolco",
                          "la alcaldía Tláhuac", "la alcaldía Venustiano Carranza",
                          "la alcaldía Azcapotzalco", "la colonia Guerrero"],
                 ciudades=["la Ciudad de México"], estados=["Ciudad de México"],
                 oficina="la oficina del INM en la Ciudad de México",
                 consulado="la Dirección General de Protección Consular y Planeación "
                           "Estratégica"),
    "tij": dict(cuerpo="Consejo Municipal de Personas Migrantes de Tijuana",
                lugares=["la Zona Norte", "Playas de Tijuana", "la delegación Sánchez Taboada",
                         "Otay", "El Chaparral", "Camino Verde", "la colonia Libertad",
                         "la delegación Cerro Colorado"],
                ciudades=["Tijuana"], estados=["Baja California"],
                oficina="la oficina del INM en Tijuana",
                consulado="el Consulado General de México en San Diego"),
    "chi": dict(cuerpo="Consejo Consultivo de la Comunidad Mexicana en Chicago",
                lugares=["Pilsen", "La Villita", "Cicero", "Waukegan", "Aurora", "Elgin", "Joliet",
                         "Gary", "Melrose Park", "Back of the Yards"],
                ciudades=["Chicago"], estados=["Illinois", "Indiana", "Wisconsin"],
                oficina="el Consulado General de México en Chicago",
                consulado="el Consulado General de México en Chicago"),
    "chis": dict(cuerpo="Consejo Estatal Consultivo de Personas Migrantes y Refugiadas de Chiapas",
                 lugares=["Tapachula", "Ciudad Hidalgo", "Tuxtla Gutiérrez", "Huixtla", "Palenque",
                          "Comitán", "San Cristóbal de las Casas", "Frontera Comalapa"],
                 ciudades=["Tapachula", "Tuxtla Gutiérrez"], estados=["Chiapas"],
                 oficina="la oficina del INM en Tapachula",
                 consulado="la Dirección General de Protección Consular y Planeación "
                           "Estratégica"),
}

LOCATIONS = {
    "nac": ["Salón de usos múltiples, Museo Franz Mayer, Av. Hidalgo 45, Centro Histórico, "
            "Ciudad de México",
            "Auditorio de la Casa de Cultura Jaime Sabines, Ciudad de México",
            "Sala de consejo, Centro Cultural Universitario Tlatelolco, Ciudad de México",
            "Sala 2, Centro de Convenciones Tlatelolco (sesión híbrida)"],
    "cdmx": ["Sala 3, Museo Franz Mayer, Centro Histórico",
             "Casa de los Derechos de las Personas Migrantes, colonia Roma Norte",
             "Sala de juntas de la Dirección de Atención a Huéspedes y Migrantes, colonia Doctores",
             "Foro del Centro Cultural de España, República de Guatemala 18"],
    "tij": ["Sala de Cabildo, Palacio Municipal de Tijuana",
            "Salón comunitario del albergue Casa de Luz, Zona Norte",
            "Aula magna del Centro Cultural Tijuana (CECUT)",
            "Sala de juntas de la Dirección Municipal de Atención al Migrante, Zona Río"],
    "chi": ["Consulado General de México en Chicago, 204 S. Ashland Ave., Chicago, IL",
            "Centro Cultural Casa Michoacán, Pilsen, Chicago",
            "Salón parroquial de San Pío V, Pilsen, Chicago",
            "Biblioteca pública de Cicero, sala de conferencias"],
    "chis": ["Sala de juntas del Centro Cultural de Tapachula",
             "Auditorio de la Universidad Autónoma de Chiapas, campus Tapachula",
             "Salón de usos múltiples, Palacio de Gobierno, Tuxtla Gutiérrez",
             "Casa de la Cultura de Ciudad Hidalgo"],
}

BODY_THEMES = {
    "nac": ["Presentación del informe anual de respuestas de las autoridades",
            "Propuestas del Consejo al Programa Especial de Migración",
            "Diagnóstico sobre el rezago de solicitudes de la condición de refugiado",
            "Plan de trabajo de las comisiones temáticas",
            "Situación de las personas mexicanas retornadas desde Estados Unidos",
            "Acceso a servicios de salud y educación sin documentos"],
    "cdmx": ["Informe de la comisión de vivienda y albergues",
             "Acceso a programas sociales de la Ciudad para personas migrantes",
             "Campaña contra la discriminación en el transporte público",
             "Situación de campamentos y espacios de pernocta en la ciudad",
             "Inclusión laboral: ferias de empleo con enfoque intercultural"],
    "tij": ["Informe de la comisión de albergues",
            "Coordinación con el módulo de repatriación de El Chaparral",
            "Seguridad en la Zona Norte y alrededores de los albergues",
            "Inscripción escolar de niñas y niños en situación de movilidad",
            "Temporada de frío: plan de atención en albergues"],
    "chi": ["Informe del Consulado sobre casos de protección atendidos",
            "Programa de consulados móviles en la circunscripción",
            "Credencialización para votar desde el extranjero",
            "Orientación a familias sobre planes de emergencia ante operativos",
            "Becas y plazas comunitarias para personas adultas"],
    "chis": ["Situación de las solicitudes de refugio en Tapachula",
             "Condiciones en la estación migratoria Siglo XXI",
             "Acceso a empleo formal en la frontera sur",
             "Atención de salud en albergues y campamentos",
             "Presencia de niñas, niños y adolescentes no acompañados"],
}
EXTRA_THEMES = ["Acciones urgentes y comunicación con las autoridades competentes",
                "Propuesta de pronunciamiento público del consejo",
                "Integración de un grupo de trabajo de seguimiento"]

INTROS = [
    "En sus mesas de escucha, el consejo ha recibido testimonios reiterados sobre esta situación.",
    "Integrantes del consejo han acompañado casos que muestran un patrón y no hechos aislados.",
    "La comisión temática del consejo analizó los casos recibidos en los últimos meses.",
    "Las organizaciones que colaboran con el consejo coinciden en señalar el mismo problema.",
    "Personas de la comunidad se acercaron al consejo para pedir que este asunto se atienda.",
    "El problema se planteó en varias sesiones y el consejo decidió formular una recomendación.",
]
EVIDENCE = [
    "Entre {mes_a} y {mes_b} se documentaron al menos {n} casos en {lugar}.",
    "Organizaciones aliadas registraron {n} personas afectadas sólo en el último trimestre.",
    "En una consulta rápida a {n2} personas en {lugar}, el {pct} % dijo haber enfrentado este "
    "problema.",
    "Los casos documentados en {lugar} involucran sobre todo a mujeres con hijas e hijos pequeños "
    "y a personas adultas mayores.",
    "Desde {mes_a}, el consejo ha recibido {n} reportes, la mayoría de {lugar}.",
    "El seguimiento de {n} casos muestra una espera promedio de {semanas} semanas.",
]
CLOSINGS = [
    "El consejo ofrece su colaboración y propone una reunión de trabajo en los próximos 30 días.",
    "Solicitamos que la respuesta indique responsables, plazos y la forma de medir el avance.",
    "El consejo dará seguimiento público a esta recomendación en sus próximas sesiones.",
    "Pedimos que la respuesta se comparta también en lenguaje sencillo para difundirla en la "
    "comunidad.",
]

IMPACT = {
    "documentation": [
        "Sin documentos, las personas no pueden trabajar formalmente, inscribir a sus hijas e "
        "hijos en la escuela ni acceder a servicios de salud.",
        "La falta de un documento válido expone a las personas a detenciones, extorsiones y "
        "explotación laboral."],
    "asylum": [
        "La espera prolongada deja a las familias sin certeza y sin posibilidad de planear su "
        "vida, muchas veces en condiciones de calle.",
        "Cada día de retraso aumenta el riesgo de que personas con necesidad de protección "
        "abandonen el procedimiento."],
    "detention": [
        "La privación de la libertad por motivos migratorios debe ser excepcional y nunca "
        "aplicarse a niñas, niños y adolescentes.",
        "Los operativos sin garantías generan miedo y alejan a las personas de los servicios "
        "públicos."],
    "labor": [
        "El empleo formal es la vía principal de integración y reduce la dependencia de la ayuda "
        "humanitaria.",
        "La informalidad forzada facilita abusos como el robo de salario y jornadas excesivas."],
    "health": [
        "Negar o retrasar la atención médica pone en riesgo vidas y termina encareciendo la "
        "atención de urgencia.",
        "La salud pública se protege cuando toda persona puede atenderse sin miedo."],
    "education": [
        "Cada ciclo escolar perdido deja una huella difícil de recuperar en niñas, niños y "
        "adolescentes.",
        "La escuela es, para muchas familias, el primer espacio de integración en la comunidad."],
    "housing": [
        "Sin un lugar seguro para dormir, las familias quedan expuestas a la violencia y a "
        "enfermedades.",
        "La vivienda estable es condición para conservar un empleo y mantener a la niñez en la "
        "escuela."],
    "security": [
        "La impunidad alienta nuevas agresiones y desalienta la denuncia.",
        "Las personas migrantes son blanco de grupos delictivos precisamente porque se sabe que "
        "rara vez denuncian."],
    "family": [
        "La separación familiar tiene efectos duraderos en la salud emocional de niñas y niños.",
        "Mantener unidas a las familias es también una forma de prevenir riesgos en la ruta."],
    "consular": [
        "La comunidad mexicana en el exterior necesita servicios consulares cercanos, oportunos y "
        "confiables.",
        "Una protección consular oportuna puede marcar la diferencia en casos de detención o "
        "emergencia."],
    "integration": [
        "La integración beneficia a toda la comunidad: las personas migrantes aportan trabajo, "
        "conocimientos y cultura.",
        "Las políticas locales de integración reducen tensiones y previenen la exclusión."],
    "discrimination": [
        "La discriminación cotidiana limita el acceso a derechos y normaliza la violencia.",
        "Los mensajes de rechazo circulan rápido en redes sociales y afectan la convivencia."],
    "political_rights": [
        "La participación política es la forma en que las comunidades migrantes hacen oír su voz "
        "en las decisiones que les afectan.",
        "Millones de personas mexicanas en el exterior siguen enfrentando obstáculos prácticos para "
        "ejercer su voto."],
    "other": [
        "Sin información pública y coordinación entre instituciones, las recomendaciones del "
        "consejo pierden eficacia.",
        "El consejo necesita condiciones mínimas para cumplir su mandato consultivo."],
}
LEGAL = {
    "documentation": [
        "El artículo 1.º constitucional y la Ley de Migración reconocen el derecho a la identidad "
        "y a un trato digno sin importar la situación migratoria.",
        "La Ley de Migración prevé la regularización por razones humanitarias y el derecho a "
        "recibir información clara sobre los trámites."],
    "asylum": [
        "El artículo 11 constitucional reconoce el derecho a buscar y recibir asilo, y la Ley "
        "sobre Refugiados, Protección Complementaria y Asilo Político fija plazos para resolver.",
        "El principio de no devolución obliga a garantizar el acceso efectivo al procedimiento."],
    "detention": [
        "La Ley de Migración establece plazos máximos de alojamiento y el derecho a la asistencia "
        "consular y a la representación legal.",
        "La Ley General de los Derechos de Niñas, Niños y Adolescentes prohíbe privar de la "
        "libertad a la niñez por su situación migratoria."],
    "labor": [
        "El artículo 123 constitucional y la Ley Federal del Trabajo protegen a toda persona "
        "trabajadora, sin distinción de nacionalidad.",
        "La Ley de Migración reconoce el derecho al trabajo de las personas con residencia o con "
        "estancia por razones humanitarias."],
    "health": [
        "El artículo 4.º constitucional garantiza la protección de la salud y la Ley de Migración "
        "reconoce el acceso a servicios médicos sin importar la situación migratoria.",
        "La atención de urgencias no puede condicionarse a la presentación de documentos."],
    "education": [
        "El artículo 3.º constitucional y la Ley General de Educación garantizan el acceso a la "
        "educación sin exigir documentos migratorios.",
        "Las normas de control escolar permiten la inscripción aun sin acta de nacimiento ni "
        "documentos de estudios previos."],
    "housing": [
        "El artículo 4.º constitucional reconoce el derecho a una vivienda digna y decorosa.",
        "Los principios rectores sobre desplazamiento y los estándares humanitarios exigen "
        "alternativas antes de cualquier desalojo."],
    "security": [
        "La Ley General de Víctimas y la Ley de Migración garantizan el acceso a la justicia sin "
        "importar la situación migratoria.",
        "El artículo 20 constitucional reconoce los derechos de las víctimas a la asesoría "
        "jurídica, la protección y la reparación."],
    "family": [
        "La Ley de Migración reconoce la unidad familiar y el interés superior de la niñez como "
        "principios de la política migratoria.",
        "El artículo 4.º constitucional obliga a velar por el interés superior de niñas, niños y "
        "adolescentes en todas las decisiones."],
    "consular": [
        "La Ley del Servicio Exterior Mexicano establece la obligación de proteger los derechos e "
        "intereses de las personas mexicanas en el extranjero.",
        "La protección consular es un derecho de toda persona mexicana en el exterior."],
    "integration": [
        "La Ley de Migración establece la integración social y cultural como principio, y el "
        "Pacto Mundial para la Migración la incluye entre sus objetivos.",
        "Los programas locales pueden y deben incluir a la población migrante residente."],
    "discrimination": [
        "El artículo 1.º constitucional prohíbe toda discriminación por origen étnico o nacional, "
        "y la Ley Federal para Prevenir y Eliminar la Discriminación establece medidas concretas.",
        "Las autoridades tienen la obligación de prevenir y sancionar los actos discriminatorios."],
    "political_rights": [
        "El artículo 35 constitucional y la legislación electoral reconocen el voto de las "
        "personas mexicanas residentes en el extranjero.",
        "La participación de las comunidades migrantes fortalece la legitimidad de las políticas "
        "públicas."],
    "other": [
        "La transparencia y la coordinación interinstitucional son condiciones para una política "
        "migratoria coherente.",
        "Los órganos consultivos requieren recursos y respuestas oportunas para cumplir su función."],
}
# Demand items: title, problem, requested actions, bodies ("*" or short keys),
# optional authorities overriding the topic routing.
ITEMS: dict[str, list[dict]] = {}


def _it(topic, b, t, p, a, auth=None):
    ITEMS.setdefault(topic, []).append(dict(t=t, p=p, a=a, b=b, auth=auth))


_it("documentation", "nac cdmx tij chis",
    "Aceptar actas de nacimiento extranjeras sin apostilla para tramitar la CURP",
    "Personas con residencia acreditada no logran obtener la CURP porque en ventanilla se exige "
    "apostilla o legalización del acta de nacimiento, algo imposible para quien huyó de su país o "
    "no puede acudir a su consulado.",
    ["Emitir un criterio que permita acreditar la identidad con el documento migratorio vigente "
     "cuando no sea posible apostillar el acta.",
     "Capacitar al personal de ventanilla sobre ese criterio.",
     "Publicar el criterio en lenguaje claro en los módulos de atención."],
    auth=["renapo", "inm"])
_it("documentation", "nac cdmx tij chis",
    "Reducir los tiempos de emisión de tarjetas de residencia en {oficina}",
    "Los trámites de canje y renovación tardan entre {n} y {n2} días hábiles; mientras tanto las "
    "personas no pueden trabajar formalmente, abrir una cuenta bancaria ni inscribirse en "
    "programas sociales.",
    ["Publicar los tiempos de respuesta por tipo de trámite y por oficina.",
     "Entregar una constancia de trámite que acredite la estancia regular mientras se resuelve.",
     "Reforzar el personal de ventanilla en temporadas de alta demanda."])
_it("documentation", "nac cdmx tij chis",
    "Garantizar citas presenciales sin depender del sistema en línea",
    "El sistema de citas en línea se satura y han aparecido intermediarios que cobran por "
    "conseguir turnos; muchas personas no tienen teléfono inteligente ni conexión estable.",
    ["Reservar cada día un porcentaje de turnos para atención presencial por orden de llegada.",
     "Denunciar y sancionar la reventa de citas.",
     "Habilitar una línea telefónica gratuita para agendar."])
_it("documentation", "nac cdmx tij chis",
    "Aplicar la exención de pago en la regularización por razones humanitarias",
    "El pago de derechos para regularizarse resulta inalcanzable para familias que llegan sin "
    "recursos; sin documento quedan expuestas a detenciones y a la explotación laboral.",
    ["Aplicar de manera uniforme la exención prevista para personas en situación de "
     "vulnerabilidad.",
     "Aclarar en los formatos de pago qué supuestos están exentos.",
     "Informar en ventanilla, por escrito, el motivo cuando se niegue la exención."],
    auth=["inm"])
_it("documentation", "nac cdmx tij chis",
    "Registrar sin requisitos migratorios a niñas y niños nacidos en México de padres extranjeros",
    "Algunos juzgados del registro civil en {lugar} piden a madres y padres extranjeros un "
    "documento migratorio vigente para registrar a sus hijas e hijos nacidos en México, con lo que "
    "la niñez se queda sin acta.",
    ["Girar instrucciones a los juzgados para registrar con cualquier identificación disponible.",
     "Difundir que el registro de nacimiento es gratuito y no depende de la situación migratoria "
     "de los padres.",
     "Habilitar un canal de queja rápido cuando se niegue un registro."])
_it("documentation", "nac cdmx tij chis",
    "Reconocer la constancia de la COMAR como identificación en bancos y servicios",
    "La constancia de trámite de la COMAR no es aceptada por bancos, farmacias ni empresas de "
    "envío de dinero, lo que impide cobrar salarios y recibir remesas.",
    ["Emitir un comunicado dirigido a instituciones financieras y de servicios sobre la validez "
     "de la constancia.",
     "Incluir en la constancia fotografía y elementos de seguridad que faciliten su aceptación.",
     "Crear un número de verificación en línea para terceros."],
    auth=["comar", "inm"])
_it("documentation", "nac cdmx chis",
    "Expedir la CURP temporal a solicitantes de refugio en el mismo acto del registro",
    "Las personas solicitantes de refugio deben hacer un segundo trámite para obtener la CURP "
    "temporal, con semanas de espera en las que no pueden emplearse formalmente.",
    ["Emitir la CURP temporal al momento de registrar la solicitud ante la COMAR.",
     "Compartir los datos entre instituciones para evitar visitas repetidas.",
     "Vincular la CURP temporal con la afiliación a servicios de salud."],
    auth=["renapo", "comar"])
_it("documentation", "nac tij chis cdmx",
    "Homologar los requisitos de regularización entre oficinas del INM",
    "Cada oficina pide requisitos distintos para el mismo trámite: en {lugar} se exige "
    "comprobante de domicilio a nombre propio y carta de empleador, requisitos que no aparecen en "
    "los lineamientos.",
    ["Publicar una lista única y obligatoria de requisitos por trámite.",
     "Prohibir por circular la exigencia de requisitos adicionales.",
     "Instalar buzones de queja en cada oficina."],
    auth=["inm"])
_it("documentation", "nac tij chis cdmx",
    "Jornadas móviles de documentación en albergues de {ciudad}",
    "Muchas personas alojadas en albergues no pueden desplazarse a las oficinas por falta de "
    "dinero para el transporte o por temor a ser detenidas en el camino.",
    ["Organizar jornadas mensuales de registro y entrega de documentos en los albergues.",
     "Coordinar las jornadas con el consejo y las organizaciones que administran los albergues.",
     "Publicar el calendario con anticipación."])
_it("documentation", "chi nac tij",
    "Agilizar la inscripción de nacimientos de hijas e hijos de mexicanos nacidos en Estados Unidos",
    "Niñas y niños nacidos en Estados Unidos de padres mexicanos esperan meses la inscripción de "
    "su nacimiento, requisito para obtener la CURP, entrar a la escuela en México y acceder a "
    "servicios de salud.",
    ["Reducir el plazo de inscripción de nacimientos en la red consular.",
     "Permitir iniciar el trámite en línea y concluirlo en una sola visita.",
     "Reconocer el acta inscrita de inmediato para la emisión de la CURP."],
    auth=["sre-consular", "renapo"])
_it("documentation", "tij nac",
    "Identificación provisional para personas mexicanas deportadas",
    "Personas deportadas llegan sin identificación mexicana; sin ella no pueden cobrar un envío de "
    "dinero, rentar un cuarto ni conseguir un empleo formal.",
    ["Entregar en el punto de recepción una constancia de repatriación válida como "
     "identificación temporal.",
     "Instalar un módulo de registro civil y de CURP en el punto de recepción.",
     "Expedir sin costo la primera copia certificada del acta de nacimiento."],
    auth=["inm", "renapo", "gob-bc"])
_it("documentation", "chi",
    "Ampliar las citas para pasaporte y matrícula consular",
    "Las citas para pasaporte y matrícula consular se agotan en minutos; residentes de {lugar} "
    "viajan horas sin la certeza de ser atendidos.",
    ["Abrir citas adicionales los sábados.",
     "Reservar citas para personas adultas mayores y con discapacidad.",
     "Publicar cada semana la disponibilidad real de citas."],
    auth=["sre-consular"])
_it("documentation", "chi",
    "Aceptar documentos alternativos para tramitar la matrícula consular",
    "Personas sin acta de nacimiento a la mano no logran acreditar su nacionalidad para la "
    "matrícula consular, documento que necesitan para abrir cuentas y tratar con autoridades "
    "locales.",
    ["Consultar en línea los registros civiles de los estados para validar el acta.",
     "Aceptar testigos y documentos alternativos previstos en la normativa consular.",
     "Difundir la lista de documentos aceptados en español y en inglés."],
    auth=["sre-consular", "renapo"])

_it("asylum", "nac tij chis cdmx",
    "Ampliar el personal de la COMAR en {ciudad}",
    "Las personas esperan semanas solo para registrar su solicitud y meses para la entrevista de "
    "elegibilidad; en {ciudad} las filas comienzan de madrugada.",
    ["Asignar personal adicional de manera permanente y no solo en temporadas de crisis.",
     "Publicar mensualmente el número de solicitudes registradas y resueltas por oficina.",
     "Habilitar un sistema de turnos que evite las filas nocturnas."],
    auth=["comar", "acnur"])
_it("asylum", "nac tij chis cdmx",
    "Reducir el rezago en la resolución de solicitudes de la condición de refugiado",
    "Hay solicitudes presentadas hace más de un año sin resolución, aunque la ley fija un plazo "
    "de 45 días hábiles; durante la espera las personas deben permanecer en la misma entidad.",
    ["Presentar un plan con metas trimestrales para abatir el rezago.",
     "Priorizar los expedientes con más tiempo de espera y los de personas vulnerables.",
     "Informar a cada persona el estado de su expediente."])
_it("asylum", "nac tij chis cdmx",
    "Aplicar con flexibilidad el plazo de 30 días para solicitar la condición de refugiado",
    "Personas que no conocían el procedimiento o que estuvieron hospitalizadas o detenidas quedan "
    "fuera porque presentaron su solicitud después del plazo.",
    ["Admitir solicitudes extemporáneas cuando existan causas que lo justifiquen.",
     "Informar del plazo en los puntos de ingreso y en los albergues.",
     "Registrar y publicar cuántas solicitudes se rechazan por extemporáneas."],
    auth=["comar"])
_it("asylum", "nac tij chis cdmx",
    "Permitir el cambio de entidad durante el trámite de refugio",
    "La obligación de firmar cada semana en la entidad donde se presentó la solicitud impide a "
    "las personas trasladarse a ciudades con más oportunidades de empleo.",
    ["Autorizar el traslado del expediente con un aviso simple.",
     "Permitir la firma periódica en cualquier oficina de la COMAR o del INM.",
     "Resolver las solicitudes de traslado en un plazo máximo de diez días."])
_it("asylum", "nac tij chis cdmx",
    "Intérpretes de creole haitiano, francés y lenguas africanas en las entrevistas de elegibilidad",
    "Entrevistas realizadas sin intérprete calificado producen expedientes incompletos y "
    "negativas que después deben impugnarse.",
    ["Contar con intérpretes certificados para las lenguas más frecuentes.",
     "Permitir que la persona revise la transcripción de su entrevista en su idioma.",
     "Reprogramar la entrevista sin penalización cuando no haya intérprete."],
    auth=["comar", "acnur"])
_it("asylum", "nac tij chis cdmx",
    "Información clara sobre el procedimiento de asilo en albergues y puntos de ingreso",
    "Muchas personas con necesidad de protección desconocen que pueden pedir refugio en México o "
    "reciben información equivocada de intermediarios.",
    ["Elaborar materiales en varios idiomas y en formato accesible.",
     "Organizar sesiones informativas periódicas en los albergues de {ciudad}.",
     "Capacitar al personal de primer contacto de otras dependencias."],
    auth=["comar", "acnur"])
_it("asylum", "nac tij chis",
    "Garantizar el acceso al procedimiento de refugio a personas en estaciones migratorias",
    "Personas alojadas en estaciones migratorias manifiestan temor de volver a su país, pero su "
    "solicitud no se registra o se registra tarde.",
    ["Registrar de inmediato cualquier manifestación de temor.",
     "Permitir la presencia de organizaciones de asesoría legal.",
     "Suspender cualquier deportación mientras la solicitud esté en trámite."],
    auth=["comar", "inm"])
_it("asylum", "nac cdmx chis tij",
    "Atención prioritaria a mujeres, niñez no acompañada y personas LGBTI solicitantes de refugio",
    "Los grupos más expuestos esperan lo mismo que el resto y comparten espacios en los que "
    "sufren acoso y violencia.",
    ["Crear una ruta prioritaria de registro y entrevista.",
     "Asegurar personal capacitado en perspectiva de género y diversidad.",
     "Coordinar el alojamiento seguro con organizaciones especializadas."])
_it("asylum", "nac cdmx chis tij",
    "Notificar las resoluciones de la COMAR también por medios electrónicos",
    "Resoluciones notificadas únicamente en la oficina se pierden cuando la persona cambia de "
    "albergue, y con ello vencen los plazos para impugnar.",
    ["Permitir que la persona elija notificación por correo electrónico o mensaje.",
     "Contar los plazos de impugnación a partir de la notificación efectiva.",
     "Consultar el estado del expediente en línea con un número de folio."],
    auth=["comar"])
_it("asylum", "nac cdmx chis tij",
    "Asesoría legal gratuita para los recursos de revisión",
    "La mayoría de las personas a quienes se niega la condición de refugiado no presentan el "
    "recurso de revisión por falta de asesoría, aunque muchas tendrían argumentos sólidos.",
    ["Establecer convenios con clínicas jurídicas universitarias y organizaciones.",
     "Informar por escrito, con la negativa, cómo y dónde presentar el recurso.",
     "Ampliar el plazo de presentación cuando la persona no tuvo asesoría."],
    auth=["comar", "acnur"])

_it("detention", "nac tij chis cdmx",
    "Acceso de organizaciones civiles y del consejo a las estaciones migratorias",
    "Las visitas de organizaciones y de integrantes del consejo se niegan o se condicionan sin "
    "explicación, lo que impide verificar las condiciones de alojamiento.",
    ["Publicar un procedimiento de acceso con plazos de respuesta.",
     "Autorizar visitas periódicas del consejo sin aviso previo.",
     "Informar por escrito los motivos de cualquier negativa."],
    auth=["inm"])
_it("detention", "nac tij chis",
    "Respetar el plazo máximo de alojamiento en estaciones migratorias",
    "Se reportan personas que permanecen más tiempo del permitido, sin que se les informe la "
    "razón ni se les permita comunicarse con su familia.",
    ["Contar con un registro verificable de fechas de ingreso y salida.",
     "Liberar de inmediato a quienes superen el plazo legal.",
     "Publicar estadísticas mensuales de duración del alojamiento."],
    auth=["inm"])
_it("detention", "nac tij chis cdmx",
    "Alternativas a la detención para familias y solicitantes de refugio",
    "Familias con niñas y niños siguen siendo llevadas a estaciones migratorias, aunque existen "
    "alternativas comunitarias más humanas y menos costosas.",
    ["Canalizar a las familias a albergues de la sociedad civil con seguimiento.",
     "Aplicar medidas como la presentación periódica en lugar del alojamiento.",
     "Evaluar públicamente los resultados de las alternativas."])
_it("detention", "tij nac",
    "Protocolo de recepción digna de personas mexicanas deportadas en {ciudad}",
    "Las personas deportadas llegan a veces de noche, sin dinero ni teléfono, y son abordadas por "
    "extorsionadores a la salida del punto de recepción.",
    ["Operar el módulo de recepción las 24 horas con orientación y llamada gratuita.",
     "Ofrecer traslado seguro a albergues y centrales de autobús.",
     "Coordinar con las autoridades estadounidenses horarios de repatriación diurnos."],
    auth=["inm", "ayto-tijuana", "gob-bc"])
_it("detention", "nac chis",
    "Terminar con las revisiones migratorias por perfil racial en carreteras y autobuses",
    "Personas indígenas y afrodescendientes, incluso mexicanas, son bajadas de autobuses y "
    "retenidas por su apariencia en puntos de revisión.",
    ["Suspender las revisiones basadas en apariencia física.",
     "Capacitar al personal en derechos humanos y no discriminación.",
     "Registrar y publicar datos de las revisiones realizadas."],
    auth=["inm", "conapred"])
_it("detention", "nac tij chis cdmx",
    "Información y llamada telefónica gratuita al ingresar a una estación migratoria",
    "Muchas personas no saben por qué fueron detenidas ni sus derechos, y sus familias pasan días "
    "sin saber dónde se encuentran.",
    ["Entregar por escrito, en su idioma, los derechos de la persona al ingresar.",
     "Garantizar una llamada gratuita en las primeras horas.",
     "Informar a la familia, a petición de la persona, el lugar de alojamiento."],
    auth=["inm"])
_it("detention", "chi",
    "Asistencia consular oportuna a personas mexicanas detenidas por ICE en {lugar}",
    "Familias de {lugar} reportan que no reciben información sobre el paradero de sus familiares "
    "detenidos y que la primera visita consular llega cuando ya firmaron su salida voluntaria.",
    ["Visitar los centros de detención de la circunscripción al menos cada semana.",
     "Habilitar una línea para que las familias reporten detenciones.",
     "Ofrecer orientación legal antes de que la persona firme cualquier documento."],
    auth=["sre-consular"])
_it("detention", "nac tij chis",
    "Canalizar a niñas, niños y adolescentes no acompañados al DIF y no a estaciones migratorias",
    "Aún se detectan adolescentes no acompañados en áreas de estaciones migratorias, a pesar de la "
    "prohibición legal.",
    ["Canalizar de inmediato a la niñez al sistema DIF.",
     "Notificar a la Procuraduría de Protección en cada caso.",
     "Publicar cifras de canalizaciones por entidad."],
    auth=["inm", "dif"])
_it("detention", "tij chi nac",
    "Devolución de pertenencias y documentos de personas deportadas",
    "Personas deportadas llegan sin identificaciones, teléfonos ni dinero, que quedaron bajo "
    "custodia de las autoridades estadounidenses.",
    ["Gestionar con las autoridades estadounidenses la devolución de pertenencias antes de la "
     "repatriación.",
     "Crear un procedimiento consular para recuperar documentos retenidos.",
     "Informar a las personas deportadas cómo reclamar sus pertenencias."],
    auth=["sre-consular", "inm"])

_it("labor", "nac cdmx tij chis",
    "Aceptar la constancia de refugio para inscribirse en el Servicio Nacional de Empleo",
    "Las oficinas del Servicio Nacional de Empleo piden CURP definitiva o tarjeta de residencia, "
    "documentos que las personas solicitantes de refugio aún no tienen.",
    ["Aceptar la constancia de la COMAR y la CURP temporal.",
     "Dar seguimiento a las vacantes ofrecidas a personas migrantes.",
     "Capacitar al personal de las oficinas de empleo."],
    auth=["stps"])
_it("labor", "nac cdmx tij chis",
    "Inspecciones laborales en {lugar} ante salarios por debajo del mínimo",
    "Trabajadoras y trabajadores migrantes en {lugar} reportan pagos inferiores al salario mínimo, "
    "jornadas de más de diez horas y despidos sin pago.",
    ["Realizar operativos de inspección con enfoque en centros de trabajo que emplean a personas "
     "migrantes.",
     "Garantizar que la denuncia no tenga consecuencias migratorias.",
     "Informar los resultados de las inspecciones al consejo."],
    auth=["stps"])
_it("labor", "nac cdmx tij chi",
    "Certificación de competencias laborales para personas retornadas",
    "Personas que trabajaron años en Estados Unidos en construcción, cocina o agricultura no "
    "pueden acreditar esa experiencia al volver a México.",
    ["Ofrecer evaluaciones de competencias gratuitas para personas retornadas.",
     "Vincular la certificación con bolsas de trabajo.",
     "Difundir el programa en los puntos de recepción y en los consulados."],
    auth=["stps", "sep"])
_it("labor", "nac cdmx tij chis",
    "Asesoría laboral gratuita en idiomas distintos al español",
    "Personas haitianas y africanas no pueden presentar quejas laborales porque no hay quien las "
    "atienda en su idioma.",
    ["Contar con intérpretes en la Procuraduría de la Defensa del Trabajo.",
     "Traducir a creole, francés e inglés los materiales de derechos laborales.",
     "Aceptar quejas en línea en varios idiomas."],
    auth=["stps"])
_it("labor", "chis nac",
    "Empleo temporal formal en la frontera sur con contratación directa",
    "Trabajadoras y trabajadores de Centroamérica que cruzan para las cosechas en {lugar} dependen "
    "de intermediarios que cobran cuotas y retienen documentos.",
    ["Difundir la tarjeta de visitante trabajador fronterizo.",
     "Registrar a los empleadores y supervisar las condiciones de alojamiento.",
     "Prohibir el cobro de cuotas de reclutamiento."],
    auth=["stps", "inm", "gob-chiapas"])
_it("labor", "nac cdmx",
    "Seguridad social para trabajadoras del hogar migrantes",
    "Trabajadoras del hogar migrantes siguen sin ser inscritas en la seguridad social, aunque la "
    "ley lo exige, y muchas desconocen ese derecho.",
    ["Realizar una campaña dirigida a personas empleadoras.",
     "Simplificar la inscripción con documentos migratorios.",
     "Informar a las trabajadoras en su idioma sobre sus derechos."],
    auth=["stps", "salud"])
_it("labor", "chi",
    "Campaña contra el robo de salario a trabajadores mexicanos en {lugar}",
    "Trabajadores de la construcción y de restaurantes en {lugar} reportan pagos incompletos y "
    "amenazas de denuncia migratoria cuando reclaman.",
    ["Ampliar la Semana de Derechos Laborales con jornadas en {lugar}.",
     "Canalizar los casos a abogados consultores del consulado.",
     "Difundir que los derechos laborales protegen a toda persona trabajadora."],
    auth=["sre-consular"])
_it("labor", "nac cdmx tij chis",
    "Abrir cuentas bancarias con documento migratorio para el pago de salarios",
    "Empresas dispuestas a contratar a personas migrantes exigen cuenta bancaria para pagar la "
    "nómina, pero los bancos rechazan los documentos migratorios.",
    ["Promover con las instituciones financieras la aceptación de documentos migratorios.",
     "Difundir entre empleadores alternativas de pago formales.",
     "Dar seguimiento a los rechazos reportados."])

_it("health", "nac cdmx tij chis",
    "Atención médica sin exigir CURP en los centros de salud de {lugar}",
    "En centros de salud de {lugar} se niega la consulta a personas que no presentan CURP, "
    "incluso a mujeres embarazadas y a niñas y niños.",
    ["Recordar por circular que la atención no depende de documentos.",
     "Colocar avisos visibles sobre el derecho a la salud.",
     "Establecer un canal de queja inmediato."])
_it("health", "nac cdmx tij chis",
    "Atención de salud mental para personas sobrevivientes de violencia en la ruta",
    "Muchas personas llegan con secuelas de secuestros, agresiones sexuales y pérdidas familiares, "
    "y no encuentran atención psicológica accesible.",
    ["Incorporar atención psicológica en los centros de salud cercanos a albergues.",
     "Formar al personal en atención a personas sobrevivientes de violencia.",
     "Coordinarse con organizaciones especializadas."])
_it("health", "nac cdmx tij chis",
    "Control prenatal para mujeres migrantes embarazadas",
    "Mujeres embarazadas en tránsito o recién llegadas llegan al parto sin ningún control, con "
    "riesgos evitables para ellas y para sus bebés.",
    ["Garantizar consultas prenatales gratuitas sin requisitos documentales.",
     "Realizar brigadas en albergues.",
     "Entregar un carnet perinatal que la mujer pueda llevar consigo."])
_it("health", "nac cdmx tij chis",
    "Vacunación periódica en albergues y campamentos de {ciudad}",
    "En albergues con alta rotación se han presentado brotes de sarampión, varicela e "
    "infecciones respiratorias.",
    ["Calendarizar jornadas de vacunación mensuales.",
     "Entregar comprobantes de vacunación que sirvan en otros estados.",
     "Informar al consejo de la cobertura alcanzada."])
_it("health", "nac tij chis",
    "Medicamentos para enfermedades crónicas de personas en tránsito",
    "Personas con diabetes, hipertensión o VIH interrumpen su tratamiento durante el viaje y "
    "llegan en estado grave a los hospitales.",
    ["Surtir tratamientos para al menos tres meses a personas en tránsito.",
     "Entregar un resumen clínico que puedan presentar en otro lugar.",
     "Incluir a las personas migrantes en los programas de enfermedades crónicas."])
_it("health", "chi",
    "Ampliar la Ventanilla de Salud del consulado a {lugar}",
    "Las familias de {lugar} no acuden a las ferias de salud del consulado porque quedan lejos y "
    "en horario laboral.",
    ["Instalar ferias de salud itinerantes los fines de semana.",
     "Difundir opciones de atención de bajo costo en la circunscripción.",
     "Incluir orientación sobre salud mental."],
    auth=["sre-consular", "salud"])
_it("health", "nac cdmx tij chis",
    "Continuidad de tratamientos antirretrovirales para personas migrantes y refugiadas",
    "Personas que viven con VIH pierden su tratamiento al cambiar de ciudad porque cada clínica "
    "pide volver a iniciar el registro.",
    ["Garantizar el traslado de expedientes entre clínicas.",
     "Entregar el tratamiento desde la primera visita.",
     "Asegurar confidencialidad en la atención."],
    auth=["salud"])
_it("health", "tij nac",
    "Atención a personas deportadas con enfermedades crónicas o discapacidad",
    "Personas deportadas con enfermedades crónicas llegan sin medicamentos ni expediente, y no "
    "saben dónde atenderse.",
    ["Valorar la salud de cada persona en el punto de recepción.",
     "Gestionar con las autoridades estadounidenses la entrega de medicamentos y resúmenes.",
     "Canalizar a servicios de salud con cita asegurada."])
_it("health", "nac cdmx tij chis",
    "Intérpretes en hospitales para personas que no hablan español",
    "Pacientes haitianos y africanos firman consentimientos que no entienden y no pueden explicar "
    "sus síntomas.",
    ["Contar con intérpretes presenciales o a distancia en hospitales generales.",
     "Traducir los formatos de consentimiento más usados.",
     "Capacitar al personal en comunicación intercultural."])
_it("health", "nac tij chi",
    "Incorporación inmediata de personas retornadas a los servicios públicos de salud",
    "Personas que vuelven a México tras años en Estados Unidos no saben cómo afiliarse a los "
    "servicios públicos y abandonan tratamientos.",
    ["Afiliar en el punto de recepción o en el consulado antes del retorno.",
     "Reconocer estudios y diagnósticos realizados en el extranjero.",
     "Difundir información en los consulados."])

_it("education", "nac cdmx tij chis",
    "Inscripción escolar sin acta apostillada ni CURP",
    "Escuelas de {lugar} siguen negando la inscripción a niñas y niños sin acta apostillada o sin "
    "CURP, pese a que la normativa lo permite.",
    ["Recordar a directivos que la inscripción no requiere documentos migratorios.",
     "Establecer un procedimiento de inscripción provisional.",
     "Dar seguimiento a las negativas reportadas por el consejo."],
    auth=["sep"])
_it("education", "nac cdmx tij chis chi",
    "Revalidación gratuita y rápida de estudios realizados en el extranjero",
    "Jóvenes que estudiaron en Estados Unidos o en Centroamérica pierden semestres esperando la "
    "revalidación de sus estudios.",
    ["Eliminar el costo de la revalidación para personas migrantes y retornadas.",
     "Resolver en un plazo máximo de 30 días.",
     "Permitir el trámite en línea y en los consulados."],
    auth=["sep"])
_it("education", "nac cdmx tij chis",
    "Clases de español para niñas, niños y personas adultas no hispanohablantes",
    "Niñas y niños haitianos y africanos asisten a la escuela sin apoyo en el idioma y quedan "
    "rezagados o abandonan.",
    ["Incorporar apoyo de español como segunda lengua en las escuelas con estudiantes migrantes.",
     "Abrir grupos para personas adultas en centros comunitarios.",
     "Formar docentes en enseñanza de segunda lengua."])
_it("education", "nac cdmx tij chi",
    "Apoyo a estudiantes binacionales que regresan de Estados Unidos",
    "Estudiantes que llegan de Estados Unidos enfrentan dificultades con el español académico y "
    "con los programas de estudio, y muchos abandonan.",
    ["Crear programas de acompañamiento en las escuelas que los reciben.",
     "Reconocer grados cursados sin exigir documentos imposibles.",
     "Aprovechar su dominio del inglés en las aulas."])
_it("education", "chi",
    "Horarios nocturnos y de fin de semana en la plaza comunitaria del consulado",
    "Personas adultas que quieren concluir primaria o secundaria no pueden asistir en horario "
    "laboral.",
    ["Abrir la plaza comunitaria por las tardes y los sábados.",
     "Ofrecer la opción en línea con tutorías.",
     "Difundir el programa en {lugar}."],
    auth=["sre-consular", "sep"])
_it("education", "nac cdmx tij chis",
    "Becas para adolescentes refugiados en bachillerato",
    "Adolescentes refugiados abandonan el bachillerato para trabajar y apoyar a sus familias.",
    ["Incluir a la población refugiada en las becas de educación media superior.",
     "Aceptar documentos migratorios para el registro.",
     "Dar seguimiento a la permanencia escolar."])
_it("education", "nac cdmx tij chis",
    "Formación docente sobre niñez migrante en escuelas de {lugar}",
    "Docentes de {lugar} reconocen no saber cómo atender a estudiantes que llegan a mitad del "
    "ciclo o que vivieron situaciones de violencia.",
    ["Ofrecer cursos de formación continua sobre niñez en movilidad.",
     "Elaborar una guía práctica para directivos.",
     "Vincular a las escuelas con los servicios de apoyo psicosocial."])
_it("education", "nac cdmx",
    "Reconocimiento de títulos profesionales de personas refugiadas",
    "Médicas, ingenieros y docentes con título obtenido en su país no pueden ejercer porque el "
    "trámite de cédula profesional exige documentos que no pueden obtener.",
    ["Aceptar títulos sin apostilla cuando la persona tenga protección internacional.",
     "Permitir exámenes de conocimientos como vía alternativa.",
     "Reducir los costos del trámite."],
    auth=["sep"])

_it("housing", "nac cdmx tij chis",
    "Albergue temporal con enfoque familiar en {lugar}",
    "Los albergues existentes están saturados y separan a las familias por sexo y edad; muchas "
    "familias prefieren dormir en la calle para no separarse.",
    ["Habilitar un albergue con espacios familiares.",
     "Asegurar servicios de agua, baños y alimentación.",
     "Coordinar la administración con organizaciones con experiencia."])
_it("housing", "cdmx tij",
    "Evitar desalojos de campamentos sin alternativas de alojamiento",
    "Los desalojos de campamentos en {lugar} se realizaron sin aviso y sin ofrecer alternativas, "
    "con pérdida de documentos y pertenencias.",
    ["Establecer un protocolo que garantice aviso previo y alternativas.",
     "Resguardar documentos y pertenencias de las personas.",
     "Incluir al consejo como observador."])
_it("housing", "nac cdmx tij chis",
    "Apoyo temporal a la renta para familias refugiadas",
    "Familias con empleo no logran rentar porque se les piden depósitos de varios meses, aval y "
    "comprobantes que no tienen.",
    ["Crear un apoyo temporal para el depósito y los primeros meses de renta.",
     "Ofrecer una garantía pública para los contratos de arrendamiento.",
     "Vincular el apoyo con programas de empleo."])
_it("housing", "nac cdmx tij chis",
    "Inspección de condiciones sanitarias en albergues de {ciudad}",
    "Algunos albergues operan con hacinamiento, sin agua suficiente y con fauna nociva, sin que "
    "ninguna autoridad los visite.",
    ["Realizar visitas periódicas de verificación sanitaria.",
     "Apoyar a los albergues con insumos en lugar de sanciones.",
     "Publicar un directorio de albergues verificados."])
_it("housing", "cdmx tij chis nac",
    "Refugio especializado para mujeres migrantes víctimas de violencia",
    "Mujeres migrantes que huyen de su agresor no son admitidas en refugios por no tener "
    "documentos o no hablar español.",
    ["Garantizar el acceso a los refugios sin requisitos migratorios.",
     "Contar con intérpretes y personal capacitado.",
     "Coordinar con la COMAR la protección de quienes lo necesiten."])
_it("housing", "cdmx tij chis",
    "Servicios básicos para albergues de la sociedad civil",
    "Los albergues que sostiene la sociedad civil pagan tarifas comerciales de agua y luz que "
    "ponen en riesgo su operación.",
    ["Aplicar tarifas sociales a los albergues registrados.",
     "Apoyar con pipas de agua en temporada de estiaje.",
     "Firmar convenios de colaboración de largo plazo."])
_it("housing", "tij cdmx",
    "Plan de atención por temporada de frío para personas en situación de calle",
    "Cada invierno aumentan los casos de hipotermia y enfermedades respiratorias entre personas "
    "migrantes que duermen en la calle en {lugar}.",
    ["Abrir albergues nocturnos temporales desde noviembre.",
     "Distribuir cobijas y ropa de abrigo.",
     "Realizar recorridos nocturnos de atención."])

_it("security", "nac cdmx tij chis",
    "Investigar las extorsiones a personas migrantes en {lugar}",
    "Personas migrantes en {lugar} son extorsionadas por supuestos agentes y por grupos "
    "delictivos, que cobran cuotas por dejarlas pasar o por no denunciarlas.",
    ["Abrir líneas de investigación específicas.",
     "Recibir denuncias anónimas y en línea.",
     "Informar al consejo de los avances de manera periódica."])
_it("security", "nac tij chis",
    "Búsqueda de personas migrantes desaparecidas en tránsito",
    "Familias de Centroamérica buscan a sus familiares desaparecidos en México sin poder presentar "
    "denuncias ni recibir información desde su país.",
    ["Fortalecer los mecanismos de búsqueda con participación de las familias.",
     "Permitir presentar denuncias desde los consulados y embajadas.",
     "Compartir información con los bancos forenses de los países de origen."],
    auth=["fgr"])
_it("security", "nac cdmx tij chis",
    "Denunciar sin riesgo de detención migratoria",
    "Las personas sin documentos no denuncian robos, agresiones ni abusos por temor a ser "
    "entregadas a la autoridad migratoria.",
    ["Garantizar por protocolo que las fiscalías no den aviso a la autoridad migratoria.",
     "Difundir el derecho a denunciar sin importar la situación migratoria.",
     "Facilitar la regularización de víctimas y testigos."],
    auth=["fgr", "inm"])
_it("security", "tij cdmx chis",
    "Vigilancia preventiva en los alrededores de albergues de {ciudad}",
    "Se han reportado robos, amenazas y reclutamiento de jóvenes en las calles cercanas a los "
    "albergues.",
    ["Establecer rondines preventivos coordinados con los albergues.",
     "Mejorar el alumbrado público en las calles de acceso.",
     "Designar un enlace de seguridad para el consejo."])
_it("security", "nac tij chis cdmx",
    "Protección a personas defensoras de migrantes amenazadas",
    "Personas que dirigen albergues y acompañan casos han recibido amenazas, sin respuesta de las "
    "autoridades.",
    ["Incorporar a las personas defensoras a mecanismos de protección.",
     "Investigar las amenazas con prioridad.",
     "Reconocer públicamente la labor de quienes defienden a personas migrantes."])
_it("security", "nac chis",
    "Prevenir secuestros en terminales de autobús de {lugar}",
    "Grupos delictivos identifican a personas migrantes en las terminales y las secuestran para "
    "exigir rescate a sus familias.",
    ["Instalar módulos de orientación en las terminales.",
     "Capacitar al personal de las empresas de transporte.",
     "Atender con rapidez los reportes de privación de la libertad."],
    auth=["fgr"])
_it("security", "chi",
    "Alertar contra fraudes de falsos notarios y gestores migratorios en {lugar}",
    "Familias de {lugar} han perdido ahorros con personas que ofrecen trámites migratorios que "
    "nunca realizan, y algunas quedaron en riesgo de deportación.",
    ["Realizar una campaña de prevención en español y en inglés.",
     "Orientar a las víctimas para denunciar ante las autoridades locales.",
     "Publicar un directorio de servicios legales confiables."],
    auth=["sre-consular"])
_it("security", "nac cdmx tij chis",
    "Capacitar a policías municipales para evitar abusos contra personas migrantes",
    "Policías municipales detienen a personas migrantes sin motivo y les quitan dinero o "
    "teléfonos.",
    ["Capacitar a los cuerpos policiales en derechos de las personas migrantes.",
     "Sancionar los abusos documentados.",
     "Establecer un canal de quejas accesible."])
_it("security", "nac tij chis",
    "Identificación de personas migrantes fallecidas",
    "Cuerpos de personas migrantes permanecen sin identificar en servicios forenses y en fosas "
    "comunes, mientras sus familias los buscan.",
    ["Registrar datos y muestras genéticas de toda persona fallecida no identificada.",
     "Compartir información con los países de origen.",
     "Informar a las familias con trato digno."],
    auth=["fgr"])

_it("family", "nac tij chis chi",
    "Reunificación de familias separadas durante el tránsito o en la frontera",
    "Familias separadas durante operativos o en la frontera tardan semanas en localizarse y "
    "reunirse.",
    ["Crear un registro interinstitucional de familiares separados.",
     "Priorizar la reunificación de niñas y niños con sus familias.",
     "Informar a las familias de manera oportuna."])
_it("family", "nac cdmx tij chis",
    "Regularización por unidad familiar sin requisitos económicos imposibles",
    "Para regularizar a cónyuges e hijos se exigen comprobantes de ingresos que no corresponden a "
    "la realidad de las familias migrantes.",
    ["Ajustar los requisitos económicos a la situación real de las familias.",
     "Aceptar medios alternativos para acreditar el vínculo familiar.",
     "Resolver en plazos cortos los trámites de niñas y niños."],
    auth=["inm"])
_it("family", "chi",
    "Protocolo para niñas y niños cuyos padres fueron detenidos o deportados",
    "Niñas y niños de {lugar} quedan sin cuidado cuando sus padres son detenidos en operativos y "
    "terminan en el sistema de cuidado temporal del condado.",
    ["Difundir planes familiares de emergencia.",
     "Acompañar a las familias ante las agencias de protección infantil.",
     "Coordinar con el DIF la reunificación en México cuando la familia lo decida."],
    auth=["sre-consular", "dif"])
_it("family", "chi",
    "Orientación sobre poderes notariales y custodia ante el riesgo de deportación",
    "Muchas familias no han designado a una persona que cuide a sus hijas e hijos ni tienen "
    "poderes notariales vigentes.",
    ["Ofrecer jornadas de orientación y de servicios notariales en el consulado.",
     "Reducir el costo de los poderes notariales consulares.",
     "Elaborar una guía sencilla para las familias."],
    auth=["sre-consular"])
_it("family", "chi",
    "Acompañamiento consular en juicios de custodia ante tribunales de familia",
    "Madres y padres mexicanos de {lugar} pierden la custodia de sus hijas e hijos en "
    "procedimientos que no entienden, sin intérprete y sin que el consulado sea notificado.",
    ["Dar seguimiento consular a los juicios de custodia de familias mexicanas.",
     "Gestionar que los tribunales notifiquen al consulado cuando intervenga una familia mexicana.",
     "Coordinar con el DIF estudios socioeconómicos en México cuando se valore la reunificación."],
    auth=["sre-consular", "dif"])
_it("family", "chi",
    "Contacto entre familias separadas por la deportación",
    "Cuando uno de los padres es deportado, las niñas y niños que se quedan en {lugar} pierden el "
    "contacto con él durante meses.",
    ["Facilitar videollamadas desde el consulado y desde los puntos de recepción en México.",
     "Orientar a las familias sobre visas y permisos para visitas.",
     "Canalizar a apoyo psicológico a las niñas y niños afectados."],
    auth=["sre-consular"])
_it("family", "nac cdmx tij chis",
    "Espacios amigables para la niñez en oficinas de trámite migratorio",
    "Niñas y niños pasan horas en filas y salas de espera sin espacios adecuados.",
    ["Habilitar espacios con juegos y personal capacitado.",
     "Dar prioridad a las familias con niñas y niños pequeños.",
     "Garantizar agua y baños limpios."])
_it("family", "nac tij chis cdmx",
    "Localización de familiares tras operativos migratorios",
    "Después de los operativos, las familias no saben adónde fueron trasladadas las personas "
    "detenidas.",
    ["Publicar un medio de consulta para familiares.",
     "Informar a la familia del traslado en las primeras horas.",
     "Permitir la comunicación telefónica desde el lugar de alojamiento."],
    auth=["inm"])
_it("family", "nac cdmx tij chis",
    "Acompañamiento a adolescentes no acompañados que cumplen 18 años",
    "Al cumplir la mayoría de edad, adolescentes bajo tutela del Estado salen de los albergues sin "
    "documentos ni apoyo.",
    ["Diseñar un plan de transición a la vida independiente.",
     "Asegurar la regularización antes de los 18 años.",
     "Vincular a las y los jóvenes con programas de empleo y educación."],
    auth=["dif", "inm"])

_it("consular", "chi",
    "Consulado móvil periódico en {lugar}",
    "Comunidades de {lugar} quedan a más de una hora del consulado y muchas personas no pueden "
    "faltar al trabajo para hacer trámites.",
    ["Programar un consulado móvil al menos cada dos meses.",
     "Anunciar las fechas con anticipación en medios comunitarios.",
     "Incluir servicios de protección y orientación en cada jornada."])
_it("consular", "chi",
    "Horarios extendidos y atención sabatina en el consulado",
    "El horario del consulado coincide con las jornadas laborales de la mayoría de la comunidad.",
    ["Abrir un sábado al mes para trámites y orientación.",
     "Extender el horario de atención al menos un día a la semana.",
     "Ofrecer orientación telefónica en horario vespertino."])
_it("consular", "tij nac",
    "Presencia consular en la recepción de personas mexicanas deportadas",
    "Las personas deportadas relatan maltratos durante su detención en Estados Unidos que nadie "
    "documenta al momento de su llegada.",
    ["Contar con personal consular o de protección en los puntos de recepción.",
     "Documentar y dar seguimiento a las quejas por maltrato.",
     "Informar al consejo de los casos atendidos."])
_it("consular", "chi nac",
    "Línea de emergencia consular con atención las 24 horas",
    "En detenciones de fin de semana o de madrugada, las familias no logran comunicarse con el "
    "consulado.",
    ["Garantizar atención telefónica las 24 horas.",
     "Publicar el número en todos los materiales consulares.",
     "Medir y publicar los tiempos de respuesta."])
_it("consular", "chi nac",
    "Informe público sobre los casos de protección consular atendidos",
    "La comunidad no conoce cuántos casos de protección se atienden ni con qué resultados.",
    ["Publicar un informe semestral con datos por tipo de caso.",
     "Presentar el informe en sesión del consejo.",
     "Incluir indicadores de tiempos de atención."])
_it("consular", "chi",
    "Ampliar la asesoría legal externa del consulado",
    "Las citas con abogados consultores se agotan y las familias acuden a servicios caros o "
    "fraudulentos.",
    ["Aumentar el número de abogados consultores en la circunscripción.",
     "Priorizar casos de detención y de custodia de menores.",
     "Ofrecer sesiones grupales informativas en {lugar}."])
_it("consular", "chi nac",
    "Apoyo para el traslado de restos de personas mexicanas fallecidas en el exterior",
    "Las familias enfrentan costos muy altos para trasladar a México los restos de sus seres "
    "queridos.",
    ["Ampliar los apoyos económicos para traslado de restos.",
     "Simplificar los requisitos y acortar los tiempos.",
     "Informar a las familias desde el primer contacto."])
_it("consular", "chi",
    "Citas consulares accesibles para personas adultas mayores y con discapacidad",
    "Personas adultas mayores y con discapacidad no logran obtener cita en línea y esperan de pie "
    "durante horas.",
    ["Reservar citas preferentes por teléfono.",
     "Adaptar las instalaciones y las filas de espera.",
     "Ofrecer visitas domiciliarias en casos excepcionales."])
_it("consular", "nac tij cdmx chis",
    "Coordinación con consulados centroamericanos para personas en tránsito",
    "Personas centroamericanas en México no logran obtener documentos de identidad de su país, lo "
    "que bloquea su regularización.",
    ["Promover jornadas consulares conjuntas en {ciudad}.",
     "Facilitar espacios para que los consulados atiendan en albergues.",
     "Compartir con el consejo el calendario de jornadas."],
    auth=["sre-consular", "inm"])

_it("integration", "nac cdmx tij chis",
    "Clases de español y orientación cívica para personas recién llegadas",
    "Personas recién llegadas desconocen cómo funcionan los servicios públicos y enfrentan "
    "barreras de idioma.",
    ["Ofrecer cursos gratuitos de español y orientación.",
     "Realizarlos en horarios compatibles con el trabajo.",
     "Entregar constancias que sirvan en trámites de empleo."])
_it("integration", "cdmx tij chis",
    "Centro comunitario de integración en {lugar}",
    "No existe en {lugar} un espacio donde las personas migrantes reciban orientación, realicen "
    "actividades y convivan con la comunidad local.",
    ["Habilitar un centro comunitario con servicios de orientación.",
     "Incluir actividades culturales y deportivas abiertas a la comunidad.",
     "Involucrar al consejo en su diseño."])
_it("integration", "nac cdmx tij chis chi",
    "Ferias interculturales con participación de las comunidades migrantes",
    "La convivencia entre comunidades reduce prejuicios, pero las actividades públicas rara vez "
    "incluyen a las personas migrantes como protagonistas.",
    ["Organizar ferias interculturales anuales.",
     "Apoyar a emprendimientos migrantes para participar.",
     "Difundir historias de aporte de las comunidades."])
_it("integration", "cdmx tij chis",
    "Acceso a programas sociales locales con documento migratorio",
    "Los programas sociales locales exigen credencial para votar o CURP definitiva, lo que "
    "excluye a la población migrante residente.",
    ["Aceptar documentos migratorios y CURP temporal en los registros.",
     "Revisar las reglas de operación para eliminar requisitos excluyentes.",
     "Informar al consejo de cuántas personas migrantes se incorporan."])
_it("integration", "nac tij chi",
    "Programa integral de reinserción para personas retornadas",
    "Las personas que regresan a México tras muchos años en el extranjero enfrentan desempleo, "
    "desconocimiento de trámites y estigma.",
    ["Crear una ventanilla única de atención a personas retornadas.",
     "Incluir apoyo psicosocial y orientación laboral.",
     "Dar seguimiento durante el primer año."])
_it("integration", "nac chis",
    "Reubicación voluntaria con empleo hacia ciudades del centro y norte del país",
    "En la frontera sur hay pocas oportunidades de empleo, mientras empresas de otras regiones "
    "buscan trabajadores.",
    ["Ampliar los programas de reubicación voluntaria con empleo y vivienda.",
     "Acompañar a las familias durante los primeros meses.",
     "Informar con claridad las condiciones antes del traslado."],
    auth=["acnur", "stps"])
_it("integration", "nac cdmx tij chis",
    "Microcréditos y mentorías para personas migrantes emprendedoras",
    "Personas migrantes con negocios pequeños no acceden a créditos ni a capacitación por falta de "
    "historial y de documentos.",
    ["Incluir a personas migrantes en programas de microcrédito.",
     "Ofrecer mentorías con cámaras empresariales.",
     "Simplificar los requisitos de registro de negocios."])
_it("integration", "chi",
    "Esquema de coinversión para proyectos de clubes de oriundos",
    "Los clubes de oriundos siguen financiando obras en sus comunidades de origen, pero ya no "
    "cuentan con un esquema de coinversión pública.",
    ["Crear un esquema de coinversión con reglas claras.",
     "Acompañar técnicamente a los clubes.",
     "Publicar los proyectos apoyados."],
    auth=["sre-consular"])

_it("discrimination", "nac cdmx tij chis chi",
    "Campaña contra la xenofobia en medios y redes sociales",
    "Han circulado mensajes que culpan a las personas migrantes de la inseguridad y de la falta de "
    "empleo, con agresiones en la calle tras su difusión.",
    ["Realizar una campaña de comunicación con datos verificados.",
     "Responder públicamente a la desinformación.",
     "Involucrar a personas migrantes en los mensajes."])
_it("discrimination", "nac cdmx tij chis",
    "Atención oportuna a quejas por discriminación en servicios públicos de {lugar}",
    "Personas migrantes reportan trato discriminatorio en oficinas, hospitales y escuelas de "
    "{lugar}, sin saber dónde quejarse.",
    ["Difundir el procedimiento de queja en varios idiomas.",
     "Resolver las quejas en plazos cortos.",
     "Compartir con el consejo estadísticas de quejas."])
_it("discrimination", "nac cdmx tij chis",
    "Capacitación antidiscriminatoria para personal de ventanilla",
    "El personal de ventanilla trata con desdén a personas migrantes, les grita o se niega a "
    "atenderlas por su acento o apariencia.",
    ["Capacitar obligatoriamente al personal de atención al público.",
     "Evaluar la calidad de la atención con encuestas.",
     "Sancionar los casos comprobados."])
_it("discrimination", "cdmx tij",
    "Sancionar anuncios de renta que excluyen a personas extranjeras",
    "Anuncios de renta en {lugar} indican expresamente «no se renta a extranjeros» o «no "
    "haitianos».",
    ["Emitir un exhorto a plataformas y anunciantes.",
     "Recibir reportes ciudadanos de anuncios discriminatorios.",
     "Difundir que esa práctica es ilegal."])
_it("discrimination", "nac cdmx tij chis",
    "Lenguaje no estigmatizante en comunicados oficiales",
    "Comunicados oficiales usan términos como «ilegales» o «flujos» que deshumanizan a las "
    "personas migrantes.",
    ["Adoptar una guía de lenguaje incluyente.",
     "Revisar los materiales de comunicación vigentes.",
     "Capacitar a las áreas de comunicación social."])
_it("discrimination", "cdmx tij chis",
    "Trato igualitario a personas afrodescendientes migrantes en el transporte público",
    "Personas haitianas y africanas reportan que se les niega el servicio de taxis y autobuses o "
    "se les cobra de más.",
    ["Recordar a concesionarios la prohibición de discriminar.",
     "Habilitar un número para reportes.",
     "Sancionar a concesionarios reincidentes."])

_it("political_rights", "chi nac",
    "Ampliar los módulos para tramitar la credencial para votar desde el extranjero",
    "Las citas para la credencial en el consulado se agotan rápidamente y muchas personas de "
    "{lugar} no alcanzan a tramitarla antes del corte.",
    ["Ampliar los días de atención del módulo.",
     "Realizar jornadas de credencialización en consulados móviles.",
     "Informar con claridad las fechas de corte."],
    auth=["ine", "sre-consular"])
_it("political_rights", "chi nac",
    "Más casillas de voto presencial en consulados",
    "El voto presencial en consulados fue muy solicitado, pero las casillas fueron insuficientes "
    "y hubo filas de varias horas.",
    ["Aumentar el número de consulados con casilla presencial.",
     "Mejorar la logística de las filas y el material.",
     "Evaluar la experiencia con las comunidades."],
    auth=["ine"])
_it("political_rights", "cdmx",
    "Fortalecer la representación de personas migrantes en el Congreso de la Ciudad",
    "La representación de personas migrantes en el Congreso local todavía no incluye a la "
    "población inmigrante residente en la ciudad.",
    ["Abrir espacios de consulta con personas inmigrantes residentes.",
     "Difundir los mecanismos de participación existentes.",
     "Crear un mecanismo permanente de interlocución con el consejo."],
    auth=["gob-cdmx"])
_it("political_rights", "tij cdmx",
    "Consulta a personas migrantes en el diseño de programas locales",
    "Los programas municipales dirigidos a personas migrantes se diseñan sin escuchar a la "
    "población a la que se dirigen.",
    ["Someter a consulta del consejo los programas antes de publicarlos.",
     "Publicar las observaciones recibidas y las respuestas.",
     "Incluir a personas migrantes en la evaluación."])
_it("political_rights", "nac cdmx",
    "Participación del consejo en el programa nacional de política migratoria",
    "El consejo no ha sido convocado a la elaboración ni a la evaluación del programa que orienta "
    "la política migratoria.",
    ["Invitar al consejo a las mesas de elaboración y evaluación.",
     "Publicar cómo se atienden sus propuestas.",
     "Compartir los indicadores de seguimiento."],
    auth=["inm"])
_it("political_rights", "chi",
    "Elección abierta de integrantes del consejo consultivo",
    "La comunidad percibe que la integración del consejo es poco transparente.",
    ["Realizar una convocatoria pública y abierta.",
     "Permitir que la comunidad vote en línea y en el consulado.",
     "Publicar los resultados y los perfiles de las personas electas."],
    auth=["sre-consular"])
_it("political_rights", "chi nac",
    "Difundir el registro para votar desde el extranjero entre personas jóvenes",
    "Las personas jóvenes nacidas en México que crecieron en Estados Unidos apenas conocen su "
    "derecho a votar.",
    ["Realizar campañas en escuelas, universidades y redes sociales.",
     "Organizar jornadas de registro en universidades de la región.",
     "Publicar materiales bilingües."],
    auth=["ine"])

_it("other", "nac cdmx tij chis chi",
    "Publicar datos abiertos sobre la atención a personas migrantes",
    "La información sobre trámites, quejas y servicios prestados no es pública o se publica con "
    "años de retraso.",
    ["Publicar datos abiertos trimestrales.",
     "Incluir datos desagregados por sexo, edad y nacionalidad.",
     "Consultar al consejo sobre los indicadores prioritarios."])
_it("other", "nac cdmx tij chis",
    "Mesa interinstitucional permanente con el consejo",
    "Las recomendaciones que involucran a varias dependencias quedan sin respuesta porque cada "
    "una considera que corresponde a otra.",
    ["Instalar una mesa interinstitucional con reuniones trimestrales.",
     "Designar enlaces con capacidad de decisión.",
     "Publicar los acuerdos y su seguimiento."])
_it("other", "nac cdmx tij chis chi",
    "Recursos para el funcionamiento del consejo",
    "Integrantes del consejo pagan de su bolsillo traslados y conectividad para asistir a las "
    "sesiones, lo que excluye a quienes tienen menos recursos.",
    ["Cubrir traslados y conectividad de las personas integrantes.",
     "Asignar una secretaría técnica con personal.",
     "Garantizar espacios para las sesiones."])
_it("other", "nac cdmx tij chis",
    "Traducción de trámites y avisos a creole, francés e inglés",
    "Los formatos y avisos oficiales solo están en español, lo que provoca errores y trámites "
    "rechazados.",
    ["Traducir los formatos más usados.",
     "Colocar avisos multilingües en las oficinas.",
     "Ofrecer apoyo de intérpretes por videollamada."])
_it("other", "chi",
    "Reducir el costo de los envíos de dinero",
    "Las comisiones por envío de dinero siguen siendo altas y las familias receptoras en "
    "comunidades rurales no tienen dónde cobrar.",
    ["Promover alternativas de envío de bajo costo.",
     "Difundir comparativos de comisiones.",
     "Ampliar los puntos de pago en comunidades rurales."],
    auth=["sre-consular"])
AREAS = {
    "inm": ["la Dirección General de Regulación y Archivo Migratorio",
            "la Dirección General de Control y Verificación Migratoria",
            "la Oficina de Representación en {estado}",
            "la Dirección General de Protección al Migrante y Vinculación"],
    "comar": ["la Coordinación General de la COMAR", "la oficina de la COMAR en {ciudad}",
              "la Dirección de Protección y Retorno Asistido"],
    "sre-consular": ["la Dirección General de Protección Consular y Planeación Estratégica",
                     "{consulado}",
                     "el Instituto de los Mexicanos en el Exterior",
                     "la Dirección General de Servicios Consulares"],
    "gob-bc": ["la Secretaría General de Gobierno", "la Dirección Estatal de Atención al Migrante",
               "la Secretaría de Salud del Estado", "la Secretaría de Educación del Estado"],
    "gob-cdmx": ["la Dirección de Atención a Huéspedes, Migrantes y sus Familias",
                 "la Subsecretaría de Derechos Humanos", "la Dirección de Atención Social"],
    "salud": ["la Dirección General de Promoción de la Salud",
              "la jurisdicción sanitaria correspondiente",
              "la Dirección General de Epidemiología", "la coordinación estatal de IMSS-Bienestar"],
    "stps": ["la Dirección General del Servicio Nacional de Empleo",
             "la Unidad de Trabajo Digno", "la Procuraduría Federal de la Defensa del Trabajo",
             "la Dirección General de Inspección Federal del Trabajo"],
    "ayto-tijuana": ["la Dirección Municipal de Atención al Migrante",
                     "la Secretaría de Desarrollo Humano y Bienestar Social",
                     "la Secretaría de Seguridad y Protección Ciudadana Municipal"],
    "sep": ["la Dirección General de Acreditación, Incorporación y Revalidación",
            "la autoridad educativa estatal", "la Coordinación de Control Escolar"],
    "dif": ["la Procuraduría Federal de Protección de Niñas, Niños y Adolescentes",
            "la Dirección General de Integración Social", "el Sistema DIF estatal"],
    "ine": ["la Dirección Ejecutiva del Registro Federal de Electores",
            "la Coordinación de Asuntos Internacionales",
            "la Coordinación del Voto de las y los Mexicanos Residentes en el Extranjero"],
    "conapred": ["la Dirección General Adjunta de Quejas",
                 "la Dirección General Adjunta de Vinculación, Cultura y Educación"],
    "fgr": ["la Unidad de Investigación de Delitos para Personas Migrantes",
            "la Fiscalía Especializada en materia de Derechos Humanos",
            "el Mecanismo de Apoyo Exterior de Búsqueda e Investigación"],
    "renapo": ["la Dirección General del Registro Nacional de Población e Identidad",
               "la Coordinación de Registros Civiles"],
    "acnur": ["la Unidad de Protección", "la oficina de terreno en {ciudad}",
              "el equipo de soluciones duraderas"],
    "gob-chiapas": ["la Secretaría General de Gobierno", "la Secretaría de Salud del Estado",
                    "la Secretaría de Educación del Estado",
                    "la Fiscalía de Migrantes del Estado de Chiapas"],
}

TEXT_ACK = [
    "Se acusa recibo de la recomendación. Fue turnada a {area} para su análisis (folio {folio}).",
    "Recibido. Se registró con el folio {folio}; {area} dará respuesta dentro del plazo.",
    "Acuse de recibo: {area} atenderá el asunto. Folio de seguimiento {folio}.",
    "Hemos recibido su recomendación con número de oficio {folio}. Se turnó a {area}.",
    "Se recibe y registra la recomendación; el área responsable es {area}.",
]
CLAR_REQUESTED = [
    "Para estar en posibilidad de atender, solicitamos precisar los municipios o localidades "
    "donde se presentan los casos.",
    "Solicitamos indicar el número aproximado de personas afectadas y el periodo en que "
    "ocurrieron los hechos.",
    "Favor de señalar en qué oficinas y en qué fechas se exigieron los requisitos mencionados.",
    "Pedimos aclarar si existen quejas presentadas ante algún organismo de derechos humanos "
    "sobre estos hechos.",
    "Para canalizar adecuadamente, solicitamos los datos de contacto de las organizaciones que "
    "acompañan los casos (sin datos personales de las víctimas).",
    "Agradeceremos precisar cuál de las medidas propuestas considera prioritaria el consejo.",
]
TEXT_CLAR_REMINDER = [
    "Recordatorio: seguimos en espera de la información solicitada para continuar con el "
    "análisis.",
    "Se reitera la solicitud de información previa; sin ella no es posible dar respuesta de fondo.",
]
CLAR_PROVIDED = [
    "Se remite la información solicitada: los casos se concentran en {lugar} y fueron "
    "documentados entre {mes_a} y {mes_b}.",
    "El consejo precisa que se trata de al menos {n} personas y anexa un listado anonimizado de "
    "casos.",
    "Se envían los datos de contacto de las organizaciones acompañantes y la relación de oficinas "
    "involucradas.",
    "El consejo considera prioritaria la primera medida propuesta; las demás pueden atenderse de "
    "forma gradual.",
    "Se informa que existen quejas en trámite ante la comisión de derechos humanos; se anexan "
    "los números de expediente.",
]
TEXT_ACCEPTED = [
    "Se acepta la recomendación. {area} elaborará un plan de trabajo y lo compartirá con el "
    "consejo en las próximas semanas.",
    "La recomendación se considera procedente. Se emitirá una circular a las oficinas de "
    "{estado} para su aplicación.",
    "Se acepta en sus términos. Se designa como enlace a {area} para el seguimiento con el "
    "consejo.",
    "Aceptamos la recomendación y nos comprometemos a informar avances de manera trimestral.",
    "Es procedente. Las medidas se incorporarán al programa de trabajo {anio}.",
]
TEXT_PARTIAL = [
    "Se acepta parcialmente: se atenderá el primer punto; los demás requieren modificaciones "
    "normativas que exceden nuestras atribuciones.",
    "Se acepta el punto 1. Los puntos 2 y 3 no cuentan con suficiencia presupuestal en el "
    "ejercicio {anio}.",
    "Es procedente parcialmente. {area} revisará los requisitos, pero no es posible modificar los "
    "plazos establecidos en la ley.",
    "Se acepta en lo que corresponde a nuestra competencia; el resto se turnó a otras "
    "dependencias.",
    "Aceptamos realizar una prueba piloto en {lugar}; su ampliación dependerá de los resultados.",
]
TEXT_REJECTED = [
    "No se acepta la recomendación, toda vez que la normativa vigente ya contempla los "
    "mecanismos solicitados.",
    "La recomendación es improcedente por no ser de nuestra competencia; se sugiere dirigirla a "
    "la autoridad correspondiente.",
    "No es viable por restricciones presupuestales en el ejercicio {anio}.",
    "Tras el análisis de {area}, se concluye que las medidas propuestas no son compatibles con los "
    "procedimientos vigentes.",
    "No se acepta. Los casos señalados fueron revisados y no se encontraron irregularidades.",
]
TEXT_IMPLEMENTED = [
    "Se informa que la medida está en operación desde el {fecha}. Se anexa evidencia.",
    "Se publicó el lineamiento correspondiente y se distribuyó a todas las oficinas de {estado}.",
    "Se realizaron jornadas en {lugar} en las que se atendió a {n2} personas. Se anexa informe.",
    "Se concluyó la capacitación del personal involucrado y se instalaron avisos en las oficinas.",
    "La medida quedó implementada; {area} dará seguimiento mensual a su cumplimiento.",
]
TEXT_DOWNGRADE = [
    "Se corrige la respuesta anterior: por limitaciones presupuestales solo podrá atenderse una "
    "parte de la recomendación.",
    "Precisión a la respuesta previa: la aceptación se limita a las oficinas de {estado}.",
]
TEXT_CORRECTION_REJECT = [
    "Fe de erratas: la respuesta anterior se registró por error como aceptación. La "
    "recomendación no es procedente por falta de competencia.",
]
TEXT_RECONSIDER = [
    "Tras la reunión de trabajo con el consejo, se reconsidera la respuesta: se aceptan "
    "parcialmente las medidas propuestas.",
    "En atención a los argumentos del consejo, {area} revisó el asunto y acepta parcialmente la "
    "recomendación.",
]
TEXT_REJECT_NO_INFO = [
    "Al no recibirse la información solicitada, se concluye el análisis sin elementos para "
    "aceptar la recomendación.",
    "Se da por concluido el asunto por falta de la información requerida; el consejo puede "
    "presentarlo de nuevo.",
]
ASSESS_NOTES = {
    "satisfied": [
        "La respuesta atiende lo solicitado; el consejo dará seguimiento en la próxima sesión.",
        "El consejo considera satisfactoria la respuesta y reconoce la disposición de {area}.",
        "Se verificó la aplicación de la medida en {lugar}.",
        "Respuesta clara, con plazos y responsables definidos.",
    ],
    "partially_satisfied": [
        "La respuesta es positiva, pero no establece plazos ni responsables.",
        "Se atiende solo una parte de lo solicitado; el consejo insistirá en el resto.",
        "Hay avances, pero en {lugar} la situación no ha cambiado.",
        "La respuesta es general y no se refiere a los casos documentados.",
    ],
    "unsatisfied": [
        "La respuesta no atiende el fondo de la recomendación.",
        "El consejo no comparte el argumento de falta de competencia y pide una reunión de trabajo.",
        "La respuesta se limita a citar la normativa sin explicar por qué no se aplica en la "
        "práctica.",
        "Los casos documentados muestran que el problema persiste.",
    ],
    "implemented_unsatisfied": [
        "En visitas de seguimiento se constató que la medida no se aplica en {lugar}; el consejo "
        "impugna el reporte de implementación.",
        "La evidencia enviada se refiere a una actividad aislada y no a un cambio permanente.",
        "Personas de la comunidad siguen reportando el mismo problema; el consejo no reconoce la "
        "implementación.",
    ],
}


# ---------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------
def build_body(bdef: dict) -> dict:
    body = dict(bdef)
    short, tz = SHORT[body["key"]], body["timezone"]
    members = build_members(body)
    meetings = build_meetings(body, members)
    slots = build_demand_slots(body, members, meetings)

    # keys in chronological order
    seq: dict[int, int] = {}
    demands = []
    weights = TOPIC_WEIGHTS[short]
    topics = list(weights)  # every topic with weight appears at least once
    extra = rng.choices(list(weights), weights=list(weights.values()), k=len(slots) - len(topics))
    topic_seq = topics + extra
    rng.shuffle(topic_seq)
    used: dict[int, int] = {}
    first_key: dict[int, str] = {}
    for (sub, mt, who), topic in zip(slots, topic_seq):
        y = local_date(tz, sub).year
        seq[y] = seq.get(y, 0) + 1
        key = f"{y}-{seq[y]:03d}"
        item, again = pick_item(short, topic, used)
        while item is None:
            topic = rng.choices(list(weights), weights=list(weights.values()), k=1)[0]
            item, again = pick_item(short, topic, used)
        used[id(item)] = used.get(id(item), 0) + 1
        ctx = demand_ctx(short, local_date(tz, sub))
        title = fill(item["t"], ctx)
        reiterates = None
        if again:
            title = f"Reiteración: {title[0].lower()}{title[1:]}"
            reiterates = first_key.get(id(item))
        else:
            first_key[id(item)] = key
        conf_p = 0.3 if topic in ("security", "detention", "family") else 0.05
        confidential = rng.random() < conf_p
        auths = route(short, topic, item)
        dm = dict(key=key, title=title, topic=topic, submitted_by=who["key"],
                  _meeting=mt, _submitted=sub, confidential=confidential, _ctx=ctx)
        dm["text"] = demand_text(short, topic, item, ctx, auths, mt, reiterates, confidential)
        dm["referrals"] = [gen_referral(body, dm, a, ctx, topic) for a in auths]
        demands.append(dm)

    # agenda and minutes
    end = cutoff(tz)
    for mt in meetings:
        adopted = [d for d in demands if d["_meeting"] is mt]
        upcoming = mt["status"] == "scheduled"
        mt["agenda"] = build_agenda(body, mt, adopted, upcoming)
        if mt["status"] != "held":
            continue
        publish = True
        if mt["_date"] > date(2026, 11, 15):
            publish = False
        elif short == "chis" and rng.random() < 0.5:
            publish = False
        elif rng.random() < 0.12:
            publish = False
        has_minutes = publish or rng.random() < 0.5
        mt["minutes"] = build_minutes(body, members, mt, adopted, demands) if has_minutes else None
        if publish and has_minutes:
            lag = rng.choice([4, 6, 8, 11, 14, 17, 21, 28, 35, 47, 62])
            pub = office_time(tz, mt["ends_at"], lag, lag + 2)
            mt["minutes_published_at"] = pub if pub <= end else None
        else:
            mt["minutes_published_at"] = None
    return dict(body=body, members=members, meetings=meetings, demands=demands)


def serialize(built: dict) -> dict:
    b, tz = built["body"], built["body"]["timezone"]
    out = {k: b[k] for k in ("key", "name", "level", "jurisdiction", "timezone", "groups_served",
                             "regions", "seats", "meetings_per_year", "quorum_percent")}
    if b["response_days"] is not None:
        out["response_days"] = b["response_days"]
    out["members"] = built["members"]
    ms = []
    for mt in built["meetings"]:
        o = dict(key=mt["key"], title=mt["title"], kind=mt["kind"],
                 starts_at=fmt(tz, mt["starts_at"]), ends_at=fmt(tz, mt["ends_at"]),
                 location=mt["location"], status=mt["status"], agenda=mt["agenda"])
        if mt["status"] == "held":
            o["minutes"] = mt["minutes"]
            pub = mt["minutes_published_at"]
            o["minutes_published_at"] = fmt(tz, pub) if pub else None
            o["attendance"] = mt["attendance"]
        ms.append(o)
    out["meetings"] = ms
    ds = []
    for dm in built["demands"]:
        o = dict(key=dm["key"], title=dm["title"], text=dm["text"], topic=dm["topic"],
                 submitted_by=dm["submitted_by"])
        if dm["_meeting"] is not None:
            o["meeting"] = dm["_meeting"]["key"]
        o["submitted_at"] = fmt(tz, dm["_submitted"])
        o["confidential"] = dm["confidential"]
        refs = []
        for r in dm["referrals"]:
            evs = []
            for e in r["events"]:
                eo = dict(at=fmt(tz, e["at"]), kind=e["kind"], text=tidy(e["text"]))
                if "evidence_url" in e:
                    eo["evidence_url"] = e["evidence_url"]
                evs.append(eo)
            refs.append(dict(authority=r["authority"],
                             due_at=fmt(tz, r["due_at"]) if r["due_at"] else None,
                             events=evs,
                             assessments=[dict(at=fmt(tz, a["at"]), verdict=a["verdict"],
                                               note=tidy(a["note"]))
                                          for a in r["assessments"]]))
        o["referrals"] = refs
        ds.append(o)
    out["demands"] = ds
    return out


def main() -> None:
    authorities = []
    for a in AUTHORITY_DEFS:
        authorities.append(dict(AUTH[a[0]]))
    bodies = [serialize(build_body(b)) for b in BODY_DEFS]
    doc = {"format": "voces-dataset/1", "authorities": authorities, "bodies": bodies}
    blob = json.dumps(doc, ensure_ascii=False)
    if "{" in blob.replace('{"', "").replace("{}", ""):
        raise SystemExit("unfilled placeholder in generated text")
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if "--check" in sys.argv[1:]:
        if OUT.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{OUT} is not what generate_demo.py makes: run it and commit the file")
        print(f"{OUT.name} is what the generator makes ({len(text.encode()):,} bytes)")
        return
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes); stats {STATS}")


if __name__ == "__main__":
    main()
