"""Quality gates that keep the book trustworthy as it grows: citations, structure, statistics
and the learner-eye review (screenshots)."""
