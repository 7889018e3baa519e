"""The YAML reader: safe (no anchors, aliases or object tags), with the line of every value."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

from budgetkit.i18n import Said
from budgetkit.loaders.coercion import (
    LINE_KEYS,
    UNIT_KEYS,
    Coercer,
    LoadedFile,
    Locator,
    Raw,
    assemble,
    build_explanation,
    build_line,
    build_unit,
)
from budgetkit.locations import UNIT, WHOLE_FILE, YamlPlace
from budgetkit.model import LIST_KEYS, Explanation
from budgetkit.normalize import closest

try:  # the C parser when libyaml is there: same events, faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_STANDARD_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
_RESOLVER = yaml.resolver.Resolver()


class Unsafe(Exception):
    """What safe YAML must not carry, or a limit broken: the finding's code (F001, F008), its reason
    (`kind`, a sub-kind of the rule: rules/reading.py) and the reason's values."""

    def __init__(self, code: str, kind: str, **params: Any) -> None:
        super().__init__(f"{code} {kind}")
        self.code, self.kind, self.params = code, kind, params


@dataclass(slots=True)
class Node:
    """A YAML node as read, with the line it starts on (for locations): a map, a list or a scalar."""

    kind: str  # "map", "seq", "scalar"
    value: Any  # dict[str, tuple[Node, Node]] | list[Node] | str
    line: int
    tag: str = ""
    key_line: int = 0


def _compose(text: str, max_depth: int, limits: Any = None, duplicates: list[tuple[Node, int]] | None = None) -> Node | None:
    """Build the node tree from parser events, refusing what safe YAML must not carry, within the
    limits (nodes, characters of a value). A key met twice in a mapping keeps its first value; the
    second key and the first one's line go to duplicates."""
    events = yaml.parse(text, Loader=_Loader)
    stack: list[Node] = []
    pending_key: list[Node | None] = []
    root: Node | None = None
    max_nodes = limits.yaml_nodes if limits is not None else 10**9
    max_chars = limits.value_chars if limits is not None else 10**9
    nodes = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.kind == "seq":
            parent.value.append(node)
        elif pending_key[-1] is None:
            if node.kind != "scalar":
                raise Unsafe("F001", "yaml_key_not_text")
            pending_key[-1] = node
        else:
            key = pending_key[-1]
            assert key is not None
            node.key_line = key.line
            name = str(key.value)
            if name in parent.value:
                if duplicates is not None:
                    duplicates.append((key, parent.value[name][0].line))
            else:
                parent.value[name] = (key, node)
            pending_key[-1] = None

    for event in events:
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor:
            raise Unsafe("F001", "yaml_anchors")
        tag = getattr(event, "tag", None)
        if tag and tag not in _STANDARD_TAGS and tag != "!":
            raise Unsafe("F001", "yaml_tag", tag=tag)
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            nodes += 1
            if nodes > max_nodes:
                raise Unsafe("F008", "yaml_nodes", limit=Decimal(max_nodes))
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > max_chars:
            raise Unsafe("F008", "yaml_value_chars", line=line, count=Decimal(len(event.value)), limit=Decimal(max_chars))
        if isinstance(event, yaml.ScalarEvent):
            resolved = tag or _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
            attach(Node("scalar", event.value, line, resolved))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= max_depth:
                raise Unsafe("F008", "yaml_depth", limit=max_depth)
            node = Node(
                "map" if isinstance(event, yaml.MappingStartEvent) else "seq", {} if isinstance(event, yaml.MappingStartEvent) else [], line
            )
            attach(node)
            stack.append(node)
            pending_key.append(None)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            pending_key.pop()
        elif isinstance(event, yaml.DocumentStartEvent) and root is not None:
            raise Unsafe("F001", "yaml_documents")
    return root


def _raw(node: Node | None, key: str = "") -> Any:
    """A leaf as a Raw value; a list key's sequence as a list of Raw; None for null.

    A mapping, or a sequence where one value is expected, is a value of the wrong shape."""
    if node is None:
        return None
    if node.kind == "seq" and key in LIST_KEYS:
        items = [_raw(n) for n in node.value]
        if any(isinstance(r, list) or (r is not None and r.kind == "shape") for r in items):
            return Raw("shape", "[…]")
        return [r for r in items if r is not None]
    if node.kind == "seq":
        return Raw("shape", "[…]")
    if node.kind == "map":
        return Raw("shape", "{…}")
    if node.tag.endswith(":null"):
        return None
    if node.tag.endswith((":int", ":float")):
        return Raw("num", node.value.replace("_", ""))
    return Raw("text", node.value)


class YamlLocator(Locator):
    """The line and path of every value of a YAML file.

    The model's lines are the items of `lines` that are mappings, in order: the locator holds those items
    themselves (`lines`, with their position in the list), so the model's line k is named by its own item
    whatever was skipped before it."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self.lines: list[tuple[int, Node]] = []  # per line of the model: (its position in the YAML list, its item)

    def keep_line(self, position: int, item: Node) -> int:
        """Record the YAML list's item at `position` as the model's next line; its index in the model."""
        self.lines.append((position, item))
        return len(self.lines) - 1

    def _explanation(self, index: int) -> Node | None:
        entry = self.root.value.get("explanations") if self.root.kind == "map" else None
        if entry and entry[1].kind == "seq" and 0 <= index < len(entry[1].value):
            node: Node = entry[1].value[index]
            return node
        return None

    @staticmethod
    def _line_of(item: Node | None, key: str) -> int | None:
        if item is None:
            return None
        if item.kind == "map" and key in item.value:
            line: int = item.value[key][1].line
            return line
        return item.line

    @staticmethod
    def _line_id(item: Node) -> str | None:
        if item.kind == "map" and "id" in item.value:
            value = item.value["id"][1]
            return str(value.value) if value.kind == "scalar" and value.value != "" else None
        return None

    def value(self, index: int, key: str) -> YamlPlace:
        """Where a line's value is in the YAML file."""
        position, item = self.lines[index]
        return YamlPlace(self._line_of(item, key), f"lines[{position}].{key}", key, self._line_id(item))

    def unit(self, key: str) -> YamlPlace:
        """Where a unit value (or budget_year) is in the YAML file."""
        if key == "budget_year":
            entry = self.root.value.get("budget_year")
            return YamlPlace(entry[1].line if entry else None, "budget_year", key)
        entry = self.root.value.get("unit")
        return YamlPlace(self._line_of(entry[1], key) if entry else None, f"unit.{key}", key)

    def explanation(self, index: int, key: str) -> YamlPlace:
        """Where an explanation's value is in the YAML file."""
        return YamlPlace(self._line_of(self._explanation(index), key), f"explanations[{index}].{key}", key)


def load_yaml(loaded: LoadedFile, data: bytes) -> None:
    """Read a YAML budget file into loaded: findings for what is wrong, the model of what could be read."""
    text = _decode(loaded, data)
    if text is None:
        return
    root = _parse(loaded, text)
    if root is None:
        return
    locator = YamlLocator(root)
    loaded.locator = locator
    co = Coercer(loaded, text_numbers_warn=False)
    top = root.value
    for key, (key_node, _) in top.items():
        if key not in _SECTIONS:
            _unknown_key(loaded, key, key_node.line, key, list(_SECTIONS))
    required = ("unit",) if loaded.unit_only else ("unit", "lines")
    missing = [s for s in required if s not in top or (top[s][1].kind == "scalar" and top[s][1].tag.endswith(":null"))]
    if missing:
        loaded.emit("F002", missing=", ".join(missing), found=", ".join(top) or "-")
        return
    year_node = top.get("budget_year", (None, None))[1]
    year = co.year(_raw(year_node), UNIT, "budget_year", locator.unit("budget_year"))
    unit_node = top["unit"][1]
    if unit_node.kind != "map":
        loaded.emit("F002", missing="unit", found=", ".join(top))
        return
    unit_values = build_unit(co, _section_raw(loaded, unit_node, UNIT_KEYS, "unit."))
    lines_node = top["lines"][1] if "lines" in top else Node("seq", [], 0)
    if lines_node.kind != "seq":
        loaded.emit("F002", missing="lines", found=", ".join(top))
        return
    lines_values = _read_lines(loaded, co, locator, lines_node)
    if lines_values is None:
        return
    assemble(loaded, year, unit_values, lines_values, _read_explanations(loaded, co, top.get("explanations")))


_SECTIONS = ("budget_year", "unit", "lines", "explanations")
_EXPLANATION_KEYS = tuple(Explanation.model_fields)


def _decode(loaded: LoadedFile, data: bytes) -> str | None:
    """The file's text; None (and F001) when it is not UTF-8 text."""
    if b"\x00" in data:
        if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or (len(data) >= 8 and data[1:4] == b"\x00\x00\x00" and data[0]):
            loaded.emit("F001", kind="not_utf8_text", encoding="UTF-32")
        elif data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) >= 4 and (data[1] == 0) != (data[0] == 0)):
            loaded.emit("F001", kind="not_utf8_text", encoding="UTF-16")
        else:
            loaded.emit("F001", kind="binary_not_text")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        loaded.emit("F001", kind="not_utf8_byte", offset=exc.start)
        return None


# What the YAML parser says of a syntax error -> what the user should do, in both languages (never the
# parser's English). Matched in order on the parser's "problem"; anything else is named as a structure error.
_SYNTAX_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    ("tab character", "có ký tự Tab; YAML chỉ thụt lề bằng dấu cách", "there is a Tab character; YAML indents with spaces only"),
    ("expected ',' or '}'", "thiếu dấu phẩy “,” hoặc dấu đóng “}”", "a comma “,” or a closing “}” is missing"),
    ("expected ',' or ']'", "thiếu dấu phẩy “,” hoặc dấu đóng “]”", "a comma “,” or a closing “]” is missing"),
    ("could not find expected ':'", "thiếu dấu hai chấm “:” sau tên khóa", "a colon “:” after a key is missing"),
    (
        "mapping values are not allowed",
        "dấu hai chấm “:” ở chỗ không được: thiếu dấu cách sau dấu hai chấm, thụt lề sai, hoặc giá trị có dấu hai chấm "
        "cần đặt trong ngoặc kép",
        "a colon “:” where none may be: a space missing after a colon, a wrong indentation, or a value with a colon that needs quotes",
    ),
    (
        "expected '-' indicator",
        "mục của danh sách thụt lề không đúng (mỗi mục bắt đầu bằng “- ”)",
        "a list item is indented wrongly (each item starts with “- ”)",
    ),
    ("expected <block end>", "thụt lề không đúng", "the indentation is wrong"),
    ("did not find expected key", "thụt lề không đúng hoặc thiếu tên khóa", "the indentation is wrong or a key is missing"),
    ("end of stream", "tệp kết thúc khi dấu ngoặc kép hoặc ngoặc chưa đóng", "the file ends before a quote or a bracket is closed"),
    (
        "escape character",
        "ký tự “\\” không hợp lệ trong chuỗi ngoặc kép (dùng ngoặc đơn hoặc viết “\\\\”)",
        "an invalid “\\” in a double-quoted text (use single quotes or write “\\\\”)",
    ),
    (
        "that cannot start any token",
        "có ký tự không được đứng đầu giá trị (hãy đặt giá trị trong ngoặc kép)",
        "a character that cannot start a value (put the value in quotes)",
    ),
    ("node content", "thiếu giá trị", "a value is missing"),
)


def _char_at(text: str, mark: Any) -> str:
    """The character where the parser stopped ("" when it is not known)."""
    if mark is None:
        return ""
    lines = text.split("\n", mark.line + 1)
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def syntax_problem(problem: str, char: str = "") -> Said:
    """The parser's description of a syntax error (and the character where it stopped) as the user should read
    it, in both languages."""
    if char == "\t":
        problem = "tab character"
    for said, vi, en in _SYNTAX_PROBLEMS:
        if said in problem:
            return Said(vi, en)
    return Said("cấu trúc không đúng", "the structure is wrong")


def syntax_error(exc: Exception, text: str) -> tuple[str, dict[str, Any]]:
    """A YAML syntax error as an F001 reason and its values: where (line, column) and what to fix, in the
    user's words (budget files, rosters and override files say it alike)."""
    mark = getattr(exc, "problem_mark", None)
    problem = syntax_problem(getattr(exc, "problem", None) or str(exc).splitlines()[0], _char_at(text, mark))
    if mark is None:
        return "yaml_syntax", {"problem": problem}
    return "yaml_syntax_at", {"line": mark.line + 1, "column": mark.column + 1, "problem": problem}


def _parse(loaded: LoadedFile, text: str) -> Node | None:
    """The document's top mapping, safely composed (F009 for each key given twice); None (and F001 or
    F008) when the YAML is invalid, unsafe, over a limit or not a mapping."""
    limits = loaded.pack.limits
    duplicates: list[tuple[Node, int]] = []
    try:
        root = _compose(text, limits.yaml_depth, limits, duplicates)
    except Unsafe as exc:
        loaded.emit(exc.code, kind=exc.kind, **exc.params)
        return None
    except yaml.YAMLError as exc:
        kind, values = syntax_error(exc, text)
        loaded.emit("F001", YamlPlace(values["line"]) if "line" in values else WHOLE_FILE, kind=kind, **values)
        return None
    if root is None or root.kind != "map":
        loaded.emit("F001", kind="yaml_not_mapping")
        return None
    for key_node, first_line in duplicates:
        # A key given twice: an error at the second, whose value is not read (the first one is).
        loaded.emit(
            "F009", YamlPlace(key_node.line, field=str(key_node.value)), str(key_node.value), name=str(key_node.value), first=first_line
        )
    return root


def _section_raw(loaded: LoadedFile, node: Node, known: tuple[str, ...], prefix: str) -> dict[str, Any]:
    """The raw values of a mapping's known keys; F004 (an error in YAML) for each other key."""
    raw: dict[str, Any] = {}
    for key, (key_node, value_node) in node.value.items():
        if key in known:
            raw[key] = _raw(value_node, key)
        else:
            _unknown_key(loaded, key, key_node.line, f"{prefix}{key}", list(known))
    return raw


def _read_lines(loaded: LoadedFile, co: Coercer, locator: YamlLocator, lines_node: Node) -> list[dict[str, Any]] | None:
    """The typed values of each item of `lines` that is a mapping (F001 for another item); None (and
    F008) when there are more items than the pack allows."""
    limits = loaded.pack.limits
    if len(lines_node.value) > limits.sheet_rows:
        loaded.emit(
            "F008",
            YamlPlace(lines_node.line, "lines"),
            kind="yaml_lines",
            count=Decimal(len(lines_node.value)),
            limit=Decimal(limits.sheet_rows),
        )
        return None
    lines_values = []
    for position, item in enumerate(lines_node.value):
        if item.kind != "map":
            loaded.emit("F001", YamlPlace(item.line, f"lines[{position}]"), kind="line_not_mapping", number=position + 1)
            continue
        raw = _section_raw(loaded, item, LINE_KEYS, f"lines[{position}].")
        lines_values.append(build_line(co, raw, locator.keep_line(position, item)))
    return lines_values


def _read_explanations(loaded: LoadedFile, co: Coercer, entry: tuple[Node, Node] | None) -> list[dict[str, Any]]:
    """The typed values of each item of `explanations` that is a mapping."""
    if not entry or entry[1].kind != "seq":
        return []
    values = []
    for index, item in enumerate(entry[1].value):
        if item.kind == "map":
            raw = _section_raw(loaded, item, _EXPLANATION_KEYS, f"explanations[{index}].")
            values.append(build_explanation(co, raw, index))
    return values


def _unknown_key(loaded: LoadedFile, key: str, line: int, path: str, known: list[str]) -> None:
    near = closest(key, known)
    # A misspelt key must not be dropped silently: in YAML an unknown key is an error.
    if near:
        loaded.emit("F004", YamlPlace(line, path, key), key, fixed_severity="error", kind="near", name=key, near=near)
    else:
        loaded.emit("F004", YamlPlace(line, path, key), key, fixed_severity="error", name=key)
