"""Rewrite the generated part of docs/client-folder.md from what the kit knows.

    python scripts/make_docs.py           # rewrite the page
    python scripts/make_docs.py --check   # exit 1 when the page differs from the kit

The tables, columns, allowed values, client.yaml keys and metric keys come from the library
(`socialworkbook.intake.reference`); the rest of the page is written by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

from socialworkbook.intake.reference import with_reference

PAGE = Path(__file__).resolve().parents[1] / "docs" / "client-folder.md"


def main(argv: list[str]) -> int:
    text = PAGE.read_text(encoding="utf-8")
    new = with_reference(text)
    if "--check" in argv:
        if new != text:
            print(f"{PAGE} differs from the kit: run python scripts/make_docs.py")
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
