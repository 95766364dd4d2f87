"""The example articles and explainer in ``docs/examples/``, made from the built-in library.

``python -m consilience.write.examples [FOLDER]`` (or ``make examples``) writes them; CI runs
it and fails when the committed files differ, and a test compares them too, so the examples
never go stale. Output is deterministic: a fixed date, the built-in papers, no randomness.

>>> sorted(name for name in EXAMPLE_FILES if name.startswith("explainer"))[:2]
['explainer-seed-patient.html', 'explainer-seed-patient.json']
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

__all__ = ["DATE", "EXAMPLE_FILES", "SEED_QUESTION", "build_examples", "main", "write_examples"]

#: The date printed in every example's provenance note.
DATE = "2025-01-31"

#: The question the project is built around (README, ``make ask``).
SEED_QUESTION = "Does surgery of the primary tumour improve survival in de novo stage IV breast cancer?"

#: (file stem, paper id, audience, formats): an RCT and a retrospective study.
ARTICLES = [
    ("rct-mf07-01-patient", "29777404", "patient", ("md", "html", "json")),
    ("rct-mf07-01-clinician", "29777404", "clinician", ("md",)),
    ("retrospective-china-patient", "30448829", "patient", ("md", "json")),
    ("retrospective-china-public", "30448829", "public", ("md",)),
]

#: (file stem, question, audience, formats).
EXPLAINERS = [
    ("explainer-seed-patient", SEED_QUESTION, "patient", ("md", "html", "json")),
    ("explainer-seed-public", SEED_QUESTION, "public", ("md",)),
]

#: Every file the examples command writes.
EXAMPLE_FILES = tuple(f"{stem}.{fmt}" for stem, _, _, formats in [*ARTICLES, *EXPLAINERS] for fmt in formats)


def build_examples(today: str = DATE) -> dict[str, str]:
    """Every example file's name and text, written from a fresh copy of the built-in library."""
    from consilience.demo import builtin_files
    from consilience.library import Library
    from consilience.render.article import render_article
    from consilience.render.explainer import render_explainer

    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp, Library.open(Path(tmp) / "library") as lib:
        lib.ingest(builtin_files())
        for stem, paper_id, audience, formats in ARTICLES:
            article = lib.article(paper_id, audience=audience, today=today)
            for fmt in formats:
                out[f"{stem}.{fmt}"] = render_article(article, fmt)
        for stem, question, audience, formats in EXPLAINERS:
            explainer = lib.explain(question, audience=audience, today=today)
            for fmt in formats:
                out[f"{stem}.{fmt}"] = render_explainer(explainer, fmt)
    return out


def write_examples(folder: str | Path, today: str = DATE) -> list[Path]:
    """Write the examples into ``folder``; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in build_examples(today).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m consilience.write.examples [FOLDER]`` (default ``docs/examples``)."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path("docs/examples")
    for path in write_examples(folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
