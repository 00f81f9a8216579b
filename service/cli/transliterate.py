"""`python -m service transliterate`: the /transliterate route on the command line.

Same library call as the HTTP route (``service.translit.names.transliterate``), so the
glossary spelling of known names is the same in both unless ``--strict``.
"""

from __future__ import annotations

import argparse
import sys

from service.config import add_settings_arguments, load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "transliterate", help="romanize Russian/Kazakh text (or back to Cyrillic)",
        description="Transliterate TEXT (or stdin). Names the glossary knows keep their "
                    "glossary spelling unless --strict.")
    parser.add_argument("text", nargs="?", help="text to convert; read from stdin if omitted")
    parser.add_argument("--lang", choices=("ru", "kk"), help="language of the Cyrillic side")
    parser.add_argument("--scheme", help="scheme name (see --list-schemes)")
    parser.add_argument("--to-cyrillic", action="store_true",
                        help="Latin → Cyrillic instead of Cyrillic → Latin")
    parser.add_argument("--strict", action="store_true",
                        help="apply the scheme only; ignore the glossary")
    parser.add_argument("--style", help="glossary house style for Latin names (e.g. rferl)")
    parser.add_argument("--list-schemes", action="store_true",
                        help="list the schemes and whether each is reversible")
    add_settings_arguments(parser, ["glossary_dir", "char_limit"])
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.list_schemes:
        return _list_schemes()
    if not args.lang or not args.scheme:
        print("error: --lang and --scheme are required (see --list-schemes)", file=sys.stderr)
        return 2
    from service.translit.names import transliterate

    settings = load_settings(args)
    text = args.text if args.text is not None else sys.stdin.read()
    glossary = None if args.strict else _load_glossary(settings.glossary_dir)
    direction = "to_cyrillic" if args.to_cyrillic else "to_latin"
    result = transliterate(text, args.lang, args.scheme, direction, glossary=glossary,
                           strict=args.strict, style=args.style,
                           char_limit=settings.char_limit)
    sys.stdout.write(result.text if args.text is None else result.text + "\n")
    return 0


def _list_schemes() -> int:
    from service.translit import schemes

    for info in schemes():
        kind = "reversible" if info.reversible else "lossy"
        print(f"{info.lang}  {info.name:<12} {kind:<10} {info.title}")
    return 0


def _load_glossary(directory):
    """The glossary if the package and files are there; transliteration works without."""
    try:
        from service.glossary import Glossary
    except ImportError:
        return None
    if not directory.is_dir():
        return None
    return Glossary.load(directory)
