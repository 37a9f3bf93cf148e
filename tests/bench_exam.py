"""Benchmark: build 100 learner forms from the reference summative bank (issue 6).

Prints the wall time for the whole cohort and per form, and checks every form against the
blueprint, so the figure is for valid forms only. Run with `make bench`.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from sudjustice.items.blueprint import blueprint_path, load_blueprint
from sudjustice.items.exam import History, build_form, write_form
from sudjustice.items.load import items_dir, load_banks, summative_dir
from sudjustice.paths import find_project_root

TRACKS = ["P", "PR", "J", "D", "C", "H"]


def main(learners: int = 100) -> None:
    root = find_project_root()
    start = time.perf_counter()
    banks = load_banks(summative_dir(root), "summative")
    blueprint = load_blueprint(blueprint_path(items_dir(root)))
    loaded = time.perf_counter() - start
    secret = b"benchmark-only key, not a real one"
    with tempfile.TemporaryDirectory() as out:
        log, history = Path(out) / "exposure.jsonl", History()
        start = time.perf_counter()
        for n in range(learners):
            form = build_form(
                banks, blueprint, secret, f"B{n:03d}", "bench", 1, TRACKS[n % 6], history
            )
            history.append(log, form, date.today())
            write_form(form, Path(out))
        built = time.perf_counter() - start
    exposure = Counter(i for f in history.forms for i in f.items)
    over = sum(n / learners > 0.25 for n in exposure.values())
    print(f"bank: {sum(len(b.items) for b in banks.values())} items loaded in {loaded:.2f} s")
    print(
        f"{learners} forms built and written in {built:.2f} s ({built / learners * 1000:.0f} ms/form)"
    )
    print(f"items used: {len(exposure)}; items on more than 25% of forms: {over}")


if __name__ == "__main__":
    main()
