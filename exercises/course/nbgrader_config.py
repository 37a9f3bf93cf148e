"""nbgrader settings for the course's graded exercises.

Every path is derived from this file's own location, so the course works wherever the
repository is cloned and nbgrader can be run from any working directory.
"""

import os

c = get_config()  # noqa: F821 - injected by traitlets when it loads this file

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.root = COURSE_ROOT
# The gradebook holds learner scores: keep it beside the course, never in a shared location.
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(COURSE_ROOT, "gradebook.db")

# Learner notebooks run untrusted code: bound every cell so an endless loop cannot hang grading.
c.Execute.timeout = 30
