"""Grade learners' notebooks with nbgrader: in parallel, sandboxed, and without losing anyone.

- `batch`: `generate_assignment` and `grade_batch` (check and stage every submission, grade in
  worker processes, merge the grades into the course gradebook, one result per learner).
- `worker`: nbgrader's own Autograde run in-process on a private gradebook copy.
- `execute` / `sandbox`: nbgrader's Execute step with the kernel in a bubblewrap sandbox.
- `repair`, `notebooks`: what a submitted notebook did wrong, and the repairs nbgrader lacks.
- `results`: statuses and findings; `feedback`: learner pages without hidden tests.
- `exam_results`, `export`, `analysis`: exam results CSVs and the item-analysis report.
- `synthetic`: a synthetic exam cohort for the benchmark and tests.
- `cli`: the `grade`, `results`, `analyse` and `feedback` commands.

Nothing heavy is imported here, so `sudjustice.grading.cli` stays quick to load for the main CLI;
nbgrader itself is loaded only when grading runs.
"""
