"""Regenerate the examples in this folder from the built-in library.

Run ``python docs/examples/generate.py`` (the same as ``make examples`` or
``python -m consilience.write.examples docs/examples``). CI runs it and checks
``git diff --exit-code docs/examples``, and ``tests/test_explainer.py`` compares the committed
files with fresh output, so the output is deterministic (a fixed date, no randomness).
"""

from __future__ import annotations

from pathlib import Path

from consilience.write.examples import write_examples

HERE = Path(__file__).resolve().parent


def main() -> None:
    for path in write_examples(HERE):
        print(f"wrote {path.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
