"""User-facing sentences live in one catalogue (a Chinese interface will follow): none missing, none dead."""
import ast
import string
from pathlib import Path

from ledger.messages import CHINESE, ENGLISH
from ledger.model import Kind

PACKAGE = Path(__file__).parent.parent / "src" / "ledger"
SOURCES = {str(path.relative_to(PACKAGE)): ast.parse(path.read_text(encoding="utf-8"))
           for path in PACKAGE.rglob("*.py") if path.name != "messages.py"}
# Keys the code builds with an f-string, by the f-string's constant start: the values its placeholder takes.
BUILT_KEYS = {"kind_": [kind.value for kind in Kind], "said_": ["done", "note", "cancel", "reopen", "postpone"],
              "light_": ["red", "yellow", "green"]}
# The functions that look a key up in the catalogue, and which of their arguments is the key.
SAYERS = {"say": 0, "said": 0, "say_in": 1}


def say_calls(tree):
    """(key expression, enclosing function or None, line) for every call of a SAYERS function in a module."""
    def walk(node, function):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.Call) and getattr(child.func, "id", None) in SAYERS:
                position = SAYERS[child.func.id]
                if len(child.args) > position:
                    yield child.args[position], function, child.lineno
            yield from walk(child, inner)
    return walk(tree, None)


def catalogue_constants(node):
    return {found.value for found in ast.walk(node)
            if isinstance(found, ast.Constant) and isinstance(found.value, str) and found.value in ENGLISH}


def keys_of(key, function, tables):
    """The catalogue keys one key expression can be, or None when this test cannot follow it."""
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return {key.value}
    if isinstance(key, ast.IfExp):  # say("a" if x else "b")
        both = keys_of(key.body, function, tables), keys_of(key.orelse, function, tables)
        return None if None in both else both[0] | both[1]
    if isinstance(key, ast.JoinedStr) and isinstance(key.values[0], ast.Constant):
        prefix = key.values[0].value
        return {prefix + value for value in BUILT_KEYS[prefix]} if prefix in BUILT_KEYS else None
    if isinstance(key, ast.Subscript) and getattr(key.value, "id", None) in tables:  # FIELD_WORDS[field]
        return catalogue_constants(tables[key.value.id])
    if isinstance(key, ast.Name) and function is not None:  # a variable: the keys its function writes
        return catalogue_constants(function)
    return None


def keys_said():
    """Every catalogue key the code can look up: literal keys, both of a conditional, f-string keys expanded by
    BUILT_KEYS, the keys of the module-level table a key is read from, and for a key held in a variable, the
    keys written in the function that computes it."""
    keys, unknown = set(), []
    for name, tree in SOURCES.items():
        tables = {target.id: statement.value for statement in tree.body if isinstance(statement, ast.Assign)
                  for target in statement.targets if isinstance(target, ast.Name)}
        for key, function, line in say_calls(tree):
            found = keys_of(key, function, tables)
            if found is None:
                unknown.append(f"{name}:{line} a key this test cannot follow (an f-string: add it to BUILT_KEYS)")
            else:
                keys |= found
    return keys, unknown


def test_every_sentence_the_code_says_is_in_the_catalogue():
    keys, unknown = keys_said()
    assert not unknown
    literal = {key.value for tree in SOURCES.values() for key, _, _ in say_calls(tree) if isinstance(key, ast.Constant)}
    assert literal and literal <= set(ENGLISH), literal - set(ENGLISH)
    assert keys <= set(ENGLISH), keys - set(ENGLISH)


def test_every_sentence_in_the_catalogue_is_said_somewhere():
    keys, _ = keys_said()
    assert set(ENGLISH) <= keys, set(ENGLISH) - keys


def test_a_key_that_only_appears_as_some_other_string_does_not_count_as_said():
    tree = ast.parse('def f():\n    return say("no_such_file")\n\nLABEL = "unreadable"\n')
    assert [key.value for key, _, _ in say_calls(tree)] == ["no_such_file"]


def fields(template):
    return sorted({name for _, name, _, _ in string.Formatter().parse(template) if name})


def test_the_chinese_catalogue_has_no_key_of_its_own_and_fills_the_same_fields():
    # Not yet "every key in both": CHINESE is being filled in; when it is complete, assert set(CHINESE) == set(ENGLISH).
    assert set(CHINESE) <= set(ENGLISH), set(CHINESE) - set(ENGLISH)
    differing = {key: (fields(ENGLISH[key]), fields(CHINESE[key])) for key in CHINESE
                 if fields(ENGLISH[key]) != fields(CHINESE[key])}
    assert not differing, differing
