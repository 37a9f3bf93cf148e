"""The capstone (CURRICULUM §4.4): notebook autograder checks and rubric scoring.

- `reference`: the grader's own baseline indicators from the seeded synthetic cohort.
- `checks`: run a learner's analysis notebook in the grading sandbox (offline, time-limited)
  and check it: clean run, `indicators` table, values against the reference, charts with the
  synthetic subtitle, no absolute paths, no network calls.
- `rubric`: weights, levels, critical criteria and the pass rule from
  `exercises/capstone/rubric.yaml`; the assessor's levels in, a score and a decision out.
- `cli`: `sudjustice capstone check` and `sudjustice capstone score`.
"""
