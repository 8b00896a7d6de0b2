"""The bedrijfsscan as a conversation, without Rasa: what to say and what changes per turn.

The chat keeps a ``ChatState`` (the ``ScanSession`` plus where the conversation is) and
walks through four steps:

1. **urgentie**: where does it matter most? (a theme, or no preference);
2. **modus**: the quick scan (each theme's kernvraag) or the full scan;
3. **vragen**: the questions, with progress, "waarom?", skip, pause, stop, changing an
   earlier answer and, after two answers that were not understood, a way out. A free-text
   answer that does not clearly map to one option (or answers another question) is
   checked first: "Bedoel je: Een beetje?" with buttons; a theme named as most urgent in
   the first answer moves to the front;
4. **toestemming**: after the result, may we store the scan? (skipped when the intake
   already has consent).

``begin`` starts or resumes the scan, ``ask`` says what to ask now, and ``handle``
interprets one message and returns a ``Turn``: the new state, the messages, and whether
the message is for someone else (``reject``: a regeling question, a wish for an adviser)
or the scan conversation is over (``end``). Messages name responses in ``domain.yml``;
the texts they are filled with come from ``knowledge/scan/``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from assistant.intake.text import clean, words
from assistant.scan import session as scan
from assistant.scan.answers import (
    Interpretation,
    change_markers,
    choose_mode,
    detect_command,
    find_themes,
    interpret,
    mentions_scan,
    names_urgency,
    no_preference,
    other_answer,
    parse_payload,
    theme_words,
    yes_or_no,
)
from assistant.scan.compare import Comparison, compare
from assistant.scan.definition import WEET_NIET, Question, ScanDefinition, Theme
from assistant.scan.regelingen import Profiel
from assistant.scan.report import dutch_date
from assistant.scan.result import ScanResult
from assistant.scan.scoring import advise, score
from assistant.scan.session import Modus, ScanSession

Phase = Literal["urgentie", "modus", "vragen", "toestemming", "klaar"]
FindRegelingen = Callable[[list[str], Any], list[dict[str, Any]]]

GEEN = "geen"  # no preference for the first theme
CONFIDENT = 0.75
MAX_MISSES = 2  # after this many answers that were not understood: offer a way out
SHORT_ANSWER = 3  # words; longer sentences may be something else than an answer
LONG_SENTENCE = 6  # words; a confident intent beats a command word in a longer sentence
# Confident intents that are a question in between, answered by the rules; the scan
# asks its question again afterwards (or stays paused).
INTERRUPTIONS = frozenset({
    "ask_regeling", "ask_eligibility", "ask_amount", "ask_apply", "ask_conditions",
    "more_results", "select_regeling", "request_adviser", "bot_challenge", "capabilities",
    "start_intake", "sensitive_situation",
})
WELCOME_INTENTS = frozenset({"greet", "start_scan"})


@dataclass(frozen=True, slots=True)
class Msg:
    """One bot message: a response from domain.yml, its values and extra buttons."""

    response: str
    values: Mapping[str, Any] = field(default_factory=dict)
    buttons: tuple[Mapping[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Incoming:
    text: str
    intent: str = ""
    confidence: float = 0.0

    def said(self, *intents: str, confident: bool = True) -> bool:
        return self.intent in intents and (not confident or self.confidence >= CONFIDENT)


@dataclass(frozen=True, slots=True)
class PreviousScan:
    """The previous scan in this conversation, for the vervolgscan."""

    datum: date
    resultaat: ScanResult
    id: str | None = None


@dataclass(frozen=True)
class Context:
    """What the chat knows besides the scan: the intake and the previous scan."""

    profiel: Profiel = Profiel()
    intake_toestemming: bool | None = None
    intake_thema: str | None = None  # a Schakel thema id from the intake's hulpvraag
    vorige: PreviousScan | None = None
    vandaag: date = field(default_factory=date.today)
    bewaartermijn: int = 12  # months


@dataclass(frozen=True)
class ChatState:
    sessie: ScanSession | None = None
    urgentie: str | None = None  # a scan theme id, or GEEN
    modus: Modus | None = None
    toestemming: bool | None = None
    missers: tuple[str, int] | None = None  # (step, answers not understood there)
    pauze: bool = False
    gevraagd: str | None = None  # the step asked last (no theme intro when asked again)
    bevestig: tuple[str, str] | None = None  # (vraag_id, waarde) to check before it counts

    def phase(self, definition: ScanDefinition) -> Phase:
        if self.sessie is None:
            return "urgentie" if self.urgentie is None else "modus"
        if not scan.is_finished(definition, self.sessie):
            return "vragen"
        return "toestemming" if self.toestemming is None else "klaar"

    def step(self, definition: ScanDefinition) -> str:
        """Key of the step being asked: "urgentie", "vraag:fin_buffer", ..."""
        phase = self.phase(definition)
        if phase == "vragen":
            return f"vraag:{scan.current_question(definition, self.sessie).id}"
        return phase

    def misses(self, definition: ScanDefinition) -> int:
        if self.missers and self.missers[0] == self.step(definition):
            return self.missers[1]
        return 0

    # --------------------------------------------------------------- slots (JSON)

    def to_slots(self) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """The values of the slots ``scan_sessie`` and ``scan_chat``."""
        chat = {
            "urgentie": self.urgentie,
            "modus": self.modus,
            "toestemming": self.toestemming,
            "missers": list(self.missers) if self.missers else None,
            "pauze": self.pauze,
            "gevraagd": self.gevraagd,
            "bevestig": list(self.bevestig) if self.bevestig else None,
        }
        return (self.sessie.to_slot() if self.sessie else None), chat

    @classmethod
    def from_slots(cls, sessie: object, chat: object) -> ChatState:
        data = chat if isinstance(chat, Mapping) else {}
        missers = data.get("missers")
        valid_misses = (isinstance(missers, list | tuple) and len(missers) == 2
                        and isinstance(missers[0], str) and isinstance(missers[1], int))
        modus = data.get("modus")
        toestemming = data.get("toestemming")
        check = data.get("bevestig")
        valid_check = (isinstance(check, list | tuple) and len(check) == 2
                       and all(isinstance(part, str) for part in check))
        return cls(
            sessie=ScanSession.from_slot(sessie),
            urgentie=data.get("urgentie") if isinstance(data.get("urgentie"), str) else None,
            modus=modus if modus in ("kort", "volledig") else None,
            toestemming=toestemming if isinstance(toestemming, bool) else None,
            missers=(missers[0], missers[1]) if valid_misses else None,
            pauze=data.get("pauze") is True,
            gevraagd=data.get("gevraagd") if isinstance(data.get("gevraagd"), str) else None,
            bevestig=(check[0], check[1]) if valid_check else None,
        )


@dataclass
class Turn:
    state: ChatState
    messages: list[Msg] = field(default_factory=list)
    reject: bool = False  # not for the scan: the rules answer it, the scan resumes after
    end: bool = False  # the scan conversation is over (stopped, or consent decided)
    result: ScanResult | None = None  # set when the result was just shown


# ------------------------------------------------------------------------- helpers


def _names(definition: ScanDefinition, titles: list[str]) -> str:
    """ "Ja, Een beetje, Nee of Weet ik niet"."""
    if len(titles) <= 1:
        return "".join(titles)
    return f"{', '.join(titles[:-1])} {definition.teksten.chat.of} {titles[-1]}"


def short_score(value: float | None) -> str:
    """2.0 → "2"; 3.5 → "3,5"; None → "–"."""
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def _miss(definition: ScanDefinition, state: ChatState) -> ChatState:
    return replace(state, missers=(state.step(definition), state.misses(definition) + 1))


def _rest(definition: ScanDefinition, text: str) -> str:
    """The text without the words that name a theme (to read what is left as an answer)."""
    skip = theme_words(definition, text)
    return " ".join(w for i, w in enumerate(words(clean(text))) if i not in skip)


def _planned_in(definition: ScanDefinition, session: ScanSession, theme: Theme) -> list[Question]:
    return [q for q in scan.plan(definition, session) if definition.theme_of(q.id).id == theme.id]


# ---------------------------------------------------------------------- beginning


def _intake_theme(definition: ScanDefinition, context: Context) -> Theme | None:
    return definition.find_theme(context.intake_thema)


def new_state(definition: ScanDefinition, context: Context,
              text: str = "") -> tuple[ChatState, list[Msg]]:
    """A fresh scan: introduction, and the urgent theme when known: the one named in the
    message that started the scan ("ik wil de scan doen, vooral over geld"), else the
    intake's theme."""
    messages = [Msg("utter_scan_intro", {"aantal": str(len(definition.themas))})]
    if context.vorige is not None:
        messages.append(Msg("utter_scan_vervolg_intro",
                            {"datum": dutch_date(definition, context.vorige.datum)}))
    named = find_themes(definition, text) if not clean(text).startswith("/") else []
    theme = named[0] if named else _intake_theme(definition, context)
    if named:
        messages.append(Msg("utter_scan_begin_met", {"thema": theme.naam}))
    elif theme is not None:
        messages.append(Msg("utter_scan_begin_met_intake", {"thema": theme.naam}))
    return ChatState(urgentie=theme.id if theme else None), messages


def begin(definition: ScanDefinition, state: ChatState, context: Context,
          text: str = "") -> tuple[ChatState, list[Msg]]:
    """Start the scan, or resume the one that was left (also after a stop or a pause).
    ``text``: the message that started it, which may name the urgent theme."""
    started = state.sessie is not None or state.modus is not None or state.urgentie is not None
    if started and state.phase(definition) != "klaar":
        return (replace(state, pauze=False, missers=None, gevraagd=None),
                [Msg("utter_scan_welkom_terug")])
    return new_state(definition, context, text)


def _create_session(definition: ScanDefinition, state: ChatState, modus: Modus,
                    context: Context) -> ChatState:
    first = None if state.urgentie in (None, GEEN) else state.urgentie
    session = scan.start(definition, modus, first)
    session = scan.prefill(definition, session, context.profiel.medewerkers)
    return replace(state, modus=modus, sessie=session, missers=None)


# --------------------------------------------------------------------------- asking


def _question_messages(definition: ScanDefinition, state: ChatState) -> list[Msg]:
    session = state.sessie
    question = scan.current_question(definition, session)
    theme = definition.theme_of(question.id)
    buttons = tuple(definition.buttons(question))
    misses = state.misses(definition)
    if misses == 0:
        messages = []
        if scan.starts_theme(definition, session) and state.gevraagd != state.step(definition):
            messages.append(Msg("utter_scan_thema_intro", {"intro": theme.intro}))
        text = scan.progress(definition, session).tekst
        messages.append(Msg("utter_scan_vraag", {"voortgang": text, "vraag": question.tekst},
                            buttons))
        return messages
    titles = [button["title"] for button in buttons]
    messages = [Msg("utter_scan_vraag_anders",
                    {"vraag": question.tekst, "opties": _names(definition, titles)}, buttons)]
    if misses >= MAX_MISSES:
        messages.append(Msg("utter_scan_vastgelopen"))
    return messages


def _check_message(definition: ScanDefinition, state: ChatState) -> Msg:
    """ "Bedoel je: Een beetje?" with "Ja, dat klopt", "Nee, iets anders" and the other
    answers as buttons ("Ja, dat klopt" sends the guessed answer's own button)."""
    vraag_id, waarde = state.bevestig
    question = definition.question(vraag_id)
    texts = definition.teksten.chat
    title = definition.answer_title(question, waarde)
    current = scan.current_question(definition, state.sessie)
    if current is not None and current.id == vraag_id:
        text = texts.bevestig.format(antwoord=title)
    else:
        text = texts.bevestig_andere_vraag.format(vraag=question.tekst, antwoord=title)
    buttons = [{"title": texts.knop_bevestig_ja, "payload": definition.payload(question, waarde)},
               {"title": texts.knop_bevestig_nee, "payload": texts.knop_bevestig_nee}]
    buttons += [b for b in definition.buttons(question)
                if b["payload"] != definition.payload(question, waarde)]
    return Msg("utter_scan_tekst", {"tekst": text}, tuple(buttons))


def ask(definition: ScanDefinition, state: ChatState,
        context: Context) -> tuple[ChatState, list[Msg]]:
    """What to ask now (nothing while paused or when done)."""
    phase = state.phase(definition)
    if state.pauze or phase == "klaar":
        return state, []
    misses = state.misses(definition)
    if phase == "urgentie":
        buttons = [{"title": t.naam, "payload": t.naam} for t in definition.themas]
        none = definition.teksten.chat.knop_geen_voorkeur
        buttons.append({"title": none, "payload": none})
        name = "utter_scan_urgentie_anders" if misses else "utter_ask_scan_urgentie"
        messages = [Msg(name, {}, tuple(buttons))]
    elif phase == "modus":
        counts = {
            "kort": str(len(definition.themas)),
            "volledig": str(sum(len(t.vragen) for t in definition.themas)),
        }
        name = "utter_scan_modus_anders" if misses else "utter_ask_scan_modus"
        messages = [Msg(name, counts)]
    elif phase == "vragen" and state.bevestig is not None:
        messages = [_check_message(definition, state)]
    elif phase == "vragen":
        messages = _question_messages(definition, state)
    else:
        name = "utter_scan_toestemming_anders" if misses else "utter_ask_scan_toestemming"
        messages = [Msg(name, {"bewaartermijn": str(context.bewaartermijn)})]
    return replace(state, gevraagd=state.step(definition)), messages


# ------------------------------------------------------------------------- result


def result_of(definition: ScanDefinition, session: ScanSession, context: Context,
              find_regelingen: FindRegelingen) -> ScanResult:
    """The scored result with the regelingen that fit each aandachtspunt."""
    return advise(score(definition, session), find_regelingen, context.profiel)


def result_messages(definition: ScanDefinition, result: ScanResult,
                    comparison: Comparison | None = None,
                    vorige_datum: date | None = None) -> list[Msg]:
    """The result in chat: scores with one line each, strengths, aandachtspunten with a
    first step, regelingen and organisations, the direction, notes, and what changed."""
    texts = definition.teksten
    chat = texts.chat
    messages = [Msg("utter_scan_klaar", {"soort": chat.soort[result.modus]})]
    lines = []
    for theme in result.themas:
        if theme.status == "niet_gevraagd":
            continue
        if theme.score is None:
            lines.append(chat.score_regel_geen.format(thema=theme.naam, uitleg=theme.uitleg))
        else:
            lines.append(chat.score_regel.format(thema=theme.naam, score=short_score(theme.score),
                                                 uitleg=theme.uitleg))
    messages.append(Msg("utter_scan_scores", {"regels": "\n".join(lines)}))
    if result.sterktes:
        strengths = [chat.sterkte_regel.format(thema=s.naam, tekst=s.tekst)
                     for s in result.sterktes]
        messages.append(Msg("utter_scan_sterktes", {"regels": "\n".join(strengths)}))
    else:
        messages.append(Msg("utter_scan_tekst", {"tekst": texts.geen_sterktes}))
    if not result.aandachtspunten:
        messages.append(Msg("utter_scan_tekst", {"tekst": texts.geen_aandachtspunten}))
    for number, point in enumerate(result.aandachtspunten, start=1):
        extra = [chat.eerste_stap.format(stap=point.stappen[0])] if point.stappen else []
        names = [str(r.get("kort") or r.get("naam") or r.get("titel")) for r in point.regelingen
                 if r.get("kort") or r.get("naam") or r.get("titel")]
        if names:
            extra.append(chat.regelingen.format(namen=", ".join(names)))
        if point.organisaties:
            extra.append(chat.organisaties.format(
                namen=", ".join(org.naam for org in point.organisaties)))
        messages.append(Msg("utter_scan_aandachtspunt", {
            "nummer": str(number), "titel": point.titel, "uitleg": point.uitleg,
            "meer": "\n".join(extra),
        }))
    if result.richting is not None:
        messages.append(Msg("utter_scan_richting", {
            "naam": result.richting.naam, "uitleg": result.richting.uitleg,
            "reden": result.richting.reden,
        }))
    else:
        messages.append(Msg("utter_scan_tekst", {"tekst": texts.richting_onbekend}))
    for note in result.opmerkingen:
        messages.append(Msg("utter_scan_tekst", {"tekst": note}))
    if comparison is not None:
        messages.append(comparison_message(definition, comparison, vorige_datum))
    return messages


def comparison_lines(definition: ScanDefinition, comparison: Comparison) -> list[str]:
    """ "Financiën: 2 → 4 (beter)" per theme that has a score now or had one before."""
    chat = definition.teksten.chat
    lines = []
    for change in comparison.themas:
        trend = chat.trend_kort[change.trend]
        if change.trend == "onbekend":
            continue
        if change.vorige is not None and change.nu is not None:
            lines.append(chat.vergelijking_regel.format(
                thema=change.naam, vorige=short_score(change.vorige),
                nu=short_score(change.nu), trend=trend))
        else:
            lines.append(chat.vergelijking_regel_geen.format(thema=change.naam, trend=trend))
    return lines


def comparison_message(definition: ScanDefinition, comparison: Comparison,
                       vorige_datum: date | None) -> Msg:
    lines = comparison_lines(definition, comparison)
    if comparison.richting_tekst:
        lines.append(comparison.richting_tekst)
    datum = dutch_date(definition, vorige_datum) if vorige_datum else ""
    return Msg("utter_scan_vergelijking", {"datum": datum, "regels": "\n".join(lines)})


def compact_result(result: ScanResult) -> dict[str, Any]:
    """The result without the answer lines: small enough for a slot, enough to compare."""
    data = result.model_dump(mode="json")
    for theme in data["themas"]:
        theme["antwoorden"] = []
    return data


def summary(definition: ScanDefinition, result: ScanResult, datum: date,
            scan_id: str | None = None, rapport: str | None = None) -> dict[str, Any]:
    """A short, non-personal summary for the adviser (the slot ``scan_samenvatting``)."""
    found: dict[str, Any] = {
        "soort": definition.teksten.chat.soort[result.modus],
        "datum": datum.isoformat(),
        "richting": result.richting.naam if result.richting else None,
        "scores": {t.naam: t.score for t in result.themas if t.score is not None},
        "sterke_punten": [s.naam for s in result.sterktes],
        "aandachtspunten": [p.titel for p in result.aandachtspunten],
        "signalen": [f"{s.vraag} {s.antwoord}" for s in result.signalen],
        "adviseur_aanbevolen": result.adviseur_aanbevolen,
        "scan_id": scan_id,
        "rapport": rapport,
    }
    return {key: value for key, value in found.items() if value not in (None, [], {})}


def _finished(definition: ScanDefinition, state: ChatState, context: Context,
              find_regelingen: FindRegelingen, messages: list[Msg]) -> Turn:
    """The last answer is in (or an answer changed afterwards): show the result, then
    ask consent unless the intake has it."""
    result = result_of(definition, state.sessie, context, find_regelingen)
    comparison = None
    if context.vorige is not None:
        comparison = compare(definition, context.vorige.resultaat, result, context.vorige.datum)
    messages = messages + result_messages(definition, result, comparison,
                                          context.vorige.datum if context.vorige else None)
    consent = True if context.intake_toestemming is True else None
    state = replace(state, toestemming=consent, missers=None, gevraagd=None)
    return Turn(state, messages, end=consent is not None, result=result)


def _after_answer(definition: ScanDefinition, before: ChatState, state: ChatState,
                  context: Context, find_regelingen: FindRegelingen,
                  messages: list[Msg]) -> Turn:
    if scan.is_finished(definition, state.sessie):
        return _finished(definition, state, context, find_regelingen, messages)
    if before.phase(definition) == "toestemming":
        state = replace(state, toestemming=None)
    return Turn(replace(state, missers=None), messages)


# ------------------------------------------------------------------ changing answers


def _change_request(definition: ScanDefinition, state: ChatState,
                    text: str) -> tuple[bool, Theme | None]:
    """(is this a change request?, the theme it names, if any)."""
    markers = change_markers(definition, text)
    themes = find_themes(definition, text)
    current = scan.current_theme(definition, state.sessie)
    if themes:
        other = current is None or themes[0].id != current.id
        return (markers.strong or (markers.weak and other)), themes[0]
    return (markers.strong or detect_command(definition, text) == "vorige"), None


def _change(definition: ScanDefinition, state: ChatState, theme: Theme | None, text: str,
            context: Context, find_regelingen: FindRegelingen) -> Turn:
    session = state.sessie
    rest = _rest(definition, text)
    if theme is None:
        question = scan.previous_question(definition, session)
        if question is None:
            return Turn(state, [Msg("utter_scan_wijzig_welke")])
        targets = [question]
        theme = definition.theme_of(question.id)
    elif theme.id in session.overgeslagen:
        session = scan.reopen(definition, session, theme.id)
        return Turn(replace(state, sessie=session, toestemming=None, missers=None),
                    [Msg("utter_scan_thema_heropend", {"thema": theme.naam})])
    else:
        targets = [q for q in _planned_in(definition, session, theme)
                   if q.id in session.antwoorden]
        if not targets:
            return Turn(state, [Msg("utter_scan_nog_niet", {"thema": theme.naam})])
    if len(targets) == 1:
        found = interpret(definition, targets[0], rest) if rest else None
        if found is not None and found.vraag_id == targets[0].id:
            session = scan.answer(definition, session, found.waarde, found.vraag_id)
            message = Msg("utter_scan_gewijzigd", {
                "thema": theme.naam,
                "antwoord": definition.answer_title(targets[0], found.waarde),
            })
            return _after_answer(definition, state, replace(state, sessie=session), context,
                                 find_regelingen, [message])
        session = scan.reopen(definition, session, targets[0].id)
        message = Msg("utter_scan_vraag_heropend", {"thema": theme.naam})
    else:
        session = scan.reopen(definition, session, theme.id)
        message = Msg("utter_scan_thema_heropend", {"thema": theme.naam})
    return Turn(replace(state, sessie=session, toestemming=None, missers=None), [message])


# ------------------------------------------------------------------------ handling


def _common(definition: ScanDefinition, state: ChatState, incoming: Incoming,
            command: str | None, why: str | None) -> Turn | None:
    """What every step understands: stop, pause, start again, why, hello, a question in
    between. ``why``: the explanation for "waarom?" at this step."""
    if incoming.said(*INTERRUPTIONS) and len(words(clean(incoming.text))) > LONG_SENTENCE:
        return Turn(state, reject=True)  # a whole sentence about something else
    if command == "stoppen" or incoming.said("stop"):
        return Turn(state, [Msg("utter_scan_gestopt")], end=True)
    if command == "pauze" or incoming.said("goodbye"):
        return Turn(replace(state, pauze=True), [Msg("utter_scan_pauze")])
    if command == "opnieuw":
        return Turn(ChatState(), [Msg("utter_scan_opnieuw")])
    if command == "waarom" and why:
        # A fair question, not a miss: the question comes again as it was first asked.
        return Turn(replace(state, missers=None), [Msg("utter_scan_waarom", {"waarom": why})])
    if command == "verder" or incoming.said(*WELCOME_INTENTS):
        return Turn(replace(state, gevraagd=None), [Msg("utter_scan_welkom_terug")])
    if incoming.said("thank"):
        return Turn(state, [])
    if incoming.said(*INTERRUPTIONS):
        return Turn(state, reject=True)
    return None


def _choice(definition: ScanDefinition, state: ChatState, incoming: Incoming,
            understood: Callable[[], Turn | None], why: str,
            give_up: Callable[[ChatState], Turn]) -> Turn:
    """One step with a few choices: what the step understands, else what every step
    understands, else a miss; after ``MAX_MISSES`` the step gives up with a default."""
    turn = understood()
    if turn is None:
        command = detect_command(definition, incoming.text)
        turn = _common(definition, state, incoming, command, why)
    if turn is not None:
        return turn
    state = _miss(definition, state)
    if state.misses(definition) >= MAX_MISSES:
        return give_up(replace(state, missers=None))
    return Turn(state)


def _handle_urgency(definition: ScanDefinition, state: ChatState, incoming: Incoming,
                    context: Context) -> Turn:
    text = incoming.text

    def understood() -> Turn | None:
        themes = find_themes(definition, text)
        mode = choose_mode(definition, text)
        if themes:
            chosen = replace(state, urgentie=themes[0].id, missers=None)
            if mode is not None:  # "kort graag, vooral geld"
                chosen = _create_session(definition, chosen, mode, context)
            return Turn(chosen)
        if no_preference(definition, text) or mode is not None:
            chosen = replace(state, urgentie=GEEN, missers=None)
            if mode is not None:  # "de korte scan graag": begin at the beginning
                chosen = _create_session(definition, chosen, mode, context)
            return Turn(chosen)
        return None

    return _choice(definition, state, incoming, understood,
                   definition.teksten.chat.waarom_urgentie,
                   lambda given_up: Turn(replace(given_up, urgentie=GEEN),
                                         [Msg("utter_scan_begin_bij_begin")]))


def _handle_mode(definition: ScanDefinition, state: ChatState, incoming: Incoming,
                 context: Context) -> Turn:
    text = incoming.text

    def quick(chosen: ChatState) -> Turn:
        return Turn(_create_session(definition, chosen, "kort", context),
                    [Msg("utter_scan_kies_kort")])

    def understood() -> Turn | None:
        mode = choose_mode(definition, text)
        themes = find_themes(definition, text)
        if mode is not None and themes and themes[0].id != state.urgentie:
            # "kort, en personeel is het belangrijkst": that theme first
            chosen = replace(state, urgentie=themes[0].id)
            return Turn(_create_session(definition, chosen, mode, context),
                        [Msg("utter_scan_begin_met", {"thema": themes[0].naam})])
        if mode is not None:
            return Turn(_create_session(definition, state, mode, context))
        if no_preference(definition, text):
            return quick(state)
        if themes:  # "toch liever met personeel beginnen"
            return Turn(replace(state, urgentie=themes[0].id, missers=None),
                        [Msg("utter_scan_begin_met", {"thema": themes[0].naam})])
        return None

    return _choice(definition, state, incoming, understood,
                   definition.teksten.chat.waarom_modus, quick)


def _weak_answer_to_something_else(found: Interpretation, incoming: Incoming) -> bool:
    """ "ik heb schulden en weet niet hoe ik verder moet" holds a "nee", but it is no answer
    to "Weet je wie je klanten zijn?": a sentence that is confidently something else and
    only holds a general signal (ja, nee, "weet niet") goes to the rules."""
    return (found.via in ("signaal", "weet_niet") and incoming.said(*INTERRUPTIONS)
            and len(words(clean(incoming.text))) > SHORT_ANSWER)


def _answer(definition: ScanDefinition, state: ChatState, vraag_id: str, waarde: str,
            context: Context, find_regelingen: FindRegelingen) -> Turn:
    current = scan.current_question(definition, state.sessie)
    question = definition.question(vraag_id)
    messages = []
    if current is None or vraag_id != current.id:
        messages.append(Msg("utter_scan_gewijzigd", {
            "thema": definition.theme_of(vraag_id).naam,
            "antwoord": definition.answer_title(question, waarde),
        }))
    option = question.option(waarde)
    if option is not None and option.gevoelig:
        messages.append(Msg("utter_scan_gevoelig_antwoord"))
    session = scan.answer(definition, state.sessie, waarde, vraag_id)
    return _after_answer(definition, state, replace(state, sessie=session), context,
                         find_regelingen, messages)


def _handle_question(definition: ScanDefinition, state: ChatState, incoming: Incoming,
                     context: Context, find_regelingen: FindRegelingen) -> Turn:
    text = incoming.text
    question = scan.current_question(definition, state.sessie)
    if clean(text).startswith("/"):
        button = parse_payload(definition, text, question)
        if button is not None:
            return _answer(definition, state, button.vraag_id, button.waarde, context,
                           find_regelingen)
    command = detect_command(definition, text)
    if incoming.said("skip") and clean(text).startswith("/"):
        command = "overslaan"
    if mentions_scan(text) and (turn := _common(definition, state, incoming, command, None)):
        return turn
    urgent = _urgent_theme(definition, state, text)
    if urgent is not None:
        return _move_first(definition, state, urgent, text, context, find_regelingen)
    is_change, theme = _change_request(definition, state, text)
    if is_change:
        return _change(definition, state, theme, text, context, find_regelingen)
    found = interpret(definition, question, text)
    if found is not None and found.zeker and not _weak_answer_to_something_else(found, incoming):
        return _answer(definition, state, found.vraag_id, found.waarde, context, find_regelingen)
    guess = found if found is not None and not found.zeker else None
    if found is None or (guess is not None and guess.via == "signaal"):
        side = other_answer(definition, question, text, state.sessie.antwoorden)
        a_command = command is not None and len(words(clean(text))) <= SHORT_ANSWER
        about_else = incoming.said(*INTERRUPTIONS) and len(words(clean(text))) > LONG_SENTENCE
        if side is not None and not a_command and not about_else:
            guess = side  # "over vijf jaar stoppen" answers another question
    if guess is not None and not _weak_answer_to_something_else(guess, incoming):
        return Turn(replace(state, bevestig=(guess.vraag_id, guess.waarde), missers=None))
    if command == "overslaan":
        session = scan.answer(definition, state.sessie, WEET_NIET)
        return _after_answer(definition, state, replace(state, sessie=session), context,
                             find_regelingen, [Msg("utter_scan_vraag_overgeslagen")])
    if command == "thema_overslaan":
        theme = definition.theme_of(question.id)
        session = scan.skip_theme(definition, state.sessie)
        return _after_answer(definition, state, replace(state, sessie=session), context,
                             find_regelingen,
                             [Msg("utter_scan_thema_overgeslagen", {"thema": theme.naam})])
    turn = _common(definition, state, incoming, command, question.waarom)
    if turn is not None:
        return turn
    return Turn(_miss(definition, state))


def _urgent_theme(definition: ScanDefinition, state: ChatState, text: str) -> Theme | None:
    """The theme named as most urgent in the first answer ("geld is mijn grootste zorg"),
    when it is not the theme being asked."""
    session = state.sessie
    before = scan.previous_question(definition, session)
    if before is not None and not before.vooraf:  # not the first answer
        return None
    themes = find_themes(definition, text)
    current = scan.current_theme(definition, session)
    if not themes or current is None or themes[0].id == current.id:
        return None
    return themes[0] if names_urgency(definition, text) else None


def _move_first(definition: ScanDefinition, state: ChatState, theme: Theme, text: str,
                context: Context, find_regelingen: FindRegelingen) -> Turn:
    """Begin with the urgent theme. A clear answer to the question asked is kept."""
    question = scan.current_question(definition, state.sessie)
    session = state.sessie
    rest = _rest(definition, text)
    found = interpret(definition, question, rest) if rest else None
    if found is not None and found.zeker and found.vraag_id == question.id:
        session = scan.answer(definition, session, found.waarde, question.id)
    session = scan.move_first(definition, session, theme.id)
    state = replace(state, sessie=session, urgentie=theme.id, missers=None, gevraagd=None)
    return _after_answer(definition, state, state, context, find_regelingen,
                         [Msg("utter_scan_begin_met", {"thema": theme.naam})])


def _confirmed(definition: ScanDefinition, state: ChatState, vraag_id: str, waarde: str,
               context: Context, find_regelingen: FindRegelingen) -> Turn:
    """The checked answer counts. For another question than the one asked, that question
    is answered quietly and the question asked comes again."""
    current = scan.current_question(definition, state.sessie)
    if current is not None and current.id == vraag_id:
        return _answer(definition, state, vraag_id, waarde, context, find_regelingen)
    option = definition.question(vraag_id).option(waarde)
    messages = [Msg("utter_scan_gevoelig_antwoord")] if option and option.gevoelig else []
    session = scan.answer(definition, state.sessie, waarde, vraag_id)
    return _after_answer(definition, state, replace(state, sessie=session), context,
                         find_regelingen, messages)


def _handle_check(definition: ScanDefinition, state: ChatState, incoming: Incoming,
                  context: Context, find_regelingen: FindRegelingen) -> Turn:
    """The answer to "Bedoel je: …?": yes counts the guess, no asks the question again
    with its buttons, anything else is read as a new answer."""
    vraag_id, waarde = state.bevestig
    cleared = replace(state, bevestig=None)
    text = incoming.text
    if clean(text).startswith("/"):
        button = parse_payload(definition, text, definition.question(vraag_id))
        if button is not None and button.vraag_id == vraag_id:
            return _confirmed(definition, cleared, vraag_id, button.waarde, context,
                              find_regelingen)
        return _handle_question(definition, cleared, incoming, context, find_regelingen)
    answer = yes_or_no(definition, text)
    short = len(words(clean(text))) <= SHORT_ANSWER
    if answer == "ja" and short or (answer is None and short and incoming.said("affirm")):
        return _confirmed(definition, cleared, vraag_id, waarde, context, find_regelingen)
    if answer == "nee" and short or (answer is None and short and incoming.said("deny")):
        return Turn(replace(cleared, missers=None),
                    [Msg("utter_scan_tekst", {"tekst": definition.teksten.chat.bevestig_nee})])
    return _handle_question(definition, cleared, incoming, context, find_regelingen)


def _handle_consent(definition: ScanDefinition, state: ChatState, incoming: Incoming,
                    context: Context, find_regelingen: FindRegelingen) -> Turn:
    text = incoming.text

    def understood() -> Turn | None:
        if clean(text).startswith("/"):
            button = parse_payload(definition, text)
            if button is not None:  # an earlier answer button, clicked again
                return _answer(definition, state, button.vraag_id, button.waarde, context,
                               find_regelingen)
        is_change, theme = _change_request(definition, state, text)
        if is_change:
            return _change(definition, state, theme, text, context, find_regelingen)
        if state.modus == "kort" and choose_mode(definition, text) == "volledig":
            session = scan.set_mode(definition, state.sessie, "volledig")
            return Turn(replace(state, sessie=session, modus="volledig", toestemming=None,
                                missers=None), [Msg("utter_scan_naar_volledig")])
        answer = yes_or_no(definition, text)
        if incoming.said("affirm", confident=False) or answer == "ja":
            return Turn(replace(state, toestemming=True), end=True)
        stop = detect_command(definition, text) == "stoppen" or incoming.said("stop")
        if incoming.said("deny", confident=False) or answer == "nee" or stop:
            return Turn(replace(state, toestemming=False), end=True)
        return None

    # Unclear twice: to be safe, nothing is stored.
    return _choice(definition, state, incoming, understood,
                   definition.teksten.chat.waarom_toestemming,
                   lambda given_up: Turn(replace(given_up, toestemming=False), end=True))


def handle(definition: ScanDefinition, state: ChatState, incoming: Incoming, context: Context,
           find_regelingen: FindRegelingen) -> Turn:
    """Interpret one message of the ondernemer during the scan."""
    paused = state
    state = replace(state, pauze=False)
    phase = state.phase(definition)
    if phase == "urgentie":
        turn = _handle_urgency(definition, state, incoming, context)
    elif phase == "modus":
        turn = _handle_mode(definition, state, incoming, context)
    elif phase == "vragen" and state.bevestig is not None:
        turn = _handle_check(definition, state, incoming, context, find_regelingen)
    elif phase == "vragen":
        turn = _handle_question(definition, state, incoming, context, find_regelingen)
    elif phase == "toestemming":
        turn = _handle_consent(definition, state, incoming, context, find_regelingen)
    else:
        return Turn(state, end=True)
    if turn.reject:
        return Turn(paused, reject=True)  # a paused scan stays paused
    if paused.pauze and not turn.messages and not turn.end and turn.state.phase(
            definition) == phase and turn.state.missers != state.missers:
        # Back after a pause with something that is no answer: just ask again.
        return Turn(replace(state, gevraagd=None), [Msg("utter_scan_welkom_terug")])
    return turn
