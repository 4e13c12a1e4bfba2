"""The values options take (real Enums, which Typer lists in --help; an Enum only one module's commands take lives
there) and the options several commands share.

Every date a person types goes through `parse_date`: exactly YYYY-MM-DD.
"""
from __future__ import annotations

import enum
from datetime import date
from typing import Annotated, Optional

import typer

from ..messages import say


class Format(str, enum.Enum):
    """--format of a command that prints."""

    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    TEXT = "text"  # a list as a person would write it: for a cron mail an office reads


class Language(str, enum.Enum):
    ZH = "zh"
    EN = "en"


DATE_METAVAR = "YYYY-MM-DD"


def parse_date(text: str) -> date:
    """A date a person typed: exactly YYYY-MM-DD (Python 3.11's fromisoformat would also take 20221201 or
    2022-W48-4, strptime 2022-1-5). The one parser of --today, LEDGER_TODAY, done --on and postpone --to."""
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.replace("-", "").isascii():
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(say("bad_date", value=text)) from None


# Options shared by several commands.
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", help=say("help_format"), show_default=False)]
PlanOpt = Annotated[Optional[str], typer.Option("--plan", help=say("help_plan_only"),
                                                show_default=say("help_plan_only_default"))]
CoverPlanOpt = Annotated[Optional[str], typer.Option("--plan", help=say("help_cover_plan"),
                                                     show_default=say("help_cover_plan_default"))]
TaskPlanOpt = Annotated[Optional[str], typer.Option("--plan", envvar="LEDGER_PLAN", help=say("help_task_plan"))]
UnitOpt = Annotated[Optional[str], typer.Option("--unit", help=say("help_filter_unit"))]
SectionOpt = Annotated[Optional[int], typer.Option("--section", help=say("help_section"))]
ChangeFormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", show_default=False,
                                                           help=say("help_change_format"))]
ByOpt = Annotated[Optional[str], typer.Option("--by", help=say("help_by"), show_default=say("help_by_default"))]
TaskId = Annotated[int, typer.Argument(metavar="ID", help=say("help_task_id"))]
# How far ahead due and remind look: days, up to about 27 years (a date beyond year 9999 cannot be counted to).
MAX_DAYS_AHEAD = 9999
