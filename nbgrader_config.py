"""nbgrader's configuration for this repository: the course that `make student` builds.

nbgrader's JupyterLab extensions (formgrader, assignment list) read it when `make lab` runs from
the repository root, and so does the `nbgrader` command run here. tools/student.py writes the
course directory and passes the same settings to nbgrader's API itself.
"""

import os

c = get_config()  # noqa: F821 -- traitlets defines it for a config file
c.CourseDirectory.root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "build", "nbgrader")
c.CourseDirectory.course_id = "optimization-for-deep-learning"
