"""``lambdacost diff`` as a rich table, JSON, or Markdown made for a pull-request comment.

Formats numbers; computes none. The JSON layout is a documented contract
(docs/diff.md): keys are only ever added.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from lambdacost import __version__
from lambdacost.plan.diff import Change, FunctionDiff, InputDiff, WorkloadDiff
from lambdacost.render.budget import gate_dict, gate_text, percent_text, signed_money
from lambdacost.render.common import md_escape, money, quantity_text, to_json
from lambdacost.render.estimate_table import SUMMARY_ABOVE_FUNCTIONS

_HEADERS = ("Function", "Line item", "Before", "After", "Change", "%")
#: The most functions the table and Markdown list (those whose cost changes most; JSON carries every
#: one), and the most "What changed" lines they write out.
TABLE_ROWS = 50
CHANGES_SHOWN = 20


# ---------------------------------------------------------------- words


def _size(mb: float) -> str:
    return f"{mb:,.0f} MB"


def _ms(ms: float) -> str:
    return f"{ms / 1000:,.6g} s" if ms >= 1000 else f"{ms:,.6g} ms"


_FORMATS = {
    "memory": _size,
    "ephemeral_storage": _size,
    "duration": _ms,
    "init_duration": _ms,
    "requests": lambda v: f"{quantity_text(v)} a month",
    "cold_start_rate": lambda v: f"{v * 100:.4g}%",
    "free_tier": lambda v: "applied" if v else "not applied",
}


def value_text(field: str, value: Any) -> str:
    """A setting's value as a person writes it: ``1,024 MB``, ``250 ms``, ``3,000,000 a month``."""
    if value is None:
        return "none"
    if isinstance(value, dict):
        shown = {k: v for k, v in value.items() if v is not None}
        if "hourly" in shown:
            shown["hourly"] = "24 weights"
        return ", ".join(f"{k} {quantity_text(v) if isinstance(v, float) else v}" for k, v in shown.items()) or "{}"
    fmt = _FORMATS.get(field)
    return fmt(value) if fmt is not None else str(value)


def input_text(change: InputDiff) -> str:
    """``memory 512 MB -> 1,024 MB``."""
    return f"{change.field} {value_text(change.field, change.before)} -> {value_text(change.field, change.after)}"


def _function_summary(fn: FunctionDiff) -> str:
    f = fn.after or fn.before
    assert f is not None
    kind = "Lambda@Edge" if f.edge else f.architecture
    return f"{_size(f.memory)} {kind}, {_ms(f.duration)}, {quantity_text(f.requests)} requests a month"


def changes(result: WorkloadDiff) -> list[tuple[str, str]]:
    """(function or "workload", what changed in its inputs), in the diff's order."""
    out = [("workload", input_text(c)) for c in result.inputs]
    for fn in result.functions:
        if fn.status == "added":
            out.append((fn.name, f"added ({_function_summary(fn)})"))
        elif fn.status == "removed":
            out.append((fn.name, f"removed (was {_function_summary(fn)})"))
        elif fn.inputs:
            out.append((fn.name, "; ".join(input_text(c) for c in fn.inputs)))
    return out


def summary_line(result: WorkloadDiff) -> str:
    """``+$123.45 a month (+12.0%)``, or that nothing changed."""
    total = result.total
    if money(total.after) == money(total.before) and total.delta == 0:
        return f"No change: {money(total.after)} a month"
    pct = percent_text(total.percent, new=total.before == 0)
    return f"{signed_money(total.delta)} a month ({pct})"


def counts_text(result: WorkloadDiff) -> str:
    parts = [(result.count(s), s) for s in ("added", "removed", "changed", "unchanged")]
    n = len(result.functions)
    return f"{n:,} function{'s' if n != 1 else ''}: " + ", ".join(f"{c:,} {s}" for c, s in parts if c)


def _change_cells(change: Change, *, new: bool = True) -> tuple[str, str, str, str]:
    """Before, after, change and %; ``new`` says "new" for a change from $0 (else it is left blank)."""
    return (
        money(change.before),
        money(change.after),
        signed_money(change.delta),
        percent_text(change.percent, new=new and change.before == 0 and change.after != 0),
    )


def _function_label(fn: FunctionDiff) -> str:
    return fn.name if fn.status == "changed" else f"{fn.name} ({fn.status})"


def rows(result: WorkloadDiff) -> list[tuple[str, str, str, str, str, str, bool]]:
    """(function, line item, before, after, change, %, is a subtotal) for the table and Markdown;
    an unchanged function is its subtotal only, and so is every function above
    :data:`SUMMARY_ABOVE_FUNCTIONS` (as in ``estimate``'s summary). Over :data:`TABLE_ROWS`
    functions, those whose cost changes most, then one row for the rest."""
    out = []
    listed = result.listed(TABLE_ROWS)
    itemized = len(result.functions) <= SUMMARY_ABOVE_FUNCTIONS
    for index in listed:
        fn = result.functions[index]
        label = _function_label(fn)
        if itemized and fn.status != "unchanged":
            for item in fn.items:
                out.append((label, item.label, *_change_cells(item.cost), False))
                label = ""
        out.append((label, "Subtotal", *_change_cells(fn.cost, new=fn.status == "added"), True))
    left = len(result.functions) - len(listed)
    if left:
        out.append((f"{left:,} more functions", "Subtotal", *_change_cells(result.others(listed)), True))
    return out


def shown_changes(result: WorkloadDiff) -> list[tuple[str, str]]:
    """The "What changed" lines the table and Markdown write out: the first :data:`CHANGES_SHOWN`,
    then how many more there are (JSON carries every one)."""
    changed = changes(result)
    if len(changed) <= CHANGES_SHOWN:
        return changed
    more = len(changed) - CHANGES_SHOWN
    return [*changed[:CHANGES_SHOWN], (f"{more:,} more", "every one with --format json")]


def prices_text(result: WorkloadDiff) -> str:
    table = result.head.table
    return f"Prices: {table.source.strip()} Effective {table.effective_date}."


def _notes(result: WorkloadDiff) -> list[str]:
    notes = []
    if result.overrides:
        notes.append(f"HEAD with {', '.join('--set ' + o for o in result.overrides)}.")
    regions = {result.base.region, result.head.region}
    notes.append(
        f"Region {' and '.join(sorted(regions))}; free tier "
        + ("applied" if result.head.free_tier else "not applied")
        + " (once per workload)."
    )
    notes.append(prices_text(result))
    for est in (result.base, result.head):
        if est.rates.unconfirmed:
            notes.append(f"Note: rates not read from AWS for {est.region}: {', '.join(est.rates.unconfirmed)}.")
            break
    return notes


# ---------------------------------------------------------------- outputs


def diff_table(result: WorkloadDiff) -> RenderableType:
    """The diff as a rich table with the summary, what changed, the budget gates and the prices."""
    title = f"{result.base_file} -> {result.head_file}: {summary_line(result)}"
    table = Table(title=title, title_justify="left")
    for i, header in enumerate(_HEADERS):
        # Labels wrap when the terminal is narrow; money never is cut short.
        table.add_column(header, justify="right" if i >= 2 else "left", no_wrap=i >= 2, overflow="fold")
    for function, item, before, after, change, pct, subtotal in rows(result):
        style = "italic" if subtotal else ""
        table.add_row(Text(function, style="bold"), Text(item, style=style), before, after, change, pct,
                      end_section=subtotal)  # fmt: skip
    table.add_row(Text("Total", style="bold"), "", *(Text(c, style="bold") for c in _change_cells(result.total)))
    parts: list[RenderableType] = [table, Text(counts_text(result) + ".")]
    changed = shown_changes(result)
    if changed:
        parts.append(Text("What changed:", style="bold"))
        parts.extend(Text(f"  {name}: {what}") for name, what in changed)
    parts.extend(Text(gate_text(g)) for g in result.gates)
    parts.extend(Text(n, style="dim") for n in _notes(result))
    return Group(*parts)


def _change_dict(change: Change) -> dict[str, Any]:
    return {"before": change.before, "after": change.after, "change": change.delta, "percent": change.percent}


def _side(result: WorkloadDiff, which: str) -> dict[str, Any]:
    est = result.base if which == "base" else result.head
    file = result.base_file if which == "base" else result.head_file
    return {"file": file, "name": est.workload.name, "region": est.region, "free_tier_applied": est.free_tier,
            "total": est.total}  # fmt: skip


def diff_dict(result: WorkloadDiff) -> dict[str, Any]:
    """The diff as the JSON contract documented in docs/diff.md."""
    table = result.head.table
    return {
        "currency": "USD",
        "base": _side(result, "base"),
        "head": _side(result, "head"),
        "total": _change_dict(result.total),
        "summary": summary_line(result),
        "counts": {s: result.count(s) for s in ("added", "removed", "changed", "unchanged")},
        "inputs": [{"field": c.field, "before": c.before, "after": c.after} for c in result.inputs],
        "functions": [
            {
                "name": fn.name,
                "status": fn.status,
                "total": _change_dict(fn.cost),
                "inputs": [{"field": c.field, "before": c.before, "after": c.after} for c in fn.inputs],
                "lines": [
                    {
                        "item": item.key,
                        "label": item.label,
                        "unit": item.unit,
                        "quantity": _change_dict(item.quantity),
                        "cost": _change_dict(item.cost),
                    }
                    for item in fn.items
                ],
            }
            for fn in result.functions
        ],
        "overrides": list(result.overrides),
        "budget": [gate_dict(g) for g in result.gates],
        "pricing": {
            "source": table.source.strip(),
            "effective_date": table.effective_date.isoformat(),
            "unconfirmed_rates": sorted(set(result.base.rates.unconfirmed) | set(result.head.rates.unconfirmed)),
        },
    }


def diff_markdown(result: WorkloadDiff) -> str:
    """GitHub-flavoured Markdown for a pull-request comment: the summary, what changed, the budget,
    the table in a collapsible ``<details>``, and the prices used."""
    total = result.total
    name = md_escape(result.head.workload.name)
    out = [
        f"### Lambda cost: {summary_line(result)}",
        "",
        f"**{name}**: {money(total.before)} -> {money(total.after)} a month. {counts_text(result)}.",
    ]
    changed = shown_changes(result)
    if changed:
        out += [""] + [f"- `{md_escape(n)}`: {md_escape(w)}" for n, w in changed]
    if result.gates:
        out += [""] + [f"- **{md_escape(gate_text(g))}**" for g in result.gates]
    out += [
        "",
        "<details><summary>Cost by function and line item (USD a month)</summary>",
        "",
        "| " + " | ".join(_HEADERS) + " |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for function, item, before, after, change, pct, subtotal in rows(result):
        cells = (before, after, change, pct)
        if subtotal:
            item, cells = f"*{item}*", tuple(f"**{c}**" if c else c for c in cells)
        out.append(f"| {md_escape(function)} | {item} | " + " | ".join(cells) + " |")
    out.append("| **Total** | | " + " | ".join(f"**{c}**" if c else c for c in _change_cells(total)) + " |")
    out += ["", "</details>", ""]
    for note in _notes(result):
        out += [md_escape(note), ""]
    out.append(f"Generated by lambdacost {__version__}.")
    return "\n".join(out) + "\n"


def diff_output(result: WorkloadDiff, fmt: str) -> RenderableType | str:
    """The diff in the format ``--format`` names: table, json or markdown."""
    if fmt == "json":
        return to_json(diff_dict(result))
    if fmt == "markdown":
        return diff_markdown(result)
    return diff_table(result)
