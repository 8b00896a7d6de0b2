"""Reads and checks the knowledge files.

Every entry lives in its own YAML file: ``regelingen/<id>.yml`` for regelingen,
financiers and programma's, ``loketten/<id>.yml`` for organisations (soort ``loket``),
``onderwerpen/<id>.yml`` for practical topics and questions outside Schakel's field
(soort ``onderwerp`` and ``buiten_veld``).
All problems are collected and raised together as one ``KnowledgeError``; each message
names the file, the field and what is expected, in Dutch, for the editor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.knowledge.schema import LANDELIJK, Entry, Soort, field_name, known_fields

ENTRY_DIRS = ("regelingen", "loketten", "onderwerpen")
VOCAB_FILES = ("themas.yml", "provincies.yml", "sectoren.yml")

_PATTERN_HINTS = {
    "id": "kleine letters, cijfers en streepjes (bijvoorbeeld 'mijn-regeling')",
    "url": "een webadres dat begint met https:// of http://",
    "datum": "een datum als JJJJ-MM-DD, JJJJ-MM, JJJJ of 'ongedateerd'",
    "jaar": "een jaar (2025) of een periode (2024-2028)",
}


class KnowledgeError(Exception):
    """One or more knowledge files are broken; ``problems`` has one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = f"{len(problems)} probleem" if len(problems) == 1 else f"{len(problems)} problemen"
        super().__init__(f"Kennisbank niet geladen ({count}):\n" + "\n".join(problems))


@dataclass(frozen=True)
class Vocabulary:
    """The shared ids from ``themas.yml``, ``provincies.yml`` and ``sectoren.yml``."""

    themas: dict[str, str]
    provincies: dict[str, str]
    sectoren: dict[str, str]


def _display(path: Path, knowledge_dir: Path) -> str:
    try:
        return str(path.relative_to(knowledge_dir.parent))
    except ValueError:
        return str(path)


def _read_yaml(path: Path, shown: str, problems: list[str]) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark else "onbekende plek"
        problems.append(f"{shown}: geen geldige YAML ({where}): {exc.problem}")
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(f"{shown}: kan het bestand niet lezen ({type(exc).__name__})")
    return None


def load_vocabulary(knowledge_dir: Path) -> Vocabulary:
    problems: list[str] = []
    lists = {}
    for name in VOCAB_FILES:
        key = name.removesuffix(".yml")
        path = knowledge_dir / name
        data = _read_yaml(path, _display(path, knowledge_dir), problems)
        try:
            lists[key] = {item["id"]: item["naam"] for item in data[key]}
        except (TypeError, KeyError):
            problems.append(
                f"{_display(path, knowledge_dir)}: verwacht een lijst '{key}' met id en naam"
            )
    if problems:
        raise KnowledgeError(problems)
    return Vocabulary(**lists)


def _describe(error: dict[str, Any]) -> str:
    """One pydantic error in Dutch: what is wrong and what is expected."""
    kind = error["type"]
    value = error.get("input")
    last = next((str(p) for p in reversed(error["loc"]) if isinstance(p, str)), "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "ontbreekt; dit veld is verplicht"
    if kind == "extra_forbidden":
        hint = (
            f"; bekende velden: {', '.join(known_fields(Entry))}" if len(error["loc"]) == 1 else ""
        )
        return f"is geen bekend veld (typefout?){hint}"
    if kind == "enum":
        return f"{value!r} is geen geldige waarde; kies uit: {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return (
            f"{value!r} klopt niet; verwacht {_PATTERN_HINTS.get(last, 'een andere schrijfwijze')}"
        )
    if kind in ("too_short", "string_too_short"):
        return "mag niet leeg zijn"
    if kind in ("string_type",):
        return f"verwacht tekst, niet {value!r}"
    if kind in ("list_type",):
        return "verwacht een lijst, bijvoorbeeld [een, twee]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "verwacht velden (veld: waarde)"
    if kind.startswith(("date_", "datetime_")):
        return f"{value!r} is geen datum; verwacht JJJJ-MM-DD"
    if kind.startswith(("float_", "int_")):
        return f"verwacht een getal, niet {value!r}"
    if kind == "greater_than_equal":
        return f"verwacht {ctx.get('ge')} of meer"
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    return error.get("msg", "klopt niet")


def _check_ids(
    values: Iterable[str], known: dict[str, str], field: str, label: str
) -> list[tuple[str, str]]:
    return [
        (f"{field}[{index}]", f"{value!r} is geen bekende {label}; kies uit: {', '.join(known)}")
        for index, value in enumerate(values)
        if value not in known
    ]


def vocabulary_problems(entry: Entry, vocab: Vocabulary) -> list[tuple[str, str]]:
    """(field, message) for every id that is not in the shared vocabulary."""
    found = _check_ids(entry.themas, vocab.themas, "themas", "thema")
    found += _check_ids(entry.doelgroep.sectoren, vocab.sectoren, "doelgroep.sectoren", "sector")
    found += _check_ids(
        entry.doelgroep.uitgesloten_sectoren,
        vocab.sectoren,
        "doelgroep.uitgesloten_sectoren",
        "sector",
    )
    regio_known = {LANDELIJK: "heel Nederland", **vocab.provincies}
    found += _check_ids(entry.regio, regio_known, "regio", "provincie")
    if LANDELIJK in entry.regio and len(entry.regio) > 1:
        found.append(("regio", "'landelijk' staat alleen; noem anders alleen provincies"))
    return found


def expected_folder(soort: Soort) -> str:
    """The folder an entry of this soort lives in."""
    if soort is Soort.loket:
        return "loketten"
    if soort in (Soort.onderwerp, Soort.buiten_veld):
        return "onderwerpen"
    return "regelingen"


def _parse_entry(path: Path, shown: str, vocab: Vocabulary, problems: list[str]) -> Entry | None:
    data = _read_yaml(path, shown, problems)
    if data is None and not any(p.startswith(shown + ":") for p in problems):
        problems.append(f"{shown}: het bestand is leeg")
    if not isinstance(data, dict):
        if data is not None:
            problems.append(f"{shown}: verwacht velden (veld: waarde) bovenaan het bestand")
        return None
    try:
        entry = Entry.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            where = field_name(error["loc"])
            prefix = f"{shown}: veld '{where}'" if where else f"{shown}:"
            problems.append(f"{prefix}: {_describe(error)}")
        return None
    own = [(f, m) for f, m in vocabulary_problems(entry, vocab)]
    if entry.id != path.stem:
        own.append(("id", f"{entry.id!r} moet gelijk zijn aan de bestandsnaam {path.stem!r}"))
    expected_dir = expected_folder(entry.soort)
    if path.parent.name != expected_dir:
        own.append(("soort", f"een entry met soort '{entry.soort}' hoort in {expected_dir}/"))
    if entry.soort is Soort.buiten_veld and not entry.vervolgstap.loket:
        own.append(
            (
                "vervolgstap.loket",
                "ontbreekt; bij soort 'buiten_veld' noem je de organisatie die wel kan "
                "helpen (het id van een loket)",
            )
        )
    problems.extend(f"{shown}: veld '{field}': {message}" for field, message in own)
    return None if own else entry


def entry_files(knowledge_dir: Path) -> list[Path]:
    return sorted(
        path
        for folder in ENTRY_DIRS
        for path in (knowledge_dir / folder).glob("*.yml")
        if path.is_file()
    )


def load_entries(knowledge_dir: Path) -> tuple[list[Entry], Vocabulary]:
    """All entries, checked; raises ``KnowledgeError`` listing every problem."""
    vocab = load_vocabulary(knowledge_dir)
    problems: list[str] = []
    entries: dict[str, tuple[Entry, str]] = {}
    files = entry_files(knowledge_dir)
    if not files:
        problems.append(
            f"{_display(knowledge_dir, knowledge_dir)}: geen regelingen of loketten gevonden"
        )
    for path in files:
        shown = _display(path, knowledge_dir)
        entry = _parse_entry(path, shown, vocab, problems)
        if entry is None:
            continue
        if entry.id in entries:
            other = entries[entry.id][1]
            problems.append(f"{shown}: veld 'id': {entry.id!r} bestaat al in {other}")
            continue
        entries[entry.id] = (entry, shown)
    # A link to a file that exists but is broken was reported above already.
    existing = {path.stem for path in files}
    for entry, shown in entries.values():
        target = entry.vervolgstap.loket
        if target and target not in existing:
            problems.append(
                f"{shown}: veld 'vervolgstap.loket': {target!r} is geen bekende regeling of loket"
            )
    if problems:
        raise KnowledgeError(problems)
    return [entry for entry, _ in entries.values()], vocab
