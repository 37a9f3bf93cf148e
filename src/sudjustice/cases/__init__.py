"""Case exercises: model, loader/validator, pure decision engine and renderers."""

from sudjustice.cases.engine import CaseRun, Feedback, evaluate, feedback_for
from sudjustice.cases.load import load_card, load_case, load_cases
from sudjustice.cases.model import Case, JurisdictionCard

__all__ = [
    "Case",
    "CaseRun",
    "Feedback",
    "JurisdictionCard",
    "evaluate",
    "feedback_for",
    "load_card",
    "load_case",
    "load_cases",
]
