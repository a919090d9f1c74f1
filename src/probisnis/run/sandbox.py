"""SpiffWorkflow script environments: the allow-list one (default) and the trusted one.

SpiffWorkflow sends every expression it evaluates (gateway conditions, DMN
input and output entries, timer and multi-instance expressions, message
correlations, completion conditions) and every script it executes through its
script engine's *environment*; some paths call the environment directly.
:class:`SafeEnvironment` answers all of them with :mod:`probisnis.expressions`,
so nothing from a BPMN or DMN file reaches ``eval``/``exec``.
:class:`TrustedEnvironment` is SpiffWorkflow's own Python environment, used only
when the user passes ``--trust-scripts``; it sends what scripts print to
stderr so that ``run --json`` output stays JSON.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Mapping
from typing import Any

from SpiffWorkflow.bpmn.script_engine.python_environment import (
    BasePythonScriptEngineEnvironment,
    TaskDataEnvironment,
)

from probisnis.errors import ExpressionError
from probisnis.expressions import compile_expression, compile_script

__all__ = ["SafeEnvironment", "TrustedEnvironment", "environment"]


class SafeEnvironment(BasePythonScriptEngineEnvironment):  # type: ignore[misc]
    """Expressions and scripts through the allow-list evaluator; services refused."""

    def evaluate(self, expression: str, context: Mapping[str, Any],
                 external_context: Mapping[str, Any] | None = None) -> Any:
        scope = {**(external_context or {}), **context}
        return compile_expression(expression)(scope)

    def execute(self, script: str, context: dict[str, Any],
                external_context: Mapping[str, Any] | None = None) -> bool:
        compiled = compile_script(script)
        if external_context:
            scope = {**external_context, **context}
            compiled(scope)
            context.update({k: v for k, v in scope.items()
                            if k not in external_context or k in context})
        else:
            compiled(context)
        return True

    def call_service(self, context: Mapping[str, Any], **kwargs: Any) -> Any:
        raise ExpressionError("layanan luar tidak dipanggil oleh `probisnis run`")


class TrustedEnvironment(TaskDataEnvironment):  # type: ignore[misc]
    """SpiffWorkflow's unrestricted Python (``--trust-scripts``), printing to stderr."""

    def evaluate(self, expression: str, context: Any, external_context: Any = None) -> Any:
        with contextlib.redirect_stdout(sys.stderr):
            return super().evaluate(expression, context, external_context)

    def execute(self, script: str, context: Any, external_context: Any = None) -> Any:
        with contextlib.redirect_stdout(sys.stderr):
            return super().execute(script, context, external_context)


def environment(trust_scripts: bool) -> BasePythonScriptEngineEnvironment:
    """The environment for a run: the allow-list one unless scripts are trusted."""
    return TrustedEnvironment() if trust_scripts else SafeEnvironment()
