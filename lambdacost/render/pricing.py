"""Renderers for ``lambdacost pricing show`` and ``pricing update``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from lambdacost.render.common import md_escape, to_json


def show_output(info: dict[str, Any], fmt: str) -> RenderableType | str:
    """The price set in force: ``info`` has ``price_set``, ``manifest``, ``tables``, ``user_folder``."""
    if fmt == "json":
        return to_json(info)
    ps, manifest = info["price_set"], info["manifest"]
    lines = [
        f"Price set in force: {ps['name']}, published {ps['published']}",
        f"From: {ps['origin']}" + (f" ({ps['folder']})" if ps["folder"] else ""),
    ]
    if manifest:
        lines.append(f"Source: {manifest['source']}")
        if manifest.get("created"):
            lines.append(f"Built: {manifest['created']}")
    lines.append(
        f"Chosen from: --pricing DIR, else ${info['env']}, else the user data folder "
        "(once `pricing update` has written a set there), else the shipped tables."
    )
    rows = [
        (t["table"], t["effective_date"], "-" if t["regions"] is None else str(t["regions"]), t["source"])
        for t in info["tables"]
    ]
    offers = [
        (o["offer_code"], o["version"], o["publication_date"], ", ".join(o["regions"]) or "-")
        for o in (manifest or {}).get("offers", [])
    ]
    if fmt == "markdown":
        out = [f"- {md_escape(x)}" for x in lines] + [
            "",
            "| table | effective | regions | source |",
            "|---|---|---|---|",
        ]
        out += ["| " + " | ".join(md_escape(c) for c in r) + " |" for r in rows]
        if offers:
            out += ["", "| offer | version | published | regions |", "|---|---|---|---|"]
            out += ["| " + " | ".join(md_escape(c) for c in o) + " |" for o in offers]
        return "\n".join(out) + "\n"
    table = Table(title="Tables", title_justify="left")
    for h in ("Table", "Effective", "Regions", "Source"):
        table.add_column(h, justify="right" if h == "Regions" else "left")
    for r in rows:
        table.add_row(*r)
    parts: list[RenderableType] = [Text("\n".join(lines)), table]
    if offers:
        offer_table = Table(title="Offer files read", title_justify="left")
        for h in ("Offer", "Version", "Published", "Regions"):
            offer_table.add_column(h)
        for o in offers:
            offer_table.add_row(*o)
        parts.append(offer_table)
    return Group(*parts)


def update_output(info: dict[str, Any], notices: Sequence[str], fmt: str) -> RenderableType | str:
    """What ``pricing update`` wrote: the folder, the offers read and the regions of each table."""
    if fmt == "json":
        return to_json({**info, "notices": list(notices)})
    lines = [f"Wrote price set {info['name']!r}, published {info['published']}, to {info['folder']}"]
    for table, regions in info["regions"].items():
        lines.append(f"  {table}: {len(regions)} region{'s' if len(regions) != 1 else ''} read ({', '.join(regions)})")
    for o in info["offers"]:
        lines.append(f"  read {o['offer_code']} {o['version']} (published {o['publication_date']}) from {o['file']}")
    if info["in_force"]:
        lines.append("Every command now uses it (`lambdacost pricing show`).")
    else:
        lines.append(f"Use it with --pricing {info['folder']} or ${info['env']}.")
    text = "\n".join(lines) + "\n"
    return text if fmt != "table" else Text(text.rstrip("\n"))
