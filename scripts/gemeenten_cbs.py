"""Write knowledge/gemeenten.csv from CBS's list "Gemeenten alfabetisch <jaar>".

CBS publishes the gemeentelijke indeling on 1 January of every year as a workbook
(cbs.nl → Methoden → Classificaties → Gemeentelijke indelingen per jaar). Save its sheet
as CSV (comma or semicolon) and run:

    .venv/bin/python -m scripts.gemeenten_cbs gemeenten-alfabetisch-2027.csv --jaar 2027

Columns read: GemeentecodeGM, Gemeentenaam, Provincienaam. Names keep CBS's spelling
except the suffixes "(L.)", "(NH.)", "(O.)", "(ZH.)", "(Z.)", which are dropped when the
name without them is unique (the two gemeenten Bergen keep theirs). After a herindeling,
add the former gemeenten to knowledge/gemeenten_oud.csv (soort: oud), then rerun
``scripts.make_lookups`` and the tests.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from pathlib import Path

import yaml

from assistant.settings import REPO_ROOT

KNOWLEDGE = REPO_ROOT / "knowledge"
CBS_PAGE = (
    "https://www.cbs.nl/nl-nl/onze-diensten/methoden/classificaties/overig/"
    "gemeentelijke-indelingen-per-jaar/indeling-per-jaar/gemeentelijke-indeling-op-1-januari-{jaar}"
)
# CBS writes the official name; people and our other files use these.
NAMES = {"Den Haag": "'s-Gravenhage"}
_SUFFIX = re.compile(r"\s+\((?:L|NH|O|ZH|Z)\.\)$")


def read_cbs(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    return list(csv.DictReader(text.splitlines(), dialect=dialect))


def provincie_ids(knowledge: Path) -> dict[str, str]:
    data = yaml.safe_load((knowledge / "provincies.yml").read_text(encoding="utf-8"))
    return {entry["naam"]: entry["id"] for entry in data["provincies"]}


def rows(cbs: list[dict[str, str]], knowledge: Path) -> list[tuple[str, str, str]]:
    ids = provincie_ids(knowledge)
    plain = Counter(_SUFFIX.sub("", row["Gemeentenaam"].strip()) for row in cbs)
    out = []
    for row in cbs:
        naam = NAMES.get(row["Gemeentenaam"].strip(), row["Gemeentenaam"].strip())
        short = _SUFFIX.sub("", naam)
        out.append((row["GemeentecodeGM"].strip(), short if plain[short] == 1 else naam,
                    ids[row["Provincienaam"].strip()]))
    return sorted(out, key=lambda r: (list(ids.values()).index(r[2]), r[0]))


def render(cbs: list[dict[str, str]], jaar: int, checked: str, knowledge: Path,
           via: str = "") -> str:
    table = rows(cbs, knowledge)
    via_line = f"# Overgenomen via: {via}\n" if via else ""
    header = f"""\
# Alle Nederlandse gemeenten ({len(table)}) op 1 januari {jaar}, met CBS-gemeentecode en
# provincie (ids uit knowledge/provincies.yml).
# Bron: CBS, "Gemeentelijke indeling op 1 januari {jaar}" (lijst "Gemeenten alfabetisch
# {jaar}"): {CBS_PAGE.format(jaar=jaar)}
{via_line}# Peildatum: 1 januari {jaar}; gecontroleerd op {checked}.
# Geschreven met: .venv/bin/python -m scripts.gemeenten_cbs (zie dat script om bij te werken).
# Namen: de CBS-schrijfwijze zonder "(L.)", "(NH.)", "(O.)", "(ZH.)", "(Z.)", behalve bij de
# twee gemeenten Bergen; GM0518 heet hier 's-Gravenhage (Den Haag staat in gemeenten_oud.csv).
# Oude namen, opgeheven gemeenten en woonplaatsen staan in gemeenten_oud.csv.
"""
    lines = [header.rstrip("\n"), "code,naam,provincie"]
    lines += [",".join(f'"{c}"' if "," in c else c for c in row) for row in table]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.gemeenten_cbs",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("cbs_csv", type=Path, help="de CBS-lijst als CSV")
    parser.add_argument("--jaar", type=int, required=True)
    parser.add_argument("--gecontroleerd", required=True, help="datum van controle (JJJJ-MM-DD)")
    parser.add_argument("--via", default="", help="herkomst als niet cbs.nl")
    parser.add_argument("--knowledge", type=Path, default=KNOWLEDGE)
    args = parser.parse_args(argv)
    cbs = read_cbs(args.cbs_csv)
    text = render(cbs, args.jaar, args.gecontroleerd, args.knowledge, args.via)
    (args.knowledge / "gemeenten.csv").write_text(text, encoding="utf-8")
    print(f"{args.knowledge / 'gemeenten.csv'}: {len(cbs)} gemeenten")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
