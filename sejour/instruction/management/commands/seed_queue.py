"""`manage.py seed_queue`: realistic volume for the prefectures' queues (`make bench`).

Generates applicants (foreign numbers, or long-stay visa numbers for some family
members; names from the countries most protections are granted to), prefectures with
their agents and helpers, and dossiers over every procedure, state and profile that
can be filed online (the engine's channel decides: stateless people, for one, file at
the prefecture, CH-STATELESS). Each deposited dossier lives a simulated life (queue
wait, instruction, complement, OFPRA civil status, decision, card production,
handover), so that the states of a given day come out realistic: most older files
closed, recent ones pending, a share late. Each carries the engine's assessment for
its own assessment, the engine's answer for the situation its draft declares on its
deposit day (so that its reasons, deadlines and fields agree), and the legal deadline
the deposit sets from it (deposit.legal_deadline): DL-ISSUE for a first card, DL-GRACE
for a renewal, none otherwise. Ages and card dates come from the engine
(sejour.rules.legal_dates).

Fast: bulk inserts in batches inside one transaction (COPY on PostgreSQL), one
unusable password hash for everyone. Deterministic for a given --seed and day. Refuses
to run twice on the same database unless --append is given, and refuses settings with
DEBUG off unless --not-production confirms the database is a disposable one.
"""

from __future__ import annotations

import random
import time
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from sejour.accounts.models import Prefecture, User
from sejour.core.engine_input import engine_input
from sejour.dossiers.deposit import legal_deadline
from sejour.dossiers.models import Dossier
from sejour.dossiers.states import State
from sejour.integrations.models import CardOrder
from sejour.rules import (
    InvalidSituation,
    assess,
    birth_dates_in_band,
    card_valid_from,
    param,
    parse_situation,
)
from sejour.rules.legal_dates import AgeBand

SEED_DOMAIN = "seed.example.org"  # every seeded account's e-mail: how --append counts them
BATCH = 2000  # dossiers per insert
HISTORY_DAYS = 730  # deposits spread over about two years

# (code, name, city, relative volume of requests)
PREFECTURES = [
    ("75", "Préfecture de police de Paris", "Paris", 18),
    ("93", "Préfecture de la Seine-Saint-Denis", "Bobigny", 12),
    ("13", "Préfecture des Bouches-du-Rhône", "Marseille", 8),
    ("69", "Préfecture du Rhône", "Lyon", 8),
    ("59", "Préfecture du Nord", "Lille", 6),
    ("94", "Préfecture du Val-de-Marne", "Créteil", 6),
    ("33", "Préfecture de la Gironde", "Bordeaux", 5),
    ("31", "Préfecture de la Haute-Garonne", "Toulouse", 5),
    ("67", "Préfecture du Bas-Rhin", "Strasbourg", 5),
    ("44", "Préfecture de la Loire-Atlantique", "Nantes", 5),
    ("92", "Préfecture des Hauts-de-Seine", "Nanterre", 4),
    ("34", "Préfecture de l'Hérault", "Montpellier", 4),
    ("35", "Préfecture d'Ille-et-Vilaine", "Rennes", 4),
    ("95", "Préfecture du Val-d'Oise", "Cergy", 4),
    ("38", "Préfecture de l'Isère", "Grenoble", 3),
    ("06", "Préfecture des Alpes-Maritimes", "Nice", 3),
]


@dataclass(frozen=True)
class Origin:
    weight: int
    lang: str  # the language most applicants from there choose (fr, en, ar)
    last: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(",") if n.strip())


ORIGINS = [
    Origin(  # Afghanistan
        22,
        "fr",
        _names(
            "HAIDARI, AHMADI, RAHIMI, KARIMI, HUSSAINI, NOORI, SAFI, STANIKZAI, WARDAK, "
            "MOHAMMADI, AZIZI, SADAT, POPAL, NAZARI, JALALI, HAKIMI, QADERI, AMIRI, RASULI, OMARI"
        ),
        _names(
            "Ahmad, Farid, Mohammad, Ali, Hamid, Nasir, Rahim, Zabiullah, Sayed, Mustafa, "
            "Jawad, Hamidullah, Najib, Wahid, Esmatullah, Mohammad Nabi, Abdul Wahab"
        ),
        _names(
            "Zahra, Fatima, Maryam, Farzana, Nilofar, Shabana, Laila, Mahbooba, Parwana, "
            "Roya, Sima, Freshta"
        ),
    ),
    Origin(  # Syria
        7,
        "ar",
        _names(
            "AL-HAMWI, KHALIL, HADDAD, AL-AHMAD, HASSAN, IBRAHIM, AL-HUSSEIN, SALEH, "
            "AL-KHATIB, MANSOUR, AL-OMAR, DARWISH, NASSER, YOUSSEF, AL-SHAMI, HAMDAN"
        ),
        _names("Mohammad, Ahmad, Khaled, Omar, Yaser, Mahmoud, Firas, Rami, Samer, Hussam, Anas"),
        _names("Rasha, Lina, Hala, Nour, Rania, Yara, Reem, Amal, Dima, Ghada, Sawsan, Hiba"),
    ),
    Origin(  # Eritrea
        5,
        "en",
        _names(
            "TESFAYE, GEBREMEDHIN, HAILE, TEKLE, GHEBREHIWET, BERHANE, KIDANE, YOHANNES, "
            "MEHARI, ABRAHA, WELDU, ASMEROM, GHIRMAY, TESFAMARIAM, NEGASH"
        ),
        _names(
            "Dawit, Yonas, Samuel, Filmon, Merhawi, Habtom, Biniam, Tesfalem, Yemane, Robel, "
            "Semere, Henok"
        ),
        _names("Selam, Helen, Saba, Luwam, Senait, Winta, Freweini, Ruta, Eden, Mebrat, Yordanos"),
    ),
    Origin(  # Sudan
        8,
        "ar",
        _names(
            "OSMAN, ABDALLA, MOHAMED, ADAM, IBRAHIM, ELTAYEB, HAMID, ISHAG, YAGOUB, BABIKER, "
            "MUSA, ABAKAR, ELAMIN, SULIMAN, HAROUN"
        ),
        _names(
            "Abdelrahman, Adam, Mohamed, Omer, Ismail, Hamza, Yousif, Mustafa, Abubakar, "
            "Khalid, Issa, Elsadig"
        ),
        _names("Hawa, Fatima, Amna, Zeinab, Halima, Mariam, Khadija, Sara, Asha, Rabab, Safia"),
    ),
    Origin(  # Ukraine
        8,
        "en",
        _names(
            "KOVALENKO, SHEVCHENKO, BONDARENKO, TKACHENKO, KRAVCHENKO, OLIINYK, MELNYK, BOIKO, "
            "MOROZ, LYSENKO, MARCHENKO, SAVCHENKO, RUDENKO, PETRENKO, HONCHARENKO"
        ),
        _names(
            "Oleksandr, Andrii, Dmytro, Serhii, Volodymyr, Mykola, Ivan, Yurii, Bohdan, Taras, "
            "Oleh, Vasyl"
        ),
        _names(
            "Olena, Tetiana, Nataliia, Iryna, Oksana, Yuliia, Kateryna, Svitlana, Anastasiia, "
            "Mariia, Halyna, Liudmyla"
        ),
    ),
    Origin(  # Democratic Republic of the Congo
        6,
        "fr",
        _names(
            "MUKENDI, TSHIBANDA, KALONJI, ILUNGA, MBUYI, NGOY, KASONGO, LUKUSA, MWAMBA, "
            "BANZA, KABONGO, MUTOMBO, NSIMBA, LUMBU, MAKIADI"
        ),
        _names(
            "Jean-Pierre, Patrick, Héritier, Christian, Dieudonné, Glody, Trésor, Fiston, "
            "Jonathan, Merveille"
        ),
        _names("Grâce, Esther, Nathalie, Divine, Gloire, Rachel, Chantal, Bénédicte, Naomie"),
    ),
    Origin(  # Guinea
        6,
        "fr",
        _names(
            "DIALLO, BAH, BARRY, SOW, CAMARA, CONDÉ, KEITA, SYLLA, SOUMAH, TOURÉ, KOUROUMA, "
            "BALDÉ, DIABY, CISSÉ"
        ),
        _names(
            "Mamadou, Alpha, Ibrahima, Thierno, Abdoulaye, Ousmane, Amadou, Mohamed, "
            "Boubacar, Sékou, Lansana, Mamadou Saliou"
        ),
        _names(
            "Fatoumata, Mariama, Aïssatou, Kadiatou, Hadja, Binta, Aminata, Djénabou, Oumou, "
            "M'Balia, Fatoumata Binta"
        ),
    ),
    Origin(  # Côte d'Ivoire
        5,
        "fr",
        _names(
            "KOUASSI, KONAN, KOUADIO, YAO, TRAORÉ, OUATTARA, COULIBALY, BAMBA, KONÉ, "
            "N'GUESSAN, DIABATÉ, SORO"
        ),
        _names("Kouamé, Yao, Adama, Souleymane, Lassina, Serge, Arsène, Didier, Moussa, Wilfried"),
        _names("Aya, Affoué, Adjoua, Mariam, Awa, Salimata, Clarisse, Prisca, Ruth"),
    ),
    Origin(  # Bangladesh
        3,
        "en",
        _names(
            "HOSSAIN, RAHMAN, ISLAM, AHMED, UDDIN, MIAH, KHAN, CHOWDHURY, SARKER, ALAM, HAQUE, "
            "MOLLA, BHUIYAN"
        ),
        _names(
            "Md Rafiqul, Shahidul, Abdul Karim, Jahangir, Kamal, Habibur, Rezaul, Sumon, "
            "Shafiqul, Arif"
        ),
        _names("Nasrin, Ayesha, Rokeya, Shirin, Taslima, Farida, Sultana, Rupa, Moushumi"),
    ),
    Origin(  # Turkey (mostly Kurdish applicants)
        5,
        "fr",
        _names(
            "YILMAZ, KAYA, DEMIR, ŞAHIN, ÇELIK, YILDIZ, ASLAN, DOĞAN, KARA, ÖZTÜRK, AYDIN, "
            "ZENGIN, ARSLAN, TEKIN"
        ),
        _names("Mehmet, Mustafa, Ahmet, Hasan, Ibrahim, Serhat, Rojhat, Welat, Baran, Zana"),
        _names("Ayşe, Fatma, Zeynep, Emine, Rojda, Berfin, Dilan, Hêvî, Gülistan, Leyla"),
    ),
    Origin(  # Somalia
        4,
        "en",
        _names(
            "MOHAMED, ALI, HASSAN, ABDI, FARAH, WARSAME, ISMAIL, NUR, JAMA, YUSUF, AHMED, "
            "GUTALE, OMAR"
        ),
        _names("Abdirahman, Abdullahi, Hassan, Liban, Abdiaziz, Mahad, Said, Bashir, Guled"),
        _names("Hodan, Fadumo, Ifrah, Sagal, Hibo, Nimco, Asha, Ubah, Ayan"),
    ),
    Origin(  # Haiti
        3,
        "fr",
        _names(
            "JEAN-BAPTISTE, PIERRE, JOSEPH, LOUIS, CHARLES, ÉTIENNE, DORVAL, SAINT-FLEUR, "
            "DORCÉ, CÉLESTIN, DÉSIR, JEAN-LOUIS"
        ),
        _names("Jean-Robert, Wilner, Frantz, Ricardo, Jimmy, Evens, Stanley, Wisly"),
        _names(
            "Marie-Carmelle, Roseline, Nadège, Guerline, Widline, Fabienne, Mirlande, Chedeline"
        ),
    ),
    Origin(  # Russia (mostly Chechen applicants)
        3,
        "fr",
        _names(
            "MAGOMADOV, ISRAILOV, UMAROV, TAGAEV, SAIDOV, ALIEV, MUSAEV, KHASANOV, BATALOV, "
            "DZHABRAILOV"
        ),
        _names("Magomed, Ruslan, Aslan, Islam, Rizvan, Adam, Zelimkhan, Akhmed, Said-Emin"),
        _names("Madina, Zarema, Khadizhat, Petimat, Aminat, Malika, Liana, Kheda"),
    ),
    Origin(  # Iran
        3,
        "en",
        _names(
            "HOSSEINI, MOHAMMADI, REZAEI, AHMADI, JAFARI, MORADI, SADEGHI, RAHMANI, KAZEMI, KARIMI"
        ),
        _names("Reza, Amir, Mehdi, Hossein, Saeed, Behnam, Arash, Navid"),
        _names("Leila, Maryam, Narges, Shirin, Parisa, Sara, Mahsa, Nazanin"),
    ),
]

AGENT_FIRST = _names(
    "Karim, Sophie, Nathalie, Julien, Camille, Thomas, Isabelle, Nicolas, Amandine, "
    "Mehdi, Céline, Laurent, Sandrine, Yannick, Aurélie, Fatou, Pierre, Hélène"
)
AGENT_LAST = _names(
    "MARTIN, BERNARD, DUBOIS, PETIT, DURAND, LEROY, MOREAU, SIMON, LAURENT, LEFEBVRE, "
    "MICHEL, GARCIA, BENALI, ROUSSEAU, FONTAINE, CHEVALIER, MERCIER, N'DIAYE"
)
ASSOCIATIONS = _names(
    "La Cimade, France terre d'asile, Forum réfugiés, Secours catholique, Croix-Rouge française, "
    "Coallia, Emmaüs Solidarité"
)
STREETS = _names(
    "rue de la République, avenue Jean-Jaurès, boulevard Voltaire, rue Victor-Hugo, "
    "rue Pasteur, allée des Tilleuls, avenue de la Libération, rue du Moulin, "
    "place de la Mairie, rue Gambetta, chemin des Vignes, rue des Écoles"
)
REFUSALS = (
    "Les conditions de la communauté de vie ne sont pas remplies à la date de la demande.",
    "Le lien familial avec la personne protégée n'est pas établi par les pièces fournies.",
    "La demande concerne une personne dont la protection a pris fin.",
)

# Profiles of the person a request is for (deposit.profile_of), and how often.
# Stateless people file at the prefecture (CH-STATELESS, 000 Q6): none online.
PROFILES = [("refugee", 55), ("subsidiary", 30), ("family", 15)]
LATER_PROCEDURES = [
    ("travel_document", 40),
    ("renewal", 25),
    ("change_of_situation", 20),
    ("duplicate", 15),
]
OLDEST = 58  # the oldest applicant generated (a demographic choice, not a rule)


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum() or c == "-").strip("-")


# Unique, random-looking identifiers from a running index: an affine bijection, so that
# two runs (or an --append) never collide and nothing needs to be looked up.
def foreign_number(index: int) -> str:
    return "6" + f"{(387_420_489 * index + 123_456_789) % 10**9:09d}"  # 6xxxxxxxxx


def visa_number(index: int) -> str:
    return f"FRA{8_000_000 + (1_046_527 * index + 271_828) % 2_000_000:07d}"


def dossier_reference(index: int) -> str:
    return f"D-{(0x7F4A7C15B9 * index + 0x2545F4914F) % 2**40:010X}"


@dataclass
class Life:
    """Where a deposited dossier stands today, after its simulated life."""

    state: str
    taken: bool = False
    decided_at: datetime | None = None
    refused: bool = False
    ofpra_received_on: date | None = None
    card_ready_at: datetime | None = None
    card_fails: bool = False


@dataclass
class Batch:
    users: list[User] = field(default_factory=list)
    dossiers: list[Dossier] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)  # each dossier's applicant, in `users`
    orders: list[tuple[int, CardOrder]] = field(default_factory=list)


@contextmanager
def explicit_timestamps() -> Iterator[None]:
    """Let the seed set created_at and updated_at (auto_now fields) to past dates."""
    fields = [Dossier._meta.get_field("created_at"), Dossier._meta.get_field("updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (now, add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = now, add


class Seeder:
    def __init__(self, *, seed: int, prefectures: int, start: tuple[int, int]) -> None:
        # Test data, not secrets: a seeded generator makes every run repeatable.
        self.rng = random.Random(f"seed_queue:{seed}:{start[0]}:{start[1]}")  # noqa: S311
        # The simulation's "now" is this morning, midnight: one seed gives the same data
        # all day long.
        self.now = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        self.today = self.now.date()
        self.user_index, self.dossier_index = start
        self.count = prefectures
        self.password = make_password(None)  # unusable, computed once
        self.archetypes: dict[tuple[str, str], dict[str, Any] | None] = {}

    # --- people and places ---------------------------------------------------------------

    def places(self) -> None:
        self.prefectures: list[tuple[Prefecture, int, float]] = []
        self.cities: dict[int, str] = {}
        self.agents: dict[int, list[User]] = {}
        self.helpers: dict[int, list[User]] = {}
        for code, name, city, weight in PREFECTURES[: self.count]:
            prefecture, _ = Prefecture.objects.get_or_create(
                department_code=code,
                defaults={
                    "name": name,
                    "address": f"Hôtel de la préfecture\n{code}000 {city}",
                    "opening_hours": "Lundi au vendredi, 9 h – 16 h, sur rendez-vous",
                },
            )
            # Some prefectures are slower than others: their files wait longer.
            pace = self.rng.uniform(0.7, 1.6)
            self.prefectures.append((prefecture, weight, pace))
            self.cities[prefecture.pk] = city
            self.agents[prefecture.pk] = self._staff(prefecture, "agent", max(2, weight // 2), city)
            self.helpers[prefecture.pk] = self._staff(prefecture, "aidant", 2, city)

    def _staff(self, prefecture: Prefecture, kind: str, count: int, city: str) -> list[User]:
        names = [f"seed.{kind}.{prefecture.department_code}.{n}" for n in range(1, count + 1)]
        existing = {u.username: u for u in User.objects.filter(username__in=names)}
        missing = []
        for username in names:
            first, last = self.rng.choice(AGENT_FIRST), self.rng.choice(AGENT_LAST)
            association = self.rng.choice(ASSOCIATIONS)
            if username in existing:  # kept from an earlier run (--append)
                continue
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{_ascii(first)}.{_ascii(last)}.{username.split('.', 1)[1]}@{SEED_DOMAIN}",
                password=self.password,
                email_verified_at=self.now,
            )
            if kind == "agent":
                user.role, user.prefecture = User.Role.AGENT, prefecture
            else:
                user.role = User.Role.HELPER
                user.organisation = f"{association} — {city}"
            missing.append(user)
        User.objects.bulk_create(missing)
        return list(User.objects.filter(username__in=names).order_by("username"))

    def person(self, origin: Origin, *, band: AgeBand, on: date) -> tuple[str, str, date]:
        female = self.rng.random() < 0.42
        first = self.rng.choice(origin.female if female else origin.male)
        if self.rng.random() < 0.15:  # a second given name
            first += " " + self.rng.choice(origin.female if female else origin.male)
        earliest, latest = birth_dates_in_band(band, on=on, oldest=OLDEST)
        born = date.fromordinal(self.rng.randint(earliest.toordinal(), latest.toordinal()))
        return self.rng.choice(origin.last), first, born

    # --- the rules assessment of each archetype -----------------------------------------

    def assessment(self, procedure: str, profile: str) -> dict[str, Any] | None:
        key = (procedure, profile)
        if key not in self.archetypes:
            self.archetypes[key] = self._assess(procedure, profile)
        return self.archetypes[key]

    def online(self, procedure: str, profile: str) -> bool:
        assessment = self.assessment(procedure, profile)
        return assessment is None or assessment.get("channel") == "online"

    def _assess(self, procedure: str, profile: str) -> dict[str, Any] | None:
        """Whether this procedure and profile is filed online: the engine's channel for
        a typical person of the profile today."""
        on = self.today
        band: AgeBand = "may_work" if profile == "minor" else "adult"
        born = birth_dates_in_band(band, on=on, oldest=OLDEST)[1]
        decision = on - timedelta(days=400 if profile == "family" else 40)
        held = None
        if procedure != "first_permit":
            held = (
                "carte_resident" if profile != "subsidiary" else "carte_pluriannuelle",
                on + timedelta(days=90),
            )
        # A fixed typical person: asking does not move the dossiers' random sequence.
        typical = random.Random(0)  # noqa: S311
        declared = self.declared(profile, decision=decision, held=held, on=on, rng=typical)
        return self.engine(declared, procedure=procedure, on=on, born=born)

    def declared(
        self,
        profile: str,
        *,
        decision: date,
        held: tuple[str, date] | None,
        on: date,
        rng: random.Random | None = None,
    ) -> dict[str, Any]:
        """The situation step of the draft, in the deposit's words (engine_input)."""
        rng = rng or self.rng
        family = profile == "family"
        asylum = decision - timedelta(days=rng.randint(120, 900))
        situation: dict[str, Any] = {
            "status": "refugee" if profile in ("family", "minor") else profile,
            "decided_by": "OFPRA" if rng.random() < 0.7 else "CNDA",
            "decision_date": decision.isoformat(),
            "asylum_date": asylum.isoformat(),
            "role": "family_member" if family else "protected",
            "marital_status": "married" if family else rng.choice(("single", "married")),
            "children": rng.choice((0, 0, 1, 2, 3)),
            "wants_to_work": profile == "minor" or rng.random() < 0.8,
        }
        if family:  # united before the asylum application, admitted through reunification
            situation |= {
                "relation": rng.choice(("spouse", "spouse", "civil_partner")),
                "union_date": (asylum - timedelta(days=rng.randint(200, 3000))).isoformat(),
                "community_of_life": True,
                "reunified": True,
            }
        if held is not None:  # the card the request is about, as the register knows it
            years = param(f"cards.{held[0]}_years", on)
            situation |= {
                "card_kind": held[0],
                "card_valid_from": card_valid_from(held[1], years=years).isoformat(),
                "card_valid_until": held[1].isoformat(),
            }
        return situation

    @staticmethod
    def engine(
        declared: dict[str, Any],
        *,
        procedure: str,
        on: date,
        born: date,
        foreign_number: str | None = "6000000000",
        visa_number: str | None = None,
    ) -> dict[str, Any] | None:
        """The engine's assessment of a declared situation, as the deposit asks it."""
        situation = engine_input(
            declared,
            on=on,
            procedure=procedure,
            birth_date=born.isoformat(),
            foreign_number=foreign_number,
            visa_number=visa_number,
        )
        try:
            return assess(parse_situation(situation, today=on)).to_dict()
        except (InvalidSituation, LookupError, ValueError):
            return None  # the engine cannot say: the dossier carries no assessment

    # --- dossiers -------------------------------------------------------------------------

    def life(self, submitted: datetime, pace: float, *, ofpra: bool) -> Life:
        """Walk a deposited dossier through the prefecture until today."""
        rng, now = self.rng, self.now

        def later(at: datetime, low: float, high: float) -> datetime:
            return at + timedelta(days=rng.uniform(low, high) * pace)

        taken = submitted + timedelta(days=rng.expovariate(1 / 9) * pace)
        if now < taken:
            return Life(State.SUBMITTED)
        phases = [(State.IN_INSTRUCTION, later(taken, 5, 30))]
        if rng.random() < 0.22:  # a complement is asked for, and (mostly) answered
            days = rng.uniform(7, 45) if rng.random() < 0.92 else 10_000
            phases.append((State.COMPLEMENT_REQUESTED, phases[-1][1] + timedelta(days=days)))
            phases.append((State.IN_INSTRUCTION, later(phases[-1][1], 2, 15)))
        if ofpra and rng.random() < 0.3:  # the civil-status certificate from OFPRA
            phases.append((State.AWAITING_OFPRA, later(phases[-1][1], 20, 150)))
            received = phases[-1][1]
            phases.append((State.IN_INSTRUCTION, later(received, 2, 20)))
        else:
            received = None
        life = Life(State.IN_INSTRUCTION, taken=True)
        if received and received <= now:
            life.ofpra_received_on = timezone.localdate(received)
        fate = rng.random()  # a few leave before the decision: withdrawn, or sent to the desk
        leaves = State.WITHDRAWN if fate < 0.03 else State.OFFLINE if fate > 0.975 else None
        decided = taken
        for state, until in phases:
            if leaves and rng.random() < 0.5:
                return Life(leaves, taken=True)
            if now < until:
                life.state = state
                return life
            decided = until
        if leaves:
            return Life(leaves, taken=True)
        life.decided_at = decided
        if rng.random() < 0.05:
            life.state, life.refused = State.REFUSED, True
            return life
        ordered = later(decided, 1, 10)
        ready = later(ordered, 15, 40)
        life.card_ready_at = ready
        life.card_fails = rng.random() < 0.02
        collected = later(ready, 3, 45) if rng.random() < 0.96 else None
        for state, until in (
            (State.GRANTED, ordered),
            (State.CARD_ORDERED, ready),
            (State.CARD_AVAILABLE, collected),
        ):
            if until is None or now < until:
                life.state = state
                return life
        life.state = State.HANDED_OVER
        return life

    def submitted_at(self) -> datetime:
        """Deposits over two years, a little more recent ones, in office hours."""
        u = self.rng.random()
        age = HISTORY_DAYS * (u if self.rng.random() < 0.7 else 1 - u**0.5)
        day = self.now - timedelta(days=max(age, 1))
        return day.replace(hour=self.rng.randint(7, 20), minute=self.rng.randint(0, 59))

    def run(self, total: int) -> dict[str, int]:
        made = 0
        stats = {"applicants": 0, "dossiers": 0}
        batch = Batch()
        while made < total:
            made += self.applicant(batch, limit=total - made)
            if len(batch.dossiers) >= BATCH or made >= total:
                self.flush(batch)
                stats["applicants"] += len(batch.users)
                stats["dossiers"] += len(batch.dossiers)
                batch = Batch()
        return stats

    def applicant(self, batch: Batch, *, limit: int) -> int:
        """One applicant and their dossiers (at most `limit`): how many dossiers."""
        rng = self.rng
        origin = _pick(rng, [(o, o.weight) for o in ORIGINS])
        prefecture, _, pace = _pick(rng, [(p, p[1]) for p in self.prefectures])
        profile = _pick(rng, PROFILES)
        first_at = self.submitted_at()
        last, first, born = self.person(origin, band="adult", on=timezone.localdate(first_at))
        index = self.user_index
        self.user_index += 1
        by_visa = profile == "family" and rng.random() < 0.35
        number = visa_number(index) if by_visa else foreign_number(index)
        user = User(
            username=number,
            foreign_number=None if by_visa else number,
            visa_number=number if by_visa else None,
            first_name=first,
            last_name=last,
            email=f"{_ascii(first.split()[0])}.{_ascii(last)}.{index}@{SEED_DOMAIN}",
            password=self.password,
            role=User.Role.APPLICANT,
            birth_date=born,
            language=origin.lang if rng.random() < 0.6 else "fr",
            email_verified_at=first_at - timedelta(days=rng.randint(1, 20)),
            date_joined=first_at - timedelta(days=rng.randint(1, 20)),
        )
        batch.users.append(user)
        owner = len(batch.users) - 1
        helpers = self.helpers[prefecture.pk]
        plan: list[tuple[str, str, datetime]] = [
            ("first_permit" if rng.random() < 0.85 else "renewal", profile, first_at)
        ]
        at = first_at
        for _ in range(_pick(rng, [(0, 72), (1, 20), (2, 8)])):
            at += timedelta(days=rng.uniform(30, 400))
            plan.append((_pick(rng, LATER_PROCEDURES), profile, at))
        if profile != "family" and rng.random() < 0.12:  # a parent files for a child
            for _ in range(rng.choice((1, 1, 2))):
                plan.append(("first_permit", "minor", first_at + timedelta(rng.uniform(0, 200))))
        count = 0
        decision = timezone.localdate(first_at) - timedelta(days=rng.randint(5, 80))
        if profile == "family":  # the sponsor was protected long before
            decision -= timedelta(days=rng.randint(200, 1500))
        for procedure, who, when in plan:
            if count >= limit:
                break
            if when > self.now or not self.online(procedure, who):
                continue  # in the future, or filed at the prefecture rather than online
            filer = None
            if who == "minor":
                _, minor_first, minor_born = self.person(
                    origin, band="may_work", on=timezone.localdate(when)
                )
                holder = (last, minor_first, minor_born)
                filed_by = Dossier.FiledBy.PARENT
            else:
                holder = (last, first, born)
                filed_by = Dossier.FiledBy.SELF
                if rng.random() < 0.08:
                    filed_by, filer = Dossier.FiledBy.HELPER, rng.choice(helpers)
            self.dossier(
                batch,
                owner=owner,
                filer=filer,
                prefecture=prefecture,
                pace=pace,
                procedure=procedure,
                profile=who,
                filed_by=filed_by,
                holder=holder,
                submitted=when,
                decision=decision,
            )
            count += 1
        return count

    def dossier(
        self,
        batch: Batch,
        *,
        owner: int,
        filer: User | None,
        prefecture: Prefecture,
        pace: float,
        procedure: str,
        profile: str,
        filed_by: str,
        holder: tuple[str, str, date],
        submitted: datetime,
        decision: date,
    ) -> None:
        rng = self.rng
        index = self.dossier_index
        self.dossier_index += 1
        on = timezone.localdate(submitted)
        held = None  # the card a later request is about: its validity
        if procedure != "first_permit":
            # A renewal is deposited in (or near) its window; other requests any time.
            days = rng.randint(30, 118) if procedure == "renewal" else rng.randint(200, 3000)
            until = on + timedelta(days=days)
            kind = "carte_pluriannuelle" if profile == "subsidiary" else "carte_resident"
            held = (kind, until)
        draft = self.draft(prefecture, profile, holder, decision, held, on)
        dossier = Dossier(
            reference=dossier_reference(index),
            procedure=procedure,
            filed_by=filed_by,
            prefecture=prefecture,
            draft=draft,
            deposit_key=uuid.UUID(int=rng.getrandbits(128), version=4),
            created_at=submitted - timedelta(hours=rng.uniform(0.2, 72)),
            updated_at=submitted,
        )
        if rng.random() < 0.04:  # abandoned or ongoing drafts never reach the queue
            dossier.state = State.DRAFT
            if rng.random() < 0.3:
                dossier.prefecture = None
                dossier.draft = {"identity": draft["identity"]}
            self._add(batch, dossier, owner, filer)
            return
        user = batch.users[owner]
        assessment = self.engine(
            draft["situation"],
            procedure=procedure,
            on=on,
            born=holder[2],
            foreign_number=None if profile == "minor" else user.foreign_number,
            visa_number=user.visa_number,
        )
        deadline = legal_deadline(assessment) if assessment is not None else None
        life = self.life(submitted, pace, ofpra=profile != "family" and procedure == "first_permit")
        agents = self.agents[prefecture.pk]
        card = (assessment or {}).get("card")
        dossier.state = life.state
        dossier.submitted_at = submitted
        dossier.snapshot = draft
        dossier.assessment = assessment
        dossier.legal_deadline = deadline
        dossier.profile = profile
        dossier.holder_name = f"{holder[0]} {holder[1]}"
        dossier.holder_born = holder[2]
        # Who the request is for, as the deposit records it: the search finds them by it.
        if profile != "minor":
            dossier.subject = user.foreign_number or f"visa:{user.visa_number}"
        dossier.civil_status_received_on = life.ofpra_received_on
        dossier.updated_at = min(self.now, life.decided_at or submitted)
        if life.taken:
            # Each agent has a share of the prefecture's files, some more than others.
            weights = [1 / (n + 1) ** 0.5 for n in range(len(agents))]
            dossier.assigned_to = rng.choices(agents, weights=weights)[0]
        if life.decided_at is not None:
            dossier.decided_at = life.decided_at
            if life.refused:
                dossier.decision = {"outcome": "refused", "reasons": rng.choice(REFUSALS)}
            else:
                dossier.decision = {"outcome": "granted", "card": card}
        if life.state == State.HANDED_OVER and dossier.decision:
            fee = (assessment or {}).get("fees_total_eur", 0)
            dossier.decision = {
                **dossier.decision,
                "stamps": [f"{rng.getrandbits(53):016d}"[-16:]],
                "paid_eur": fee,
                "old_card_returned": procedure != "first_permit",
            }
        if life.state == State.CARD_ORDERED:
            order = CardOrder(
                reference=dossier.reference, ready_at=life.card_ready_at, fails=life.card_fails
            )
            batch.orders.append((len(batch.dossiers), order))
        self._add(batch, dossier, owner, filer)

    def _add(self, batch: Batch, dossier: Dossier, owner: int, filer: User | None) -> None:
        batch.dossiers.append(dossier)
        batch.owners.append(owner)
        if filer is not None:
            dossier.filer = filer

    def draft(
        self,
        prefecture: Prefecture,
        profile: str,
        holder: tuple[str, str, date],
        decision: date,
        held: tuple[str, date] | None,
        on: date,
    ) -> dict[str, Any]:
        rng = self.rng
        code = prefecture.department_code
        if rng.random() < 0.1:
            street = f"Domiciliation {rng.choice(ASSOCIATIONS)}, BP {rng.randint(10, 999)}"
        else:
            street = f"{rng.randint(1, 180)} {rng.choice(STREETS)}"
        identity: dict[str, Any] = {"confirm": True}
        if profile == "minor":
            identity = {
                "minor": {
                    "last_name": holder[0],
                    "first_names": holder[1],
                    "birth_date": holder[2].isoformat(),
                    "foreign_number": "",
                    "parent2_unknown": False,
                }
            }
        situation = self.declared(profile, decision=decision, held=held, on=on)
        return {
            "identity": identity,
            "address": {
                "street": street,
                "postal_code": f"{code}{rng.randint(0, 20) * 10:03d}",
                "city": self.cities[prefecture.pk],
                "phone": "",
            },
            "situation": situation,
            "ephoto": {"code": f"EPH{rng.getrandbits(40):013d}"[:16]},
        }

    def flush(self, batch: Batch) -> None:
        User.objects.bulk_create(batch.users, batch_size=BATCH)
        CardOrder.objects.bulk_create([o for _, o in batch.orders], batch_size=BATCH)
        for position, order in batch.orders:
            batch.dossiers[position].card_order_id = str(order.pk)
        for dossier, owner in zip(batch.dossiers, batch.owners, strict=True):
            dossier.applicant = batch.users[owner]
            if dossier.filer_id is None:
                dossier.filer = dossier.applicant
        with explicit_timestamps():
            insert(Dossier, batch.dossiers)


def insert(model, objects: list) -> None:
    """Insert rows whose ids are not needed back. On PostgreSQL by COPY: bulk_create
    sends its rows as arrays, whose quoting of large JSON values costs more than the
    rest of the seed together."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=BATCH)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {table} ({columns}) FROM STDIN"  # names from the model, no input
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objects:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


class Command(BaseCommand):
    help = "Generate realistic applicants, agents and dossiers for the prefectures' queues."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dossiers", type=int, default=1000)
        parser.add_argument("--prefectures", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--append",
            action="store_true",
            help="add to data an earlier run generated (otherwise refused)",
        )
        parser.add_argument(
            "--not-production",
            action="store_true",
            help="confirm the database is disposable when DEBUG is off (benchmarks)",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["not_production"]:
            raise CommandError(
                "seed_queue refuses to run with DEBUG off: pass --not-production if this "
                "database is a disposable one (a benchmark)."
            )
        if not 1 <= options["prefectures"] <= len(PREFECTURES):
            raise CommandError(f"--prefectures: between 1 and {len(PREFECTURES)}.")
        if options["dossiers"] < 1:
            raise CommandError("--dossiers: at least 1.")
        seeded_users = User.objects.filter(
            role=User.Role.APPLICANT, email__endswith=f"@{SEED_DOMAIN}"
        )
        start = (0, 0)
        if seeded_users.exists():
            if not options["append"]:
                raise CommandError(
                    "This database already holds seeded dossiers: pass --append to add more."
                )
            start = (
                seeded_users.count(),
                Dossier.objects.filter(applicant__email__endswith=f"@{SEED_DOMAIN}").count(),
            )
        started = time.perf_counter()
        seeder = Seeder(seed=options["seed"], prefectures=options["prefectures"], start=start)
        with transaction.atomic():
            seeder.places()
            stats = seeder.run(options["dossiers"])
        inserted = time.perf_counter() - started
        if connection.vendor == "postgresql":
            # What autovacuum would do after a load (VACUUM only outside a transaction).
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                for model in (Dossier, User, CardOrder):
                    cursor.execute(f"{command} {model._meta.db_table}")
        elif connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"seed_queue: {stats['dossiers']} dossiers for {stats['applicants']} applicants "
            f"in {len(seeder.prefectures)} prefectures (seed {options['seed']}"
            f"{', appended' if start != (0, 0) else ''}): "
            f"inserted in {inserted:.1f} s, {elapsed:.1f} s with ANALYZE"
        )
