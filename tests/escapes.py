"""A corpus of escape attempts for the allow-list evaluator, shared by the sandbox tests.

Each payload is an expression; ``MARK`` stands for a marker file's path that
the payload would create if it ever ran. The first three are the ones the
issue found executed by ``probisnis run``; the rest are the usual ways out of
a Python sandbox: builtins, getattr chains, lambdas, comprehensions,
f-strings, format-string tricks, the walrus, generators' frames, and work
bombs (huge exponents and repetitions, deep nesting).
"""

from __future__ import annotations

PAYLOADS: dict[str, str] = {
    "import-system": "__import__('os').system('touch MARK')",
    "subclasses": "().__class__.__base__.__subclasses__()",
    "open-read": "open('/etc/passwd').read()",
    "open-write": "open('MARK', 'w').write('x')",
    "popen": "__import__('os').popen('touch MARK').read()",
    "subprocess": "__import__('subprocess').run(['touch', 'MARK'])",
    "exec": "exec(\"open('MARK', 'w')\")",
    "eval": "eval(\"__import__('os').system('touch MARK')\")",
    "compile": "compile('1', 'x', 'eval')",
    "globals": "globals()['__builtins__']['open']('MARK', 'w')",
    "builtins-name": "__builtins__.open('MARK', 'w')",
    "getattr-chain": "getattr(getattr((), '__class__'), '__base__')",
    "getattr-system": "getattr(__import__('os'), 'system')('touch MARK')",
    "lambda": "(lambda: __import__('os').system('touch MARK'))()",
    "f-string": "f\"{__import__('os').system('touch MARK')}\"",
    "format-attr": "'{0.__class__.__base__.__subclasses__}'.format(())",
    "format-method": "str.format('{0.__globals__}', len)",
    "percent-format": "'%s' % __import__('os').system('touch MARK')",
    "list-comp": "[__import__('os').system('touch MARK') for _ in [1]]",
    "dict-comp": "{k: 1 for k in [__import__('os').system('touch MARK')]}",
    "generator-frame": "(x for x in []).gi_frame",
    "walrus": "(os := __import__('os'))",
    "type-new": "type('X', (), {})",
    "vars": "vars()",
    "dunder-method": "len.__self__",
    "dict-method": "d.get.__self__",
    "reduce": "().__reduce_ex__(2)",
    "breakpoint": "breakpoint()",
    "huge-power": "9 ** 9 ** 9",
    "huge-power-2": "2 ** 100000000",
    "huge-text": "'a' * 10 ** 10",
    "huge-list": "[1] * 10 ** 10",
    "huge-sum": "sum([[1] * 1000] * 1000, [])",
    "deep-not": "not " * 3000 + "x",
    "deep-lists": "[" * 150 + "]" * 150,
}


def with_marker(payload: str, marker: str) -> str:
    """The payload aimed at ``marker`` (a path without quotes)."""
    return payload.replace("MARK", marker)
