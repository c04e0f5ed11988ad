"""Formula text written by the very expressions the engine runs.

A catalog expression is a function of one row, e.g. ``lambda press: 100 * press.button_index /
(press.scale_points - 1)``. Called with a :class:`ProseRow` instead of a row of SQL columns or
of tallied values, it returns a :class:`Prose`: the same expression written out for people
(``100 × button_index / (scale_points − 1)``), with the parentheses its precedence needs. The
row also records the columns the expression reads, which is what a tallied measure counts by.
"""

from __future__ import annotations

from collections.abc import Iterable

from metrics.tally import CONSTANTS, FUNCTIONS

_OR, _AND, _NOT, _COMPARISON, _SUM, _PRODUCT, _SIGN, _ATOM = range(1, 9)


class Prose:
    """A piece of formula text that combines with operators as the SQL or NumPy value would."""

    __slots__ = ("text", "level")
    __hash__ = None  # ``==`` builds text, as it builds SQL for a column

    def __init__(self, text: str, level: int = _ATOM) -> None:
        self.text = text
        self.level = level

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Prose({self.text!r})"

    def __bool__(self) -> bool:
        raise TypeError("write conditions with &, | and ~, not with and, or and not")

    def _infix(self, symbol: str, other: object, level: int, reflected: bool = False) -> Prose:
        left, right = (literal(other), self) if reflected else (self, literal(other))
        associative = symbol in ("+", "×", "and", "or")
        left_text = _wrapped(left, left.level < level)
        right_text = _wrapped(right, right.level < level or (right.level == level and not associative))
        return Prose(f"{left_text} {symbol} {right_text}", level)

    def __add__(self, other: object) -> Prose:
        return self._infix("+", other, _SUM)

    def __radd__(self, other: object) -> Prose:
        return self._infix("+", other, _SUM, reflected=True)

    def __sub__(self, other: object) -> Prose:
        return self._infix("−", other, _SUM)

    def __rsub__(self, other: object) -> Prose:
        return self._infix("−", other, _SUM, reflected=True)

    def __mul__(self, other: object) -> Prose:
        return self._infix("×", other, _PRODUCT)

    def __rmul__(self, other: object) -> Prose:
        return self._infix("×", other, _PRODUCT, reflected=True)

    def __truediv__(self, other: object) -> Prose:
        return self._infix("/", other, _PRODUCT)

    def __rtruediv__(self, other: object) -> Prose:
        return self._infix("/", other, _PRODUCT, reflected=True)

    def __neg__(self) -> Prose:
        return Prose(f"−{_wrapped(self, self.level < _SIGN)}", _SIGN)

    def __eq__(self, other: object) -> Prose:  # type: ignore[override]
        return self._infix("=", other, _COMPARISON)

    def __ne__(self, other: object) -> Prose:  # type: ignore[override]
        return self._infix("≠", other, _COMPARISON)

    def __lt__(self, other: object) -> Prose:
        return self._infix("<", other, _COMPARISON)

    def __le__(self, other: object) -> Prose:
        return self._infix("≤", other, _COMPARISON)

    def __gt__(self, other: object) -> Prose:
        return self._infix(">", other, _COMPARISON)

    def __ge__(self, other: object) -> Prose:
        return self._infix("≥", other, _COMPARISON)

    def __and__(self, other: object) -> Prose:
        return self._infix("and", other, _AND)

    def __rand__(self, other: object) -> Prose:
        return self._infix("and", other, _AND, reflected=True)

    def __or__(self, other: object) -> Prose:
        return self._infix("or", other, _OR)

    def __ror__(self, other: object) -> Prose:
        return self._infix("or", other, _OR, reflected=True)

    def __invert__(self) -> Prose:
        return Prose(f"not {_wrapped(self, self.level < _NOT)}", _NOT)

    def in_(self, values: Iterable[object]) -> Prose:
        """``x ∈ {a, b}``: the SQL ``IN`` of a column."""
        members = ", ".join(literal(value).text for value in values)
        return Prose(f"{_wrapped(self, self.level < _ATOM)} ∈ {{{members}}}", _COMPARISON)

    def is_(self, value: object) -> Prose:
        """``x is null`` / ``x is true``: the SQL ``IS``."""
        return Prose(f"{_wrapped(self, self.level < _ATOM)} is {literal(value).text}", _COMPARISON)

    def is_not(self, value: object) -> Prose:
        """``x is not null`` / ``x is not true``: the SQL ``IS NOT``."""
        return Prose(f"{_wrapped(self, self.level < _ATOM)} is not {literal(value).text}", _COMPARISON)


def _wrapped(piece: Prose, needed: bool) -> str:
    return f"({piece.text})" if needed else piece.text


def literal(value: object) -> Prose:
    """A constant as formula text: ``100``, ``0.5``, ``10 000``, ``true``, ``null``, ``moite``."""
    if isinstance(value, Prose):
        return value
    if value is None:
        return Prose("null")
    if isinstance(value, bool):
        return Prose("true" if value else "false")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = f"{abs(value):,}".replace(",", " ") if abs(value) >= 10_000 else str(abs(value))
        return Prose(f"−{text}", _SIGN) if value < 0 else Prose(text)
    return Prose(str(value))


class ProseRow:
    """A row whose columns are their names: expressions called with it write themselves out.

    ``read`` lists the columns read, in order of first use; the tallied functions
    (:data:`metrics.tally.FUNCTIONS`) and constants are written by name and not recorded.
    """

    def __init__(self) -> None:
        self.read: list[str] = []

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in FUNCTIONS:
            return lambda *arguments: Prose(f"{name}({', '.join(literal(a).text for a in arguments)})")
        if name not in CONSTANTS and name not in self.read:
            self.read.append(name)
        return Prose(name)


def written(expression) -> str:
    """The formula text of one row expression."""
    return literal(expression(ProseRow())).text
