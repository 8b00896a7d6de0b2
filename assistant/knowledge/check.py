"""The knowledge check: ``python -m assistant.knowledge.check [map] [--vandaag JJJJ-MM-DD]``.

1. Loads the folder with the loader: every schema problem is a hard error.
2. Source rules: every entry needs a source with a URL or a document title (hard
   error); entries of RVO, Belastingdienst, KVK and UWV should cite an official site
   (the organisation's own, the government's or the provincie's): those that do not
   are listed as a warning. It counts the entries citing an official site, and those
   checked against an official source of this year (dated this year or later).
3. Lists the entries past their review date (``controleren_voor``).

Exit code 1 only for hard errors; warnings and entries to review do not fail it.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from assistant.knowledge.loader import KnowledgeError, entry_files, load_entries
from assistant.knowledge.schema import Entry
from assistant.knowledge.sources import (
    executing_organisations,
    needs_official_source,
    official_source_of_year,
    official_sources,
)
from assistant.settings import Settings


@dataclass
class Report:
    """What the check found. ``errors`` fail it; the rest is information."""

    today: date
    entries: list[Entry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    without_official_source: list[Entry] = field(default_factory=list)
    with_official_source: int = 0
    checked_this_year: list[Entry] = field(default_factory=list)
    past_review: list[Entry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _shown(knowledge_dir: Path) -> dict[str, str]:
    """Entry id → the file as the loader names it (``knowledge/regelingen/wbso.yml``)."""
    return {
        path.stem: str(path.relative_to(knowledge_dir.parent))
        for path in entry_files(knowledge_dir)
    }


def source_errors(entry: Entry, shown: str) -> list[str]:
    """Hard source rules: at least one source with a URL or a document title."""
    if any((b.url or "").strip() or (b.titel or "").strip() for b in entry.bronnen):
        return []
    return [
        f"{shown}: veld 'bronnen': geen bron met een url of een titel; noem minstens één "
        "webpagina (url) of brondocument (titel)"
    ]


def check(knowledge_dir: Path, today: date | None = None) -> Report:
    report = Report(today=today or date.today())
    try:
        entries, _ = load_entries(knowledge_dir)
    except KnowledgeError as exc:
        report.errors.extend(exc.problems)
        return report
    shown = _shown(knowledge_dir)
    report.entries = entries
    for entry in sorted(entries, key=lambda e: e.id):
        report.errors.extend(source_errors(entry, shown.get(entry.id, entry.id)))
        if needs_official_source(entry):
            report.without_official_source.append(entry)
        report.with_official_source += bool(official_sources(entry))
        if official_source_of_year(entry, report.today.year):
            report.checked_this_year.append(entry)
    report.past_review = sorted(
        (e for e in entries if e.past_review(report.today)),
        key=lambda e: (e.review_date, e.id),
    )
    return report


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    cells = ((cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in [header, *rows])
    return [("  " + "  ".join(row)).rstrip() for row in cells]


def format_report(report: Report, knowledge_dir: Path) -> str:
    lines: list[str] = []
    if report.errors:
        lines.append(f"Kennisbank {knowledge_dir}: {len(report.errors)} fout(en):")
        lines.extend(f"  {problem}" for problem in report.errors)
        lines.append("Controle mislukt.")
        return "\n".join(lines)
    total = len(report.entries)
    lines.append(f"Kennisbank {knowledge_dir}: {total} entries geladen, schema in orde.")
    lines.append("Bronnen: elke entry heeft een bron met een url of een titel.")
    missing = report.without_official_source
    organisations = sum(1 for e in report.entries if executing_organisations(e))
    lines.append(
        f"Waarschuwing: {len(missing)} van {organisations} entries van RVO, Belastingdienst, "
        "KVK of UWV hebben geen bron op een officiële site (eigen site, overheid of provincie):"
        if missing
        else f"Alle {organisations} entries van RVO, Belastingdienst, KVK en UWV hebben een "
        "officiële bron."
    )
    if missing:
        lines.extend(_table([(e.id, e.uitvoerder) for e in missing], ("id", "uitvoerder")))
    year = report.today.year
    checked = report.checked_this_year
    lines.append(
        f"Officiële bron: {report.with_official_source} van {total} entries noemen een officiële "
        f"site; {len(checked)} zijn gecontroleerd tegen een officiële bron uit {year}"
        + (": " + ", ".join(e.id for e in checked) if checked else ".")
    )
    past = report.past_review
    lines.append(
        f"Te controleren: {len(past)} van {total} entries zijn over hun controledatum "
        f"(vandaag {report.today.isoformat()})" + (":" if past else ".")
    )
    if past:
        lines.extend(
            _table(
                [(e.id, e.peildatum.isoformat(), e.review_date.isoformat()) for e in past],
                ("id", "peildatum", "controleren_voor"),
            )
        )
    lines.append("Controle geslaagd (geen harde fouten).")
    return "\n".join(lines)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is geen datum; verwacht JJJJ-MM-DD") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.knowledge.check",
        description="Controleer de kennisbank: schema, bronnen en controledatums.",
    )
    parser.add_argument(
        "map", nargs="?", type=Path, help="de kennismap (standaard: de map uit de instellingen)"
    )
    parser.add_argument(
        "--vandaag", type=_date, help="controleer alsof het deze datum is (JJJJ-MM-DD)"
    )
    args = parser.parse_args(argv)
    knowledge_dir = args.map or Settings().knowledge_dir
    report = check(knowledge_dir, args.vandaag)
    print(format_report(report, knowledge_dir))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
