"""Checks for the project's data and configuration files, shared by every loader.

A file is checked when it loads, the way medspaCy's `from_dict` rejects unknown keys: a missing or unknown key
stops the process with a message naming the file and the key, rather than failing later in front of a patient.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping, Union


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
