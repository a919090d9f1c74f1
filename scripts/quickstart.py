"""Print a command of the README's Quickstart block: `run` (first) or `test` (second).

.ci/run executes the `test` command, so CI runs exactly what the README tells a new user.
"""

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def quickstart_commands(text: str) -> list[str]:
    section = text.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", section, re.S)
    if block is None:
        raise SystemExit("README.md: no fenced code block in ## Quickstart")
    return [ln for ln in block.group(1).splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "test"
    cmds = quickstart_commands(README.read_text(encoding="utf-8"))
    if len(cmds) != 2:
        raise SystemExit(f"README.md: Quickstart must hold exactly two commands, found {len(cmds)}")
    print(cmds[0] if which == "run" else cmds[1])
