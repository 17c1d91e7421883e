"""The fast YAML path (``compose.build``: data and line map straight from the parser's events)
gives exactly what the node path gives (``compose`` + PyYAML's constructor + the line map), and
hands over to the node path for what it does not handle (anchors, aliases, merge keys, tags)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from lambdacost.errors import InputFileError
from lambdacost.io import loader
from lambdacost.io.compose import NeedsNodes, build, compose


def _node_path(text: str) -> tuple[Any, dict[tuple[str | int, ...], int]] | None:
    ld = loader._Loader(text)
    try:
        node = compose(ld, "f.yaml", InputFileError)
        if node is None:
            return None
        lines: dict[tuple[str | int, ...], int] = {}
        loader._line_map(node, (), lines)
        return ld.construct_document(node), lines
    finally:
        ld.dispose()


def _fast_path(text: str) -> tuple[Any, dict[tuple[str | int, ...], int]] | None:
    ld = loader._Loader(text)
    lines: dict[tuple[str | int, ...], int] = {}
    try:
        built = build(ld, "f.yaml", InputFileError, lines=lines)
    finally:
        ld.dispose()
    if built is None:
        return None
    # without a line map the data is the same
    ld = loader._Loader(text)
    try:
        assert build(ld, "f.yaml", InputFileError) == built
    finally:
        ld.dispose()
    return built[0], lines


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, width=32),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
    st.sampled_from(["1GB", "250ms", "on", "yes", "~", "0x1f", "1_000", "1:30", "2026-11-02", "40M/month", ""]),
)
keys = st.one_of(
    st.text(st.characters(codec="ascii", categories=("Ll", "Nd")), min_size=1, max_size=8), st.integers(0, 9)
)
documents = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=30
)


@given(documents, st.sampled_from([None, True, False]))
def test_fast_path_equals_node_path(document: Any, flow: bool | None) -> None:
    text = yaml.safe_dump({"root": document, "after": [1, {"k": "v"}]}, default_flow_style=flow, sort_keys=False)
    assert _fast_path(text) == _node_path(text)


def test_lines_of_a_workload_like_file() -> None:
    text = (
        "name: shop\n"  # 1
        "functions:\n"  # 2
        "  - name: api\n"  # 3
        "    memory: 1GB\n"  # 4
        "    traffic:\n"  # 5
        "      hourly: [1, 2,\n"  # 6
        "        3]\n"  # 7
        "  - name: jobs\n"  # 8
    )
    data, lines = _fast_path(text)  # type: ignore[misc]
    assert data == {
        "name": "shop",
        "functions": [{"name": "api", "memory": "1GB", "traffic": {"hourly": [1, 2, 3]}}, {"name": "jobs"}],
    }
    assert lines[("functions", 0, "memory")] == 4
    assert lines[("functions", 0, "traffic", "hourly")] == 6
    assert lines[("functions", 0, "traffic", "hourly", 2)] == 7
    assert lines[("functions", 1)] == 8
    assert lines[("functions", 1, "name")] == 8


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchor and alias
        "base: &b {memory: 1GB}\nf:\n  <<: *b\n  name: x\n",  # merge key
        "a: !!str 1\n",  # explicit tag
        "? [1, 2]\n: x\n",  # a list as a key: PyYAML's own error
    ],
)
def test_what_the_fast_path_hands_over(text: str) -> None:
    with pytest.raises(NeedsNodes):
        _fast_path(text)


def test_parse_yaml_lines_are_found_when_asked() -> None:
    data, lines = loader.parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert data == {"a": 1, "b": ["x", {"c": 2}]}
    assert dict(lines) == {(): 1, ("a",): 1, ("b",): 2, ("b", 0): 3, ("b", 1): 4, ("b", 1, "c"): 4}


def test_parse_yaml_still_reads_anchors_and_merges() -> None:
    data, lines = loader.parse_yaml("base: &b {memory: 1GB}\nf:\n  <<: *b\n  name: x\n", "f.yaml")
    assert data["f"] == {"memory": "1GB", "name": "x"}
    assert lines[("f", "name")] == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "memory: 1GB\nmemory: 2GB\n",
            "f.yaml: memory (line 2): key 'memory' is given twice in this mapping (lines 1 and 2)",
        ),
        ("a: {b: 1, b: 2}\n", "key 'b' is given twice in this mapping (both on line 1)"),
        ("x: " + "[" * 60 + "]" * 60 + "\n", "nested more than 50 levels deep"),
        ("n: " + "9" * 1001 + "\n", "a number written with 1,001 characters; at most 1000"),
        ("a: 1\n---\nb: 2\n", "more than one document"),
    ],
)
def test_errors_are_the_node_paths(text: str, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_DEPTH", 50)
    for path in (_fast_path, _node_path):
        with pytest.raises(InputFileError) as caught:
            path(text)
        assert message in str(caught.value), path.__name__
