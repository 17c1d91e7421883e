"""YAML events -> a node tree, without recursion and with the checks a hostile file needs.

PyYAML's composers (the C one and the Python one) recurse once per nesting level,
so a file of 30,000 ``[`` can overflow the C stack (a segfault, not an error) when
the scanner does not cap the nesting itself. This composer reads the same events
from the same (C when available) parser, keeps its own stack, and refuses:

* nesting deeper than ``max_depth`` lists and mappings;
* a key written twice in one mapping (YAML says keys are unique; PyYAML would keep
  the last one silently), naming both lines;
* an alias to a list or mapping that is still open (``&x [*x]``: a structure that
  contains itself, which no workload or price table can mean);
* a number written with more than MAX_NUMBER_CHARS characters;
* an undefined alias, a duplicate anchor, and more than one document.

It returns the same nodes PyYAML's ``get_single_node`` would, so the constructor,
the alias-bomb check and the line map work unchanged.

:func:`build` is the fast path for the common file (no anchor, alias, merge key or explicit
tag): the same events and the same checks, but it builds the Python data and the line map
directly, with no node tree and no second walk, and reads each distinct scalar once. It hands
over to :func:`compose` (by raising :class:`NeedsNodes`) at the first event it does not handle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from lambdacost.errors import LambdacostError, format_field_path

_MERGE_TAG = "tag:yaml.org,2002:merge"
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
#: The longest number a file may write (Python refuses to read integers of more
#: than 4,300 digits; no quantity needs more than a few dozen).
MAX_NUMBER_CHARS = 1000


class _Open:
    """A list or mapping being composed: its node, its field path, and (mappings) the pending key."""

    __slots__ = ("key", "keys", "node", "path")

    def __init__(self, node: Node, path: tuple[str | int, ...]) -> None:
        self.node = node
        self.path = path
        self.key: Node | None = None
        self.keys: dict[tuple[str, str], int] = {}


def _line(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:50] + "...")


def compose(
    loader: Any, path: str | Path, error: type[LambdacostError], *, max_depth: int | None = None
) -> Node | None:
    """The single document of ``loader``'s stream as a node tree, or None for an empty stream."""
    if max_depth is None:
        from lambdacost.io.loader import MAX_DEPTH as max_depth
    loader.get_event()  # StreamStart
    if loader.check_event(StreamEndEvent):
        loader.get_event()
        return None
    loader.get_event()  # DocumentStart
    anchors: dict[str, Node] = {}
    stack: list[_Open] = []
    open_ids: set[int] = set()
    root: Node | None = None

    def fail(message: str, mark: Any, where: tuple[str | int, ...] | None = None) -> LambdacostError:
        field = format_field_path(where) if where else None
        return error(message, file=path, field=field, line=_line(mark))

    def here() -> tuple[str | int, ...]:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.node, SequenceNode):
            return (*top.path, len(top.node.value))
        key = top.key
        return (*top.path, key.value) if isinstance(key, ScalarNode) and top.key is not None else top.path

    while True:
        event = loader.get_event()
        kind = type(event)
        node: Node
        if kind is ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(ScalarNode, event.value, event.implicit)
            if tag in _NUMBER_TAGS and len(event.value) > MAX_NUMBER_CHARS:
                raise fail(
                    f"a number written with {len(event.value):,} characters; at most {MAX_NUMBER_CHARS}",
                    event.start_mark,
                    here(),
                )
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        elif kind is AliasEvent:
            if event.anchor not in anchors:
                raise fail(f"invalid YAML: alias *{event.anchor} is not defined above", event.start_mark)
            node = anchors[event.anchor]
            if id(node) in open_ids:
                raise fail(
                    f"invalid YAML: alias *{event.anchor} is inside the &{event.anchor} it refers to "
                    "(a structure that contains itself)",
                    event.start_mark,
                    here(),
                )
        elif kind is SequenceStartEvent or kind is MappingStartEvent:
            if max_depth is not None and len(stack) >= max_depth:
                raise fail(f"invalid YAML: nested more than {max_depth} levels deep", event.start_mark)
            tag = event.tag
            is_seq = kind is SequenceStartEvent
            cls = SequenceNode if is_seq else MappingNode
            if tag is None or tag == "!":
                tag = loader.resolve(cls, None, event.implicit)
            node = cls(tag, [], event.start_mark, None, flow_style=event.flow_style)
            _anchor(anchors, event, node, fail)
            stack.append(_Open(node, here()))
            open_ids.add(id(node))
            continue
        elif kind is SequenceEndEvent or kind is MappingEndEvent:
            done = stack.pop()
            open_ids.discard(id(done.node))
            node = done.node
            node.end_mark = event.end_mark
        elif kind is DocumentEndEvent:
            break
        else:  # pragma: no cover - the parser emits no other event inside a document
            raise fail(f"invalid YAML: unexpected {kind.__name__}", getattr(event, "start_mark", None))
        if kind is ScalarEvent:
            _anchor(anchors, event, node, fail)
        if not stack:
            root = node
            continue
        _attach(stack[-1], node, fail)
    if not loader.check_event(StreamEndEvent):
        extra = loader.get_event()
        raise fail("invalid YAML: more than one document (a second `---`)", extra.start_mark)
    loader.get_event()
    return root


class NeedsNodes(Exception):
    """The document uses an anchor, alias, merge key, explicit tag or a list or mapping as a key:
    compose it as nodes instead (:func:`compose`)."""


def build(
    loader: Any,
    path: str | Path,
    error: type[LambdacostError],
    *,
    max_depth: int | None = None,
    lines: dict[tuple[str | int, ...], int] | None = None,
) -> tuple[Any] | None:
    """The single document of ``loader``'s stream as Python data (what ``construct_document`` of
    :func:`compose`'s tree gives), as a 1-tuple, or None for an empty stream; ``lines``, if given,
    receives the 1-based line of each field path (what the line map of that tree holds: it is only
    needed to name a line in an error, so callers ask for it again then). Raises
    :class:`NeedsNodes` for what only :func:`compose` handles."""
    if max_depth is None:
        from lambdacost.io.loader import MAX_DEPTH as max_depth
    get_event = loader.get_event
    get_event()  # StreamStart
    if loader.check_event(StreamEndEvent):
        get_event()
        return None
    get_event()  # DocumentStart
    # each distinct plain scalar (text, implicit) resolved and constructed once: its tag and value
    scalars: dict[tuple[str, Any], tuple[str, Any]] = {}
    constructors = loader.yaml_constructors
    record = lines is not None
    # one entry per open list or mapping: [container, its key or index in its parent,
    # the pending key (raw text, value) or None, the keys seen (tag, text) -> line]
    stack: list[list[Any]] = []
    root: Any = None
    tag = text = ""

    def where() -> tuple[str | int, ...]:
        """The field path of the innermost open list or mapping."""
        return tuple(entry[1] for entry in stack[1:])

    def here() -> tuple[str | int, ...]:
        """The field path of the node being read."""
        if not stack:
            return ()
        container, _, key, _ = stack[-1]
        if isinstance(container, list):
            return (*where(), len(container))
        return (*where(), key[0]) if key is not None else where()

    def fail(message: str, mark: Any, at: tuple[str | int, ...] | None = None) -> LambdacostError:
        field = format_field_path(at) if at else None
        return error(message, file=path, field=field, line=_line(mark))

    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise NeedsNodes
            text = event.value
            ident = (text, event.implicit)
            known = scalars.get(ident)
            if known is None:
                tag = loader.resolve(ScalarNode, text, event.implicit)
                if tag == _MERGE_TAG:
                    raise NeedsNodes
                if tag in _NUMBER_TAGS and len(text) > MAX_NUMBER_CHARS:
                    raise fail(
                        f"a number written with {len(text):,} characters; at most {MAX_NUMBER_CHARS}",
                        event.start_mark,
                        here(),
                    )
                make = constructors.get(tag)
                if make is None:
                    raise NeedsNodes  # the constructor's own error, from the node path
                known = scalars[ident] = (tag, make(loader, ScalarNode(tag, text, event.start_mark, event.end_mark)))
            tag, value = known
            done = False
        elif kind is SequenceStartEvent or kind is MappingStartEvent:
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise NeedsNodes
            if max_depth is not None and len(stack) >= max_depth:
                raise fail(f"invalid YAML: nested more than {max_depth} levels deep", event.start_mark)
            part: str | int | None = None
            if stack:
                top = stack[-1]
                if isinstance(top[0], list):
                    part = len(top[0])
                elif top[2] is None:
                    raise NeedsNodes  # a list or mapping as a key
                else:
                    part = top[2][0]
            if record:
                lines.setdefault(here(), event.start_mark.line + 1)  # type: ignore[union-attr]
            stack.append([[] if kind is SequenceStartEvent else {}, part, None, {}])
            continue
        elif kind is SequenceEndEvent or kind is MappingEndEvent:
            value = stack.pop()[0]
            done = True
        elif kind is AliasEvent:
            raise NeedsNodes
        elif kind is DocumentEndEvent:
            break
        else:  # pragma: no cover - the parser emits no other event inside a document
            raise fail(f"invalid YAML: unexpected {kind.__name__}", getattr(event, "start_mark", None))
        if not stack:
            root = value
            if record and not done:
                lines.setdefault((), event.start_mark.line + 1)  # type: ignore[union-attr]
            continue
        top = stack[-1]
        container = top[0]
        if isinstance(container, list):
            if record and not done:
                lines.setdefault((*where(), len(container)), event.start_mark.line + 1)  # type: ignore[union-attr]
            container.append(value)
            continue
        key = top[2]
        if key is None:  # a scalar key (a list or mapping key went to the node path above)
            if type(value) is not str:
                try:
                    hash(value)
                except TypeError:
                    raise NeedsNodes from None
            line = event.start_mark.line + 1
            seen = top[3]
            ident = (tag, text)
            if ident in seen:
                first = seen[ident]
                said = f"lines {first} and {line}" if first != line else f"both on line {line}"
                raise fail(
                    f"key {_short(text)} is given twice in this mapping ({said}); keep one of them",
                    event.start_mark,
                    (*where(), text),
                )
            seen[ident] = line
            if record:
                lines.setdefault((*where(), text), line)  # type: ignore[union-attr]
            top[2] = (text, value)
            continue
        top[2] = None
        container[key[1]] = value
    if not loader.check_event(StreamEndEvent):
        extra = get_event()
        raise fail("invalid YAML: more than one document (a second `---`)", extra.start_mark)
    get_event()
    return (root,)


def _anchor(anchors: dict[str, Node], event: Any, node: Node, fail: Any) -> None:
    if event.anchor is None:
        return
    if event.anchor in anchors:
        first = _line(anchors[event.anchor].start_mark)
        raise fail(f"invalid YAML: anchor &{event.anchor} is defined twice (first on line {first})", event.start_mark)
    anchors[event.anchor] = node


def _attach(top: _Open, node: Node, fail: Any) -> None:
    parent = top.node
    if isinstance(parent, SequenceNode):
        parent.value.append(node)
        return
    if top.key is None:
        top.key = node
        return
    key = top.key
    top.key = None
    parent.value.append((key, node))
    if isinstance(key, ScalarNode) and key.tag != _MERGE_TAG:
        ident = (key.tag, key.value)
        line = key.start_mark.line + 1
        if ident in top.keys:
            first = top.keys[ident]
            where = f"lines {first} and {line}" if first != line else f"both on line {line}"
            raise fail(
                f"key {_short(key.value)} is given twice in this mapping ({where}); keep one of them",
                key.start_mark,
                (*top.path, key.value),
            )
        top.keys[ident] = line


__all__ = ["NeedsNodes", "build", "compose"]
