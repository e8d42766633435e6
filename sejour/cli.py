"""The `sejour` command.

    sejour assess FILE.json     print the assessment of a situation (JSON), or
    sejour assess -             read the situation from standard input

Invalid input prints one line naming the field on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from typing import Any, TextIO

from sejour.rules import InvalidSituation, assess, parse_situation
from sejour.rules.vocabulary import LANGS

EXIT_INVALID = 2


def _read(source: str, stdin: TextIO) -> Any:
    if source == "-":
        return json.load(stdin)
    with open(source, encoding="utf-8") as handle:
        return json.load(handle)


def _assess(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        data = _read(args.file, stdin)
    except OSError as exc:
        print(f"{args.file}: cannot read the file ({exc.strerror})", file=stderr)
        return EXIT_INVALID
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = (
            f"line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        )
        print(f"{args.file}: not valid JSON {where}".rstrip(), file=stderr)
        return EXIT_INVALID
    try:
        assessment = assess(parse_situation(data, today=date.today(), lang=args.lang))
    except InvalidSituation as exc:
        print(exc.message(args.lang or "en"), file=stderr)
        return EXIT_INVALID
    text = json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2) + "\n"
    try:
        stdout.write(text)
        stdout.flush()
    except BrokenPipeError:
        # The reader went away (`sejour assess … | head`): nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sejour", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    assess_cmd = commands.add_parser("assess", help="assess a situation given as JSON")
    assess_cmd.add_argument("file", help="the situation file, or - for standard input")
    assess_cmd.add_argument(
        "--lang", choices=LANGS, default=None, help="language of reasons and errors"
    )
    return parser


def main(
    argv: list[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return _assess(args, stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
