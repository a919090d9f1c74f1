"""BPMN 2.0: the immutable model, the hardened reader, the writer and the layout."""

from probisnis.bpmn.model import (
    Bounds,
    Collaboration,
    DataElement,
    Definitions,
    Diagram,
    Edge,
    EventDefinition,
    FlowNode,
    Lane,
    LoopCharacteristics,
    Message,
    MessageFlow,
    Participant,
    Point,
    Process,
    SequenceFlow,
    Shape,
    Source,
)
from probisnis.bpmn.reader import read, read_bytes
from probisnis.bpmn.schema import schema_errors

__all__ = [
    "Bounds",
    "Collaboration",
    "DataElement",
    "Definitions",
    "Diagram",
    "Edge",
    "EventDefinition",
    "FlowNode",
    "Lane",
    "LoopCharacteristics",
    "Message",
    "MessageFlow",
    "Participant",
    "Point",
    "Process",
    "SequenceFlow",
    "Shape",
    "Source",
    "read",
    "read_bytes",
    "schema_errors",
]
