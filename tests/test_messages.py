"""User-facing sentences live in one catalogue: none missing, none dead, a key counted as said only where it is looked up."""
import ast
from pathlib import Path

from ledger.messages import ENGLISH
from ledger.cli.web import REQUEST_COLUMNS, USER_COLUMNS
from ledger.model import NOTE_KINDS, Kind, Role, Status
from ledger.render.base import (COUNT_COLUMNS, CSV_TASK_COLUMNS, DIRECTORY_COLUMNS, DIRECTORY_HISTORY_COLUMNS, PLAN_COLUMNS,
                           REMINDER_CSV_COLUMNS)

PACKAGE = Path(__file__).parent.parent / "src" / "ledger"
SOURCES = {str(path.relative_to(PACKAGE)): ast.parse(path.read_text(encoding="utf-8"))
           for path in PACKAGE.rglob("*.py") if path.parent.name != "messages"}
# Keys the code builds with an f-string, by the f-string's constant start: the values its placeholder takes.
BUILT_KEYS = {"kind_": [kind.value for kind in Kind], "said_": ["done", "note", "cancel", "reopen", "postpone"],
              "light_": ["red", "yellow", "green"], "role_account_": ["unit", "office", "leader"],
              "request_kind_": ["done", "postpone"], "request_status_": ["pending", "approved", "returned"],
              "web_status_": ["open", "done", "cancelled", "all"],
              "web_board_part_": ["red", "yellow", "green", "undated", "done"]}
# The web's templates say keys too: {{ say("key") }}, say("prefix_" + value), or a key held in a dict.
TEMPLATES = [path.read_text(encoding="utf-8") for path in (PACKAGE / "web" / "templates").glob("*.html")]
# The functions that look a key up in the catalogue, and which of their arguments is the key.
SAYERS = {"say": 0, "said": 0, "say_in": 1, "say_english": 0}


def say_calls(tree):
    """(key expression, enclosing function or None, line) for every call of a SAYERS function in a module."""
    def walk(node, function):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            # say("key"), and a formatter's own out.say("key") (plain says it in English)
            func = child.func if isinstance(child, ast.Call) else None
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if name in SAYERS:
                position = SAYERS[name]
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
    # Module-level tables of the whole package: a table of keys may live beside the formats that read it.
    tables = {target.id: statement.value for tree in SOURCES.values() for statement in tree.body
              if isinstance(statement, ast.Assign) for target in statement.targets if isinstance(target, ast.Name)}
    for name, tree in SOURCES.items():
        for key, function, line in say_calls(tree):
            found = keys_of(key, function, tables)
            if found is None:
                unknown.append(f"{name}:{line} a key this test cannot follow (an f-string: add it to BUILT_KEYS)")
            else:
                keys |= found
    import re

    for template in TEMPLATES:
        for quoted in re.findall(r"""["']([a-z][a-z_-]*)["']""", template):
            if quoted in ENGLISH:
                keys.add(quoted)
            keys.update(prefix + value for prefix, values in BUILT_KEYS.items() if quoted == prefix for value in values)
    return keys, unknown


def test_every_sentence_the_code_says_is_in_the_catalogue():
    keys, unknown = keys_said()
    assert not unknown
    literal = {key.value for tree in SOURCES.values() for key, _, _ in say_calls(tree) if isinstance(key, ast.Constant)}
    assert literal and literal <= set(ENGLISH), literal - set(ENGLISH)
    assert keys <= set(ENGLISH), keys - set(ENGLISH)


# Said through word(group, value) and header(column): one key per value of the model and column of the output.
WORDS = ({f"status_{status.value}" for status in Status} | {"status_carried"}
         | {f"role_{role.value}" for role in Role} | {f"deadline_kind_{kind.value}" for kind in Kind}
         | {f"note_kind_{kind}" for kind in NOTE_KINDS + ("postpone", "remind", "carry")}
         | {f"head_{column}" for column in CSV_TASK_COLUMNS + COUNT_COLUMNS + PLAN_COLUMNS + DIRECTORY_COLUMNS
            + DIRECTORY_HISTORY_COLUMNS + REMINDER_CSV_COLUMNS + USER_COLUMNS + REQUEST_COLUMNS
            + ("unit", "section", "title", "archived")}
         # Typer's and Click's own words, looked up by their English text (language.py)
         | {key for key in ENGLISH if key.startswith(("typer_", "click_"))})


def test_every_sentence_in_the_catalogue_is_said_somewhere():
    keys, _ = keys_said()
    assert set(ENGLISH) <= keys | WORDS, set(ENGLISH) - keys - WORDS


def test_a_key_that_only_appears_as_some_other_string_does_not_count_as_said():
    tree = ast.parse('def f():\n    return say("no_such_file")\n\nLABEL = "unreadable"\n')
    assert [key.value for key, _, _ in say_calls(tree)] == ["no_such_file"]


# Both languages for every key, with the same fields: tests/test_language.py.
