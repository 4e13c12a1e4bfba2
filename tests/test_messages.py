"""User-facing sentences live in one catalogue (a Chinese interface will follow): none missing, none dead."""
import ast
from pathlib import Path

from ledger.messages import ENGLISH
from ledger.model import Kind

PACKAGE = Path(__file__).parent.parent / "src" / "ledger"
SOURCES = {str(path.relative_to(PACKAGE)): ast.parse(path.read_text(encoding="utf-8"))
           for path in PACKAGE.rglob("*.py") if path.name != "messages.py"}
# Keys the code builds with an f-string, by the f-string's constant start: the values its placeholder takes.
BUILT_KEYS = {"kind_": [kind.value for kind in Kind], "said_": ["done", "note", "cancel", "reopen"]}


def say_calls(tree):
    """(call, enclosing function or None) for every say(...) call in a module."""
    def walk(node, function):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.Call) and getattr(child.func, "id", None) == "say" and child.args:
                yield child, function
            yield from walk(child, inner)
    return walk(tree, None)


def keys_said():
    """Every catalogue key the code can pass to say(): literal keys, f-string keys expanded by BUILT_KEYS, and
    for a key held in a variable, the string constants of the function that computes it."""
    keys, unknown = set(), []
    for name, tree in SOURCES.items():
        for call, function in say_calls(tree):
            key = call.args[0]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                keys.add(key.value)
            elif isinstance(key, ast.JoinedStr) and isinstance(key.values[0], ast.Constant):
                prefix = key.values[0].value
                if prefix not in BUILT_KEYS:
                    unknown.append(f"{name}:{call.lineno} say(f\"{prefix}…\"): add its values to BUILT_KEYS")
                keys |= {prefix + value for value in BUILT_KEYS.get(prefix, [])}
            elif function is not None:
                keys |= {node.value for node in ast.walk(function)
                         if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ENGLISH}
            else:
                unknown.append(f"{name}:{call.lineno} say() of a computed key outside a function")
    return keys, unknown


def test_every_sentence_the_code_says_is_in_the_catalogue():
    keys, unknown = keys_said()
    assert not unknown
    literal = {call.args[0].value for tree in SOURCES.values() for call, _ in say_calls(tree)
               if isinstance(call.args[0], ast.Constant)}
    assert literal and literal <= set(ENGLISH), literal - set(ENGLISH)
    assert keys <= set(ENGLISH), keys - set(ENGLISH)


def test_every_sentence_in_the_catalogue_is_said_somewhere():
    keys, _ = keys_said()
    assert set(ENGLISH) <= keys, set(ENGLISH) - keys


def test_a_key_that_only_appears_as_some_other_string_does_not_count_as_said():
    tree = ast.parse('def f():\n    return say("no_such_file")\n\nLABEL = "unreadable"\n')
    assert [call.args[0].value for call, _ in say_calls(tree)] == ["no_such_file"]
