"""Regenerate the example articles in this folder from the built-in library.

Run ``python docs/examples/generate.py``; CI runs it and checks ``git diff --exit-code
docs/examples``, so the output is deterministic (a fixed date, no randomness).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from consilience import Library
from consilience.demo import builtin_files
from consilience.render.article import render_article

HERE = Path(__file__).resolve().parent
DATE = "2025-01-31"

#: (file stem, paper id, audience, formats)
EXAMPLES = [
    ("rct-mf07-01-patient", "29777404", "patient", ("md", "html", "json")),
    ("rct-mf07-01-clinician", "29777404", "clinician", ("md",)),
    ("retrospective-china-patient", "30448829", "patient", ("md", "json")),
    ("retrospective-china-public", "30448829", "public", ("md",)),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, Library.open(tmp) as lib:
        lib.ingest(builtin_files())
        for stem, paper_id, audience, formats in EXAMPLES:
            article = lib.article(paper_id, audience=audience, today=DATE)
            for fmt in formats:
                path = HERE / f"{stem}.{fmt}"
                path.write_text(render_article(article, fmt), encoding="utf-8")
                print(f"wrote {path.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
