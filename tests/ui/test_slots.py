"""Qt passes ``checked`` to a slot connected to ``clicked``: no such slot may take an argument.

A slot with optional parameters silently receives ``False`` as its first one (that crashed the
start button once). Lambdas are fine: they say what they pass.
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "desktop" / "ui"


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}


def _connected_slots(tree: ast.Module) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        target = node.func.value
        if node.func.attr != "connect" or not isinstance(target, ast.Attribute):
            continue
        if target.attr not in ("clicked", "triggered") or not node.args:
            continue
        slot = node.args[0]
        if isinstance(slot, ast.Attribute):
            found.append((node.lineno, slot.attr))
        elif isinstance(slot, ast.Name):
            found.append((node.lineno, slot.id))
    return found


def test_no_clicked_slot_takes_an_argument_qt_would_fill():
    offenders = []
    for path in sorted(UI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = _functions(tree)
        for line, name in _connected_slots(tree):
            function = functions.get(name)
            if function is None:
                continue  # a Qt method such as accept or close
            params = [a for a in function.args.args if a.arg != "self"]
            if params or (function.args.kwonlyargs and function.args.kw_defaults):
                offenders.append(f"{path.name}:{line} {name}")
    assert not offenders, offenders


def test_the_check_finds_such_a_slot(tmp_path):
    tree = ast.parse(
        "class W:\n"
        "    def go(self, dialog=None): ...\n"
        "    def build(self):\n"
        "        self.button.clicked.connect(self.go)\n"
    )
    assert _connected_slots(tree) == [(4, "go")]
    assert [a.arg for a in _functions(tree)["go"].args.args] == ["self", "dialog"]
