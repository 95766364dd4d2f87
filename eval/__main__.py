"""Run the evaluation suite: ``python -m eval [TASK ...] [--data PATH]``."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

#: Task modules in the order they run. Each has NAME, DESCRIPTION and run(data) -> dict.
TASKS: list[str] = [
    "design",
    "effects",
    "effect_direction",
    "pico",
    "retrieval_scifact",
    "retrieval_pubmedqa",
    "stance_pubmedqa",
    "stance_scifact",
    "stance_healthver",
    "writing",
    "ask_scifact",
    "ask_pubmedqa",
]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__)
    parser.add_argument("tasks", nargs="*", help="task names (default: all)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    args = parser.parse_args(argv)
    names = args.tasks or TASKS
    unknown = sorted(set(names) - set(TASKS))
    if unknown:
        parser.error(f"unknown task(s): {', '.join(unknown)}; known: {', '.join(TASKS)}")
    if not args.data.is_dir():
        for name in names:
            print(f"SKIP {name}: {args.data} is not present (the suite needs ../shared/data)")
        return 0
    out = ROOT / "eval" / "out"
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name in names:
        module = importlib.import_module(f"eval.{name}")
        start = time.perf_counter()
        try:
            metrics = module.run(args.data)
        except Exception as exc:  # report and go on: one broken task must not hide the rest
            failed += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
            continue
        seconds = time.perf_counter() - start
        metrics = {"task": name, "seconds": round(seconds, 1), **metrics}
        (out / f"{name}.json").write_text(json.dumps(metrics, indent=2) + "\n")
        shown = {k: v for k, v in metrics.items() if not isinstance(v, (dict, list))}
        print(f"OK   {name} ({seconds:.1f}s): {json.dumps(shown)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
