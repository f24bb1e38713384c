"""Rasa 3.6 validates every action server response with `jsonschema.validate`, which first re-checks the
(large) events schema itself against the JSON Schema meta-schema: measured at about a quarter of the Rasa
server's CPU per turn here (py-spy, docs/benchmarks.md). The same validation with the validator built
once keeps every check and drops the repeated meta-check. Installed when the channels module loads.
"""
from __future__ import annotations

from typing import Any, Dict


def install() -> None:
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    if getattr(RemoteAction, "_validator_cached", False):
        return
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as e:
            e.message += (". Failed to validate Action server response from API, make sure your response "
                          "from the Action endpoint is valid.")
            raise e

    RemoteAction._validate_action_result = _validate_action_result
    RemoteAction._validator_cached = True


install()
