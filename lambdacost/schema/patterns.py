"""Regular expressions for the JSON Schema of a workload file that carry the validators' bounds.

``lambdacost schema`` must refuse what ``lambdacost estimate`` refuses: a memory of
``99999`` or ``"20GB"``, a duration of ``"20m"`` or ``100`` (no unit). A JSON Schema
bounds numbers with ``minimum``/``maximum`` but strings only with a pattern, so
these functions build patterns whose numbers lie within a range: ``"128".."10240"``
MB, at most ``"900"`` s, ``"15"`` min, ``"900000"`` ms.
"""

from __future__ import annotations


def int_range(lo: int, hi: int) -> str:
    """A regex (no anchors) matching the integers ``lo`` to ``hi`` written without leading zeros."""
    alternatives: list[str] = []
    for length in range(len(str(lo)), len(str(hi)) + 1):
        a = max(lo, 10 ** (length - 1) if length > 1 else 0)
        b = min(hi, 10**length - 1)
        if a <= b:
            alternatives += _same_length(str(a), str(b))
    return "(?:" + "|".join(alternatives) + ")"


def _same_length(a: str, b: str) -> list[str]:
    if a == b:
        return [a]
    if len(a) == 1:
        return [f"[{a}-{b}]"]
    if a[0] == b[0]:
        return [a[0] + rest for rest in _group(_same_length(a[1:], b[1:]))]
    rest = len(a) - 1
    out = [a[0] + x for x in _group(_same_length(a[1:], "9" * rest))]
    if int(b[0]) - int(a[0]) > 1:
        out.append(f"[{int(a[0]) + 1}-{int(b[0]) - 1}][0-9]{{{rest}}}")
    out += [b[0] + x for x in _group(_same_length("0" * rest, b[1:]))]
    return out


def _group(alternatives: list[str]) -> list[str]:
    return alternatives if len(alternatives) == 1 else ["(?:" + "|".join(alternatives) + ")"]


def decimal_at_most(limit: int) -> str:
    """A regex (no anchors) for a decimal number from 0 to the integer ``limit`` (``15``, ``14.5``, ``.5``)."""
    below = int_range(0, limit - 1)
    return rf"(?:0*{below}(?:\.[0-9]*)?|0*\.[0-9]+|0*{limit}(?:\.0*)?)"


def decimal_between(lo: int, hi: int) -> str:
    """A regex (no anchors) for a decimal number from the integer ``lo`` to the integer ``hi``."""
    return rf"(?:0*{int_range(lo, hi - 1)}(?:\.[0-9]*)?|0*{hi}(?:\.0*)?)"


def anchored(*alternatives: str, positive: bool = False) -> str:
    """``^\\s*(a|b|...)\\s*$``; ``positive``: at least one digit other than 0."""
    ahead = "(?=[^1-9]*[1-9])" if positive else ""
    return r"^\s*" + ahead + "(?:" + "|".join(alternatives) + r")\s*$"


def ci(*words: str) -> str:
    """A regex (no anchors) matching any of ``words`` in any letter case (the validators lower-case first)."""

    def one(word: str) -> str:
        return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)

    return "(?:" + "|".join(one(w) for w in sorted(words, key=len, reverse=True)) + ")"


_MS, _S, _M, _H, _D = ci("ms"), ci("s", "sec"), ci("m", "min"), ci("h", "hr"), ci("d")


def size_mb(lo_mb: int, hi_mb: int) -> str:
    """A whole number of MB from ``lo_mb`` to ``hi_mb``: ``512``, ``"512MB"``, ``"1.5GB"`` (1 GB = 1024 MB)."""
    lo_thousandths = -(-lo_mb * 1000 // 1024)  # the smallest size in GB, in thousandths, rounded up
    return anchored(
        rf"0*{int_range(lo_mb, hi_mb)}(?:\.0*)?\s*{ci('mb', 'mib', 'm')}?",
        rf"(?:{_gb_from(lo_thousandths)}|{decimal_between(max(1, -(-lo_mb // 1024)), hi_mb // 1024)})\s*{ci('gb', 'gib', 'g')}",
    )


def _gb_from(thousandths: int) -> str:
    """Fractions of a GB from ``thousandths``/1000 up to (not including) 1 GB."""
    if thousandths >= 1000:
        return "(?!)"
    two, one = -(-thousandths // 10), -(-thousandths // 100)
    return rf"0*\.(?:{int_range(thousandths, 999)}[0-9]*|{int_range(two, 99)}|{int_range(one, 9)})"


def duration(max_s: int, *, positive: bool = False) -> str:
    """A duration of at most ``max_s`` seconds with a unit: one unit (``900000ms``, ``900s``, ``15m``,
    ``0.25h``) or minutes and seconds (``14m59s``) or seconds and ms (``1s500ms``); 0 needs no unit."""
    forms = [
        rf"{decimal_at_most(max_s * 1000)}\s*{_MS}",
        rf"{decimal_at_most(max_s)}\s*{_S}",
        rf"0*{int_range(0, max_s - 1)}\s*{_S}\s*{decimal_at_most(999)}\s*{_MS}",
    ]
    if max_s >= 60:
        forms += [
            rf"{decimal_at_most(max_s // 60)}\s*{_M}",
            rf"0*{int_range(0, max_s // 60 - 1)}\s*{_M}\s*{decimal_at_most(59)}\s*{_S}",
        ]
    if max_s == 900:
        forms.append(rf"(?:0*\.(?:[01][0-9]*|2[0-4][0-9]*|250*)|0+)\s*{_H}")
    if not positive:
        forms.append(rf"0+(?:\.0*)?\s*(?:{_M}|{_H}|{_D})?")
    return anchored(*forms, positive=positive)


_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9][0-9_]*)(?:\.[0-9]*)?|\.[0-9]+"


def rate(periods: list[str]) -> str:
    """A count or a rate: ``3M``, ``3M/month``, ``100k/day``, ``11/s`` (a comma only between thousands)."""
    return anchored(rf"(?:{_NUMBER})\s*{ci('k', 'm', 'b', 'bn')}?\s*(?:/\s*{ci(*periods)})?")


def share() -> str:
    """A share from 0 to 1, or a percentage from 0% to 100%."""
    return anchored(rf"{decimal_at_most(100)}\s*%", r"0*(?:\.[0-9]*)?|0*1(?:\.0*)?")
