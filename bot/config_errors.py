"""Checks for the project's data and configuration files, shared by every loader.

A file is checked when it loads, the way medspaCy's `from_dict` rejects unknown keys: a missing or unknown key
stops the process with a message naming the file and the key, rather than failing later in front of a patient.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping, Union

import yaml


class ConfigError(ValueError):
    def __init__(self, path: Union[str, Path], key: str, problem: str):
        self.path, self.key, self.problem = str(path), key, problem
        super().__init__(f"{path}: {key}: {problem}")


def mapping(value: Any, path: Union[str, Path], key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(path, key, f"must be a mapping, not {type(value).__name__}")
    return value


def keys(
    value: Any, path: Union[str, Path], key: str, required: Iterable[str] = (), allowed: Iterable[str] = ()
) -> Mapping[str, Any]:
    """`value` is a mapping holding every `required` key and no key outside `required` and `allowed`."""
    value = mapping(value, path, key)
    required, allowed = list(required), set(required) | set(allowed)
    for name in required:
        if name not in value or value[name] is None or value[name] == "":
            raise ConfigError(path, f"{key}.{name}" if key else name, "is required")
    for name in value:
        if name not in allowed:
            raise ConfigError(
                path, f"{key}.{name}" if key else str(name), f"unknown key (allowed: {', '.join(sorted(allowed))})"
            )
    return value


def text(value: Any, path: Union[str, Path], key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(path, key, "must be a non-empty text")
    return value


def text_list(value: Any, path: Union[str, Path], key: str) -> list:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(path, key, "must be a list of non-empty texts")
    return value


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys without a word; in a vocabulary that silently drops an entry."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark, f"key {key!r} is given twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_yaml(path: Union[str, Path]) -> Any:
    """A data file's contents; not valid YAML, or a key given twice, stops the process naming the file."""
    path = Path(path)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as e:
        raise ConfigError(path, "(file)", f"is not valid YAML: {e}") from e
