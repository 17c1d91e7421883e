"""The compare chart's geometry: break-even labels apart and inside the plot, the legend off the
curves, log axes with plain tick labels (no ``1e3``). Measured on the figure ``--plot`` saves."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app

WORKLOADS = Path(__file__).resolve().parents[2] / "workloads"
ONE = ["--memory", "512MB", "--duration", "200ms", "--no-free-tier", "--vs", "all"]
# 512 MB for 200 ms, no free tier: the break-evens are 3.28M, 9.65M and 128M requests a month.
# At 33M/month the first is 3.28/33 = 0.0995x, a decade from the left edge (0.01x), with the
# other two crowding it; at 1.3M/month the last is 128/1.3 = 98.8x, at the right edge (100x).
CASES = {
    "rest-api": [str(WORKLOADS / "rest-api.yaml"), "--vs", "all"],  # 19.5M and 22.3M: close together
    "nightly-report": [str(WORKLOADS / "nightly-report.yaml"), "--vs", "all"],  # 4.79k at 79x: the edge
    "image-thumbnails": [str(WORKLOADS / "image-thumbnails.yaml"), "--vs", "all"],  # 0.99M, 1.3M, 4.1M
    "left-edge": [*ONE, "--requests", "33M/month"],
    "right-edge": [*ONE, "--requests", "1.3M/month"],
}
PLAIN_TICK = re.compile(r"^\$?\d[\d,]*(\.\d+)?[kMBT]?$")  # "$1", "$0.01", "$1k", "10M", "100k"


@pytest.fixture
def draw(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[list[str]], Any]:
    """Run ``compare ARGS --plot chart.png`` and return the matplotlib figure it saved, laid out."""
    pytest.importorskip("matplotlib")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    saved: list[Figure] = []
    original = Figure.savefig

    def savefig(self: Figure, *args: Any, **kwargs: Any) -> None:
        saved.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)

    def run(args: list[str]) -> Any:
        out = tmp_path / "chart.png"
        result = runner.invoke(app, ["compare", *args, "--no-chart", "--plot", str(out)])
        assert result.exit_code == 0, result.stderr
        assert out.read_bytes().startswith(b"\x89PNG")
        (fig,) = saved
        FigureCanvasAgg(fig)
        fig.draw_without_rendering()
        return fig

    return run


def _overlap(a: Any, b: Any) -> bool:
    return bool(a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1)


def _inside(inner: Any, outer: Any) -> bool:
    return bool(inner.x0 >= outer.x0 and inner.x1 <= outer.x1 and inner.y0 >= outer.y0 and inner.y1 <= outer.y1)


def _break_even_boxes(fig: Any) -> list[Any]:
    renderer = fig.canvas.get_renderer()
    (ax,) = fig.axes
    texts = [t for t in ax.texts if t.get_text().startswith("break-even")]
    return [
        t.get_bbox_patch().get_window_extent(renderer) if t.get_bbox_patch() else t.get_window_extent(renderer)
        for t in texts
    ]


@pytest.mark.parametrize("case", sorted(CASES))
def test_break_even_labels_apart_and_inside_the_plot(draw: Callable[[list[str]], Any], case: str) -> None:
    fig = draw(CASES[case])
    boxes = _break_even_boxes(fig)
    assert boxes, "each case has a break-even inside the chart's range"
    plot = fig.axes[0].get_window_extent()
    for i, box in enumerate(boxes):
        assert _inside(box, plot), f"{case}: label {i} runs off the plot: {box} not in {plot}"
        for j, other in enumerate(boxes[:i]):
            assert not _overlap(box, other), f"{case}: labels {j} and {i} overlap"


@pytest.mark.parametrize("case", sorted(CASES))
def test_legend_outside_the_plot(draw: Callable[[list[str]], Any], case: str) -> None:
    fig = draw(CASES[case])
    renderer = fig.canvas.get_renderer()
    legends = [*fig.legends, *(leg for leg in [fig.axes[0].get_legend()] if leg is not None)]
    (legend,) = legends
    box = legend.get_window_extent(renderer)
    assert not _overlap(box, fig.axes[0].get_window_extent()), "the legend covers the curves"
    assert _inside(box, fig.bbox)
    assert any(t.get_text().startswith("now: ") for t in legend.get_texts())  # "now" is marked and named


@pytest.mark.parametrize("case", sorted(CASES))
def test_log_axes_with_plain_tick_labels(draw: Callable[[list[str]], Any], case: str) -> None:
    fig = draw(CASES[case])
    (ax,) = fig.axes
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        shown = [
            t.get_text() for t, at in zip(axis.get_ticklabels(), axis.get_ticklocs(), strict=True) if lo <= at <= hi
        ]
        assert len(shown) >= 2, f"{case}: too few ticks {shown}"
        for text in shown:
            assert PLAIN_TICK.match(text), f"{case}: tick label {text!r} is not a plain number"
    costs = [t.get_text() for t in ax.yaxis.get_ticklabels()]
    assert all(c.startswith("$") for c in costs if c)


def test_the_y_axis_spreads_costs_near_now(draw: Callable[[list[str]], Any]) -> None:
    # rest-api at 5.11M/month: Lambda costs a few dollars, the EC2 t4g.small ~$12 and the
    # Managed Instances ~$170. On a linear axis up to ~$800 the first two sat within 3% of the
    # plot's height of each other; on the log axis $1 to $10 is a whole decade.
    fig = draw(CASES["rest-api"])
    (ax,) = fig.axes
    lo, hi = ax.get_ylim()
    y0, y1 = (ax.transData.transform((1.0, v))[1] for v in (1.0, 10.0))
    assert (y1 - y0) / ax.get_window_extent().height > 0.1


def test_dollar_and_brackets_in_names_still_render(draw: Callable[[list[str]], Any], write_file: Any) -> None:
    # A regression guard (fixed before): "$" starts matplotlib mathtext, "[/]" is rich markup.
    path = write_file(
        "w.yaml",
        "name: 'a $5 plan $x^2$ [/] [b]'\nfunctions:\n"
        "  - name: 'f $1 [/red]'\n    memory: 512MB\n    duration: 120ms\n    requests: 3M/month\n",
    )
    fig = draw([str(path), "--vs", "all"])
    title = fig.axes[0].get_title()
    assert title.replace("\\$", "$").startswith("a $5 plan $x^2$ [/] [b]")


def test_terminal_chart_log_cost_axis_and_legend_below(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compare", *CASES["rest-api"]])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    bottom = max(i for i, line in enumerate(lines) if line.lstrip().startswith("└"))
    top = next(i for i, line in enumerate(lines) if "Monthly cost (USD, log scale)" in line)
    chart = lines[top : bottom + 1]
    # cost ticks by decade in plain figures, on the y axis ("$10┤")
    assert any(line.lstrip().startswith("$10┤") for line in chart)
    assert any(line.lstrip().startswith("$100┤") for line in chart)
    assert not any(re.search(r"\de[+-]?\d", line) for line in chart)
    # the legend is under the chart, not in a box drawn on the curves
    assert not any("break-even" in line for line in chart)
    below = lines[bottom + 1 :]
    assert any("break-even EC2 t4g.small: 19.5M/month" in line for line in below)
    assert any("now: 5.11M/month" in line for line in below)
