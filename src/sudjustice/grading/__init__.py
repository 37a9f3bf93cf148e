"""Autograde learners' exercise notebooks with nbgrader, one learner at a time.

- `batch`: `generate_assignment` and `grade_batch`, the two steps an instructor runs.
- `results`: the per-learner record a batch returns, and how it is shown.
- `notebooks`: checks on submitted notebooks (unreadable files, edited locked cells).
- `nbgrader_run`: how nbgrader is started, always in this interpreter's environment.
- `layout`: where nbgrader keeps each kind of file in a course folder.
- `cli`: the `grade` command.

Nothing heavy is imported here, so `sudjustice.grading.cli` stays quick to load for the main CLI;
nbgrader itself is loaded only when grading runs.
"""
