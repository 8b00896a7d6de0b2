"""Create, list and revoke staff tokens.

    python -m api.tokens create --naam "Anne de Vries" --rol adviseur [--dagen 90]
    python -m api.tokens list
    python -m api.tokens revoke 3

The plain token is printed once; only its hash is stored. A token works for
``--dagen`` days (default ``SCHAKEL_STAFF_TOKEN_DAYS``, 90).
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

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
    create.add_argument("--dagen", type=int, help="hoe lang de token werkt (dagen)")
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
            days = settings.staff_token_days if args.dagen is None else args.dagen
            if days < 1:
                parser.error("--dagen moet minstens 1 zijn")
            row, plain = create_token(session, naam=args.naam, rol=args.rol,
                                      lifetime=timedelta(days=days))
            print(f"Token {row.id} voor {row.naam} ({row.rol}), geldig tot "
                  f"{row.verloopt_op:%d-%m-%Y}. Bewaar hem goed, hij wordt niet nog eens "
                  f"getoond:\n{plain}")
        elif args.command == "list":
            for row in list_tokens(session):
                used = f"{row.laatst_gebruikt_op:%d-%m-%Y %H:%M}" if row.laatst_gebruikt_op \
                    else "nooit gebruikt"
                print(f"{row.id}\t{row.rol}\t{row.status()}\t{row.naam}"
                      f"\ttot {row.verloopt_op:%d-%m-%Y}\t{used}")
        elif not revoke_token(session, args.id):
            print(f"Token {args.id} bestaat niet of is al ingetrokken.", file=sys.stderr)
            return 1
        else:
            print(f"Token {args.id} is ingetrokken.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
