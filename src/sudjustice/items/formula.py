"""A tiny, safe arithmetic language for NUM items: numbers, names, + - * / **, round/min/max.

Formulas live in item banks that may come from outside the project, so they are parsed, never
passed to `eval`.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Mapping

OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.USub: operator.neg,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
FUNCTIONS = {"round": round, "min": min, "max": max, "abs": abs}


class FormulaError(ValueError):
    pass


def names_in(formula: str) -> set[str]:
    """The parameter names a formula uses (function names excluded)."""
    tree = _parse(formula) if formula.strip() else ast.Expression(body=ast.Constant(0))
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - set(FUNCTIONS)


def evaluate(formula: str, values: Mapping[str, float]) -> float:
    return _eval(_parse(formula).body, values)


def _parse(formula: str) -> ast.Expression:
    try:
        return ast.parse(formula, mode="eval")
    except SyntaxError as error:
        raise FormulaError(f"cannot parse {formula!r}: {error.msg}") from error


def _eval(node: ast.AST, values: Mapping[str, float]) -> float:
    match node:
        case ast.Constant(value=int() | float() as number):
            return number
        case ast.Name(id=name) if name in values:
            return values[name]
        case ast.BinOp(left=left, op=op, right=right) if type(op) in OPERATORS:
            try:
                return OPERATORS[type(op)](_eval(left, values), _eval(right, values))
            except ZeroDivisionError as error:
                raise FormulaError("division by zero") from error
        case ast.UnaryOp(op=ast.USub(), operand=operand):
            return -_eval(operand, values)
        case ast.Compare(left=left, ops=[op], comparators=[right]) if type(op) in OPERATORS:
            return float(OPERATORS[type(op)](_eval(left, values), _eval(right, values)))
        case ast.BoolOp(op=ast.And(), values=parts):
            return float(all(_eval(part, values) for part in parts))
        case ast.Call(func=ast.Name(id=name), args=args, keywords=[]) if name in FUNCTIONS:
            return FUNCTIONS[name](*(_eval(arg, values) for arg in args))
    raise FormulaError(f"not allowed in a formula: {ast.unparse(node)!r}")
