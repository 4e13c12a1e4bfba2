"""The headings of a plan as the builder meets them: 一、 sections, （一） sub-headings, headings without a numeral
(a section column's cells, category rows, a third level), and the checks on them (SPEC §2)."""
from __future__ import annotations

from typing import Protocol

from .cells import excerpt
from .grid import Cell
from .messages import say
from .model import Section
from .rows import Heading


class Report(Protocol):
    """Where the headings' warnings and years go (the builder)."""

    def warn(self, line: int, message: str) -> None: ...

    def check_spaces(self, text: str, line: int) -> None: ...

    def note_years(self, line: int, text: str) -> None: ...


class Headings:
    """The section and sub-heading in force, and every section's title by its number."""

    def __init__(self, report: Report):
        self.report = report
        self.section: Section | None = None
        self.subsection: Section | None = None
        self.numbered_subsection: Section | None = None  # the (一) a category row below it is part of
        self.titles: dict[int, str] = {}
        self.subsection_count = 0
        self.column_sections: set[int] = set()  # sections from a section column's cells without a numeral
        self.numbered_sections = False
        self.column_heading = ""  # the section column's cell over the tasks, under a 一、 heading
        self.unused: Cell | None = None  # a heading without a numeral that no task has followed yet

    def add(self, heading: Heading) -> None:
        cell = heading.cell
        self.said_unused()
        if heading.kind == "plain":
            self.unused = cell
        if heading.kind == "heading" and heading.number is not None:
            self.numbered_sections = True
            self.column_heading = ""
            self._section(cell.line, heading.number, heading.title, cell.text)
        elif heading.kind == "plain" and heading.level == 1 and self.numbered_sections:
            self.column_heading = heading.title  # below a 一、 row: each task's title, or a group (decided at the end)
            self.report.check_spaces(cell.text, cell.line)
            self.report.note_years(cell.line, heading.title)
        elif heading.kind == "plain" and (heading.level == 1 or self.section is None):
            self._plain_section(cell.line, heading.title)
            if heading.level == 1 and self.section is not None:
                self.column_sections.add(self.section.no)
        elif heading.kind == "subheading" and heading.number is not None:
            self._subsection(cell, Section(heading.number, heading.title))
            self.numbered_subsection = self.subsection
        elif self.numbered_subsection is not None:  # a third level, below a (一): part of that sub-heading's title
            parent = self.numbered_subsection
            self._subsection(cell, Section(parent.no, f"{parent.title}／{heading.title}"))
        else:  # a category row without a numeral under a section: its sub-heading, numbered in order
            self.subsection_count += 1
            self._subsection(cell, Section(self.subsection_count, heading.title))

    def task_follows(self) -> None:
        self.unused = None

    def said_unused(self) -> None:
        """A heading without a numeral that no task followed may be a task whose number and units are missing:
        it is quoted in a warning rather than lost."""
        if self.unused is not None:
            self.report.warn(self.unused.line, say("heading_without_tasks", excerpt=excerpt(self.unused.text)))
            self.unused = None

    def _subsection(self, cell: Cell, subsection: Section) -> None:
        self.subsection = subsection
        self.report.check_spaces(cell.text, cell.line)
        self.report.note_years(cell.line, subsection.title)

    def _plain_section(self, line: int, title: str) -> None:
        if self.section is not None and self.section.title == title:
            number = self.section.no
        else:
            known = [no for no, known_title in self.titles.items() if known_title == title]
            number = known[0] if known else max(self.titles, default=0) + 1
        self._section(line, number, title, title)

    def _section(self, line: int, number: int, title: str, written: str) -> None:
        current = self.section.no if self.section else 0
        if self.titles.get(number) == title:
            # The same heading again is the table continued on a new page: the same section.
            if number != current:
                self.report.warn(line, say("section_again", number=number, current=current))
        elif number in self.titles:
            self.report.warn(line, say("section_retitled", number=number, excerpt=excerpt(title)))
            self.report.check_spaces(written, line)
        else:
            self.report.check_spaces(written, line)
            self.report.note_years(line, title)
            if number < max(self.titles, default=0):
                self.report.warn(line, say("sections_out_of_order", number=number, current=current))
            for other, other_title in self.titles.items():
                if other_title == title:
                    self.report.warn(line, say("sections_same_title", other=other, number=number, excerpt=excerpt(title)))
            self.titles[number] = title
        self.section = Section(number, title)
        self.subsection = self.numbered_subsection = None
        self.subsection_count = 0
