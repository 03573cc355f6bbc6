"""Reading scenario files safely: YAML with limits, ``extends:``, and messages that leak nothing.

A scenario file may come from anyone. It is read as plain YAML only (text, numbers,
true/false, null, lists and mappings: no ``!!python``, ``!!set`` or other tags), with
limits on its size, nesting and aliases, duplicate keys refused, and ``extends:``
reaching scenario files only. Every problem is a :class:`ScenarioError` of one short
line naming the file, the line or key path and what is allowed. Values are echoed only
from the user's own file, cut to :data:`ECHO_CHARS` characters; never from a file it
extends.
"""

from __future__ import annotations

import reprlib
from pathlib import Path
from typing import Any

import yaml

from sim.paths import SCENARIO_DIR

__all__ = [
    "ECHO_CHARS", "MAX_ALIASES", "MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "SCENARIO_DIR", "SCENARIO_SUFFIXES",
    "ScenarioError", "deep_merge", "key_path", "load_yaml_text", "origin_of", "read_layers", "read_yaml", "resolve_path",
    "short", "touched_by_other",
]

SCENARIO_SUFFIXES = (".yaml", ".yml")
MAX_BYTES = 1_000_000  # a scenario file is a few kB
MAX_DEPTH = 30  # mappings and lists inside each other (a scenario needs about 6)
MAX_ALIASES = 200  # ``*name`` references in one file
MAX_NODES = 50_000  # values once every alias is expanded (stops "billion laughs")
ECHO_CHARS = 60  # longest value a message repeats

_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "merge")}
_KIND = {_CORE + "int": "a number", _CORE + "float": "a number", _CORE + "bool": "true/false",
         _CORE + "null": "null"}


class ScenarioError(ValueError):
    """A scenario file or value that cannot be used; the message says why."""


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother = 3, 2 * ECHO_CHARS, 2 * ECHO_CHARS  # cheap on huge or deep values


def short(value: Any, limit: int = ECHO_CHARS) -> str:
    """``repr(value)``, cut to ``limit`` characters (a message never repeats a huge value)."""
    try:
        text = _REPR.repr(value) if isinstance(value, (dict, list, tuple, set, frozenset)) else repr(value)
    except ValueError:  # an integer of more than 4300 digits
        text = "(a number of too many digits)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(part: Any) -> str:
    if isinstance(part, int) and not isinstance(part, bool):  # an index in a list
        return str(part)
    plain = isinstance(part, str) and part.isprintable() and 0 < len(part) <= ECHO_CHARS
    return part if plain else short(part)


def key_path(parts: tuple | list) -> str:
    """``a.b.0.c`` for messages; a key that is not plain printable text, or is long, is shown by :func:`short`."""
    return ".".join(map(_shown, parts))


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, counting aliases and nesting as it composes, dates left as text."""

    yaml_implicit_resolvers = {  # a date stays text: a scenario has no date fields
        first: [(tag, rx) for tag, rx in resolvers if tag != _CORE + "timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str, source: str):
        super().__init__(stream)
        self.source, self.depth, self.aliases = source, 0, 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise self._limit(f"more than {MAX_ALIASES} aliases (*name)")
            return super().compose_node(parent, index)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise self._limit(f"nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _limit(self, what: str) -> ScenarioError:
        mark = self.peek_event().start_mark
        return ScenarioError(f"{self.source} (line {mark.line + 1}): refused: {what}")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _expanded(node: yaml.Node, done: dict[int, tuple[int, int]], source: str) -> tuple[int, int]:
    """(values, depth) of ``node`` once expanded, from its children's; refused past the limits."""
    kids = [done[id(c)] for c in _children(node)]
    size, depth = 1 + sum(k[0] for k in kids), 1 + max((k[1] for k in kids), default=0)
    if size > MAX_NODES or depth > MAX_DEPTH:
        raise ScenarioError(f"{source} (line {node.start_mark.line + 1}): refused: aliases (*name) "
                            f"expand to more than {MAX_NODES} values or {MAX_DEPTH} levels")
    return size, depth


def _check_expansion(root: yaml.Node, source: str) -> None:
    """Refuse a document whose aliases expand past :data:`MAX_NODES` values or :data:`MAX_DEPTH` levels."""
    done: dict[int, tuple[int, int]] = {}  # id -> (values, depth) once expanded
    path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            path.discard(key)
            done[key] = _expanded(node, done, source)
        elif key in path:
            raise ScenarioError(f"{source} (line {node.start_mark.line + 1}): refused: an alias refers to itself")
        elif key not in done:
            path.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in _children(node) if id(c) not in done)


def _check_plain(node: yaml.Node, source: str, where: str = "", seen: set | None = None) -> None:
    """Plain tags only; mapping keys are text and appear once."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    line = f"{source} (line {node.start_mark.line + 1})"
    if node.tag not in _PLAIN_TAGS:
        tag = short(node.tag.replace(_CORE, "!!"), 40)
        raise ScenarioError(f"{line}: {where or '(top level)'}: tag {tag} is not allowed; "
                            "a scenario holds only text, numbers, true/false, lists and mappings")
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _check_plain(item, source, key_path([where, i]) if where else str(i), seen)
    if not isinstance(node, yaml.MappingNode):
        return
    keys: set[str] = set()
    for k, v in node.value:
        if k.tag == _CORE + "merge":
            _check_plain(v, source, where, seen)
            continue
        at = f"{source} (line {k.start_mark.line + 1})"
        if not isinstance(k, yaml.ScalarNode) or k.tag != _CORE + "str":
            what = short(k.value) if isinstance(k, yaml.ScalarNode) else "a list or mapping"
            kind = _KIND.get(k.tag, "not text")
            raise ScenarioError(f"{at}: {where or '(top level)'}: key {what} is read as {kind}; "
                                "a key must be text (put it in quotes)")
        path = f"{where}.{key_path([k.value])}" if where else key_path([k.value])
        if k.value in keys:
            raise ScenarioError(f"{at}: duplicate key {path}: each key may appear once in a mapping")
        keys.add(k.value)
        _check_plain(v, source, path, seen)


def _yaml_message(exc: yaml.YAMLError, source: str) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
    if isinstance(exc, yaml.reader.ReaderError):
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return f"{source} (character {exc.position + 1}): not valid YAML: character #x{char:04x} is not allowed"
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or "cannot be read"
    return f"{source}{where}: not valid YAML: {' '.join(str(problem).split())[:120]}"


def _read_text(path: Path) -> str:
    try:
        with open(path, "rb") as f:
            blob = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ScenarioError(f"{path}: is a folder, not a scenario file") from None
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    if len(blob) > MAX_BYTES:
        raise ScenarioError(f"{path}: refused: larger than {MAX_BYTES // 1000} kB (a scenario is a few kB)")
    try:
        return blob.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path} (byte {exc.start}): not UTF-8 text; save the file as UTF-8") from None


def load_yaml_text(text: str, source: str) -> Any:
    """The value of the YAML document ``text`` (``None`` if empty), read with the limits above."""
    loader = None
    try:
        loader = _Loader(text, source)
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node, source)
        _check_plain(node, source)
        return loader.construct_document(node)
    except ScenarioError:
        raise
    except yaml.YAMLError as exc:
        raise ScenarioError(_yaml_message(exc, source)) from None
    except ValueError:  # Python refuses integers of more than 4300 digits
        raise ScenarioError(f"{source}: not valid YAML: a number has too many digits") from None
    finally:
        if loader is not None:
            loader.dispose()


def read_yaml(path: Path) -> dict:
    """The mapping in the YAML file ``path`` (``{}`` if empty), read with the limits above."""
    data = load_yaml_text(_read_text(path), str(path))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: a scenario must be a mapping of keys to values, got {type(data).__name__}")
    return data


def deep_merge(base: dict, override: dict) -> dict:
    """Merge ``override`` into ``base`` recursively (mappings merge, other values replace)."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def resolve_path(name: str | Path, relative_to: Path | None = None) -> Path:
    """Find a scenario by path, or by name in ``scenarios/`` (``workshop`` -> ``scenarios/workshop.yaml``)."""
    p = Path(name)
    candidates = [p]
    if relative_to is not None:
        candidates.append(relative_to / p)
    candidates += [SCENARIO_DIR / p, SCENARIO_DIR / f"{p}.yaml"]
    for c in candidates:
        if c.is_file():
            return c
    return p


def _parent(path: Path, parent: Any) -> Path:
    """The scenario file ``extends: parent`` names: a ``.yaml``/``.yml`` file, or a name in ``scenarios/``."""
    if not isinstance(parent, str) or not parent.strip():
        raise ScenarioError(f"{path}: extends: must be a file name or scenario name, got {short(parent)}")
    parent_path = resolve_path(parent, path.parent)
    if not parent_path.is_file():
        raise ScenarioError(f"{path}: extends: {short(parent)} not found "
                            f"(looked beside the file and in {SCENARIO_DIR})")
    if not {parent_path.suffix.lower(), parent_path.resolve().suffix.lower()} <= set(SCENARIO_SUFFIXES):  # links too
        raise ScenarioError(f"{path}: extends: {short(parent)} is not a scenario file; "
                            f"name a {' or '.join(SCENARIO_SUFFIXES)} file or a scenario in {SCENARIO_DIR}")
    return parent_path


def _book_beside(data: dict, path: Path) -> None:
    """A relative ``accounts.book`` is read beside the file that names it."""
    accounts = data.get("accounts")
    book = accounts.get("book") if isinstance(accounts, dict) else None
    if isinstance(book, str) and not Path(book).is_absolute():
        data["accounts"] = {**accounts, "book": str(path.parent / book)}


def read_layers(path: Path, seen: tuple[Path, ...] = ()) -> list[tuple[Path, dict]]:
    """``path``'s mapping and those it ``extends:``, nearest first (each named after its file by default)."""
    path = path.resolve() if path.exists() else path
    if path in seen:
        chain = " -> ".join(str(s) for s in (*seen, path))
        raise ScenarioError(f"{path}: extends: forms a cycle ({chain})")
    data = read_yaml(path)
    data.setdefault("name", path.stem)  # a file is named after itself unless it says otherwise
    _book_beside(data, path)
    parent = data.pop("extends", None)
    layers = [(path, data)]
    if parent is not None:
        layers += read_layers(_parent(path, parent), (*seen, path))
    return layers


def _holds(data: Any, loc: tuple) -> bool:
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return False
    return True


def origin_of(loc: tuple, layers: list[tuple[Path, dict]]) -> Path | None:
    """The file a value at ``loc`` came from, if not the user's own (the first of ``layers``)."""
    for i, (path, data) in enumerate(layers):
        if _holds(data, loc):
            return None if i == 0 else path
    return None


def touched_by_other(loc: tuple, layers: list[tuple[Path, dict]]) -> Path | None:
    """The first extended file (not the user's own) that holds anything at ``loc``."""
    return next((path for path, data in layers[1:] if _holds(data, loc)), None)
