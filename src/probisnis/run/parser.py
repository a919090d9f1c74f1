"""The SpiffWorkflow parser the runner uses.

SpiffWorkflow 3.2 ships three parser families: the plain ``bpmn`` parser (no
business-rule tasks at all), the ``camunda`` parser (``camunda:decisionRef``)
and the ``spiff`` parser (``spiffworkflow:calledDecisionId`` extension, plus
data objects, pre/post scripts). Both DMN-aware ones derive from
:class:`~SpiffWorkflow.dmn.parser.BpmnDmnParser`. :class:`RunParser` is the
spiff parser with a business-rule-task parser that accepts either spelling of
the decision reference, so models from Camunda Modeler and from
spiff-arena/bpmn-js-spiffworkflow both run.
"""

from __future__ import annotations

from typing import Any, ClassVar

from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.parser.task_spec import BusinessRuleTaskParser
from SpiffWorkflow.spiff.specs.defaults import BusinessRuleTask

__all__ = ["CAMUNDA_NS", "DecisionRefTaskParser", "RunParser"]

CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"


class DecisionRefTaskParser(BusinessRuleTaskParser):
    """Business-rule task with ``camunda:decisionRef`` or ``spiffworkflow:calledDecisionId``."""

    @staticmethod
    def get_decision_ref(node: Any) -> str | None:
        ref = node.get(f"{{{CAMUNDA_NS}}}decisionRef")
        if ref:
            return str(ref)
        return BusinessRuleTaskParser.get_decision_ref(node)  # type: ignore[no-any-return]


class RunParser(SpiffBpmnParser):  # type: ignore[misc]
    """SpiffBpmnParser whose business-rule tasks also take ``camunda:decisionRef``."""

    OVERRIDE_PARSER_CLASSES: ClassVar[dict[str, tuple[Any, Any]]] = {
        **SpiffBpmnParser.OVERRIDE_PARSER_CLASSES,
        full_tag("businessRuleTask"): (DecisionRefTaskParser, BusinessRuleTask),
    }
