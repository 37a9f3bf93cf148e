"""Engine behind the course on substance use disorders and alternatives to conviction or punishment.

Content (cases, items, datasets, references) lives as data in the repository; this package loads,
validates and renders it for the book, Jupyter and print.
"""

__version__ = "0.1.0"
