"""Create, list and revoke staff tokens.

    python -m api.tokens create --naam "Anne de Vries" --rol adviseur
    python -m api.tokens list
    python -m api.tokens revoke 3

The plain token is printed once; only its hash is stored.
"""

from __future__ import annotations

import argparse
import sys

from assistant import db
from assistant.settings import get_settings
from assistant.staff_tokens import ROLES, create_token, list_tokens, revoke_token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.tokens", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="maak een token")
    create.add_argument("--naam", required=True)
    create.add_argument("--rol", required=True, choices=ROLES)
    commands.add_parser("list", help="toon alle tokens (zonder geheim)")
    revoke = commands.add_parser("revoke", help="trek een token in")
    revoke.add_argument("id", type=int)
    args = parser.parse_args(argv)

    settings = get_settings()
    url = settings.database_url
    if settings.auto_create_schema:  # production: the schema comes from Alembic
        db.create_schema(url)
    with db.session_scope(url) as session:
        if args.command == "create":
            row, plain = create_token(session, naam=args.naam, rol=args.rol)
            print(f"Token {row.id} voor {row.naam} ({row.rol}). Bewaar hem goed, hij wordt "
                  f"niet nog eens getoond:\n{plain}")
        elif args.command == "list":
            for row in list_tokens(session):
                status = "ingetrokken" if row.ingetrokken_op else "actief"
                print(f"{row.id}\t{row.rol}\t{status}\t{row.naam}")
        elif not revoke_token(session, args.id):
            print(f"Token {args.id} bestaat niet of is al ingetrokken.", file=sys.stderr)
            return 1
        else:
            print(f"Token {args.id} is ingetrokken.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
