"""Which tables hold the tasks and what each of their columns holds (SPEC §8), for every kind of file.

A header row names the columns; a second header row under merged titles (责任单位 over 牵头单位 | 配合单位)
refines them; a row numbering the columns (1 | 2 | 3 …) belongs to the header. A document's table without a
header gets the columns its cells show (the task cells' column is the text, the next the units …), so that its
cells are read by position like any other table's, never by order alone.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .cells import bare_number, classify, excerpt, looks_like_deadline, units_like
from .columns import TASK_COLUMNS, UNIT_COLUMNS, ColumnRole, Columns
from .grid import Cell, Grid, column_of
from .messages import say
from .model import Role

ONE_PER_TABLE = (ColumnRole.NUMBER, ColumnRole.TEXT, ColumnRole.DEADLINE, ColumnRole.TITLE)


@dataclass
class Layout:
    """The columns of a task table: a title and a role for each, in order."""

    titles: list[str]
    roles: list[ColumnRole]
    position_of: dict[int, int] = field(default_factory=dict)  # a document's column number -> its position here
    from_header: bool = True  # False: the columns were read from the cells (a table without a header row)

    def __post_init__(self) -> None:
        if ColumnRole.TEXT not in self.roles and ColumnRole.SECTION in self.roles:  # 工作任务 | 责任单位: the text
            self.roles[self.roles.index(ColumnRole.SECTION)] = ColumnRole.TEXT
        seen: set[ColumnRole] = set()
        for position, role in enumerate(self.roles):  # a second text or deadline column is data, kept
            if role in seen and role in ONE_PER_TABLE or (role is ColumnRole.SECTION and ColumnRole.TEXT in seen):
                self.roles[position] = ColumnRole.KEEP
            seen.add(self.roles[position])
        self.has_units = any(role in UNIT_COLUMNS for role in self.roles)
        implement = Role.IMPLEMENT if ColumnRole.LEAD in self.roles else Role.LEAD
        self.unit_roles = {ColumnRole.LEAD: Role.LEAD, ColumnRole.ASSIST: Role.ASSIST, ColumnRole.UNITS: implement}

    def at(self, role: ColumnRole) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    def has(self, role: ColumnRole) -> bool:
        return role in self.roles

    def role_of_column(self, column: int) -> tuple[int, ColumnRole] | None:
        position = self.position_of.get(column)
        return None if position is None else (position, self.roles[position])

    def unit_role(self, role: ColumnRole) -> Role:
        """The role of a unit named without a verb in a column: a 责任单位 beside a 牵头 column implements."""
        return self.unit_roles[role]


def names_a_task_table(roles: Sequence[ColumnRole]) -> bool:
    """A header names a task table when it has a task column and a units column, or, where the units are written
    in the tasks' text (（牵头单位：…）), a task column and a deadline column."""
    found = set(roles)
    return bool(found & TASK_COLUMNS and (found & UNIT_COLUMNS or ColumnRole.DEADLINE in found))


@dataclass
class Header:
    first: int  # the index of its first row
    last: int  # the index of its last row (a second row names the parts of a merged title)
    layout: Layout


def header_row(rows: Sequence[Sequence[Cell]], columns: Columns) -> Header | None:
    """The header among a document table's first rows, when it names a task table. Titles the ledger does not
    know are kept columns (最新进展)."""
    for index, row in enumerate(rows[:6]):
        if any(classify(cell.text) or bare_number(cell.text) is not None for cell in row):
            return None
        known = [columns.worded_title(cell.text) for cell in row]
        if len(row) < 2 or not names_a_task_table([columns.role(title) for title in known if title]):
            continue
        titles = [title or "".join(cell.text.split()) for title, cell in zip(known, row)]
        spans = [(column_of(cell) or at + 1, cell.span) for at, cell in enumerate(row)]
        last = index
        if index + 1 < len(rows):  # 责任单位 over 牵头单位 | 配合单位: the second row names the merged title's parts
            below = {column: cell for cell in rows[index + 1] if (column := column_of(cell)) is not None}
            parts = [columns.worded_title(cell.text) for cell in below.values()]
            if below and all(parts) and not any(classify(cell.text) for cell in below.values()):
                titles, spans, last = _refined(titles, spans, below, columns), _refined_spans(spans, below), index + 1
        layout = Layout(titles, [columns.role(title) for title in titles], {}, True)
        for at, (column, span) in enumerate(spans):
            layout.position_of.update((covered, at) for covered in range(column, column + span))
        return Header(index, last, layout)
    return None


def _refined(titles: list[str], spans: list[tuple[int, int]], below: dict[int, Cell], columns: Columns) -> list[str]:
    refined: list[str] = []
    for title, (column, span) in zip(titles, spans):
        parts = [below[covered] for covered in range(column, column + span) if covered in below] if span > 1 else []
        refined.extend(columns.worded_title(part.text) or part.text for part in parts) if parts else \
            refined.append(title)
    return refined


def _refined_spans(spans: list[tuple[int, int]], below: dict[int, Cell]) -> list[tuple[int, int]]:
    refined: list[tuple[int, int]] = []
    for column, span in spans:
        parts = [below[covered] for covered in range(column, column + span) if covered in below] if span > 1 else []
        refined.extend((column_of(part) or column, part.span) for part in parts) if parts else \
            refined.append((column, span))
    return refined


def numbers_the_columns(row: Sequence[Cell]) -> bool:
    """A row that only numbers the columns (1 | 2 | 3 | 4), as many tables have under their header."""
    return len(row) >= 3 and [bare_number(cell.text) for cell in row] == list(range(1, len(row) + 1))


def inferred_layout(rows: Sequence[Sequence[Cell]]) -> Layout | None:
    """The columns of a document's table without a header, as its rows show them: in each row with a task cell
    (1.…) or a number cell, the task's column is the text, the next cell's the units, then the deadline, then
    kept data; heading cells before the task are the section column. Each column takes the role most rows give
    it; None when no row holds a task (1.… with a cell after it, or alone: its units may be in its text)."""
    votes: dict[int, Counter[ColumnRole]] = {}

    def vote(cell: Cell, role: ColumnRole) -> None:
        column = column_of(cell)
        if column is not None:
            votes.setdefault(column, Counter())[role] += 1

    for row in rows:
        placed = [cell for cell in row if cell.place is not None]
        start = None
        for at, cell in enumerate(placed):
            item = classify(cell.text)
            if item is not None and item[0] == "task":
                start = at
                break
            following = placed[at + 1].text if at + 1 < len(placed) else None
            if bare_number(cell.text) is not None and following is not None and classify(following) is None \
                    and bare_number(following) is None:
                vote(cell, ColumnRole.NUMBER)  # 3 | 细化公开内容。 | 办公室: a number cell, then the text
                start = at + 1
                break
            if item is not None:
                vote(cell, ColumnRole.SECTION)
        if start is None:
            continue
        after = [ColumnRole.TEXT, ColumnRole.UNITS, ColumnRole.DEADLINE]
        for cell in placed[start:]:
            role = after.pop(0) if after else ColumnRole.KEEP
            if role is ColumnRole.UNITS and looks_like_deadline(cell.text) and not units_like(cell.text):
                role = after.pop(0)  # 长期 where the units should be: that row's units cell is empty
            vote(cell, role)
    if not any(ColumnRole.TEXT in counted for counted in votes.values()):
        return None
    ordered = sorted(votes)
    # Data, not a sentence: a kept column's title is stored with the task and is the same in every language.
    layout = Layout([f"column {column}" for column in ordered],
                    [votes[column].most_common(1)[0][0] for column in ordered], {}, False)
    layout.position_of = {column: at for at, column in enumerate(ordered)}
    return layout


@dataclass
class TaskTable:
    """A document's table that holds tasks: its layout and the rows after its header."""

    number: int
    layout: Layout
    before: list[Cell]  # rows above the header: a title row
    rows: list[list[Cell]]


def task_tables(grid: Grid, columns: Columns, warn: Callable[[int, str], None]) -> list[TaskTable]:
    """The tables that hold the tasks: the first task table and those continuing it (a header repeated, or no
    header at all); the others are skipped, with a warning each."""
    found: list[TaskTable] = []
    for table in grid.tables:
        rows = [list(row) for row in table.rows]
        cells = [cell for row in rows for cell in row]
        if not cells:
            continue
        header = header_row(rows, columns)
        if header is not None:
            if found and found[0].layout.from_header and header.layout.titles != found[0].layout.titles:
                warn(cells[0].line, say("skipped_table", table=table.number, excerpt=excerpt(cells[0].text)))
                continue
            before = [cell for row in rows[:header.first] for cell in row]
            found.append(TaskTable(table.number, header.layout, before, rows[header.last + 1:]))
        elif found and found[0].layout.from_header and _has_tasks(rows):  # the table broken in two, header once
            found.append(TaskTable(table.number, found[0].layout, [], rows))
        elif (inferred := inferred_layout(rows)) is not None:
            found.append(TaskTable(table.number, inferred, [], rows))
        else:
            warn(cells[0].line, say("skipped_table", table=table.number, excerpt=excerpt(cells[0].text)))
            continue
        if grid.one_table:
            break
    return found


def _has_tasks(rows: Sequence[Sequence[Cell]]) -> bool:
    return any((item := classify(cell.text)) is not None and item[0] == "task" for row in rows for cell in row)


def find_header(cells: Iterator[Cell], columns: Columns) -> tuple[list[Cell], Layout | None]:
    """The text export: reads cells up to the first item: (those cells, the header's layout when a run of
    titles names a task and a units column). The caller goes on with the rest of the iterator."""
    seen: list[Cell] = []
    start: int | None = None
    for cell in cells:
        seen.append(cell)
        title = columns.title(cell.text) if start is None else columns.worded_title(cell.text)
        if title:
            start = len(seen) - 1 if start is None else start
            continue
        if start is not None:
            titles = [columns.worded_title(earlier.text) or "" for earlier in seen[start:-1]]
            roles = [columns.role(title) for title in titles]
            if len(titles) >= 2 and names_a_task_table(roles):
                return seen, Layout(titles, roles)
            start = None
        if classify(cell.text) is not None:
            break
    return seen, None
