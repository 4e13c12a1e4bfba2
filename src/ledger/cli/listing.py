"""The questions about tasks: list, due, overdue, show."""

import enum
from typing import Annotated, Optional

import typer

from .. import query
from ..messages import say
from ..model import Role
from ..rules import view
from .app import Commands
from .common import open_store, output, settings_of, show_tasks, task_filter
from .options import MAX_DAYS_AHEAD, FormatOpt, PlanOpt, SectionOpt, TaskId, TaskPlanOpt, UnitOpt

commands = Commands()


class RoleChoice(str, enum.Enum):
    """--role: a role in English, or as Chinese writes it (SPEC §9: 牵头 is lead)."""

    LEAD = "lead"
    IMPLEMENT = "implement"
    ASSIST = "assist"
    GUIDE = "guide"
    LEAD_ZH = "牵头"
    IMPLEMENT_ZH = "落实"
    ASSIST_ZH = "配合"
    GUIDE_ZH = "指导"

    @property
    def role(self) -> Role:
        return Role(self.name.removesuffix("_ZH").lower())


class StatusChoice(str, enum.Enum):
    """--status of `list`: a status, or all, in English or as Chinese writes it (已完成 is done, 全部 all)."""

    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
    REMOVED = "removed"
    CARRIED = "carried"
    ALL = "all"
    OPEN_ZH = "未完成"
    DONE_ZH = "已完成"
    CANCELLED_ZH = "已取消"
    REMOVED_ZH = "已移除"
    CARRIED_ZH = "已结转"
    ALL_ZH = "全部"

    @property
    def status(self) -> str:
        """The status it names, or "all"."""
        return self.name.removesuffix("_ZH").lower()


RoleOpt = Annotated[Optional[RoleChoice], typer.Option("--role", help=say("help_role"))]


@commands.command("list", help=say("help_list"))
def list_(
    ctx: typer.Context,
    plan: PlanOpt = None, unit: UnitOpt = None, role: RoleOpt = None, section: SectionOpt = None,
    status: Annotated[Optional[StatusChoice], typer.Option(help=say("help_list_status"),
                                                           show_default=say("help_list_status_default"))] = None,
    format: FormatOpt = None,
) -> None:
    store = open_store(ctx)
    where = task_filter(store, plan, unit, role.role if role else None, section, status.status if status else "present")
    show_tasks(output(format), query.list_tasks(store, where, settings_of(ctx).today))


@commands.command(help=say("help_due"))
def due(
    ctx: typer.Context,
    plan: PlanOpt = None, unit: UnitOpt = None, role: RoleOpt = None, section: SectionOpt = None,
    within: Annotated[int, typer.Option(help=say("help_due_within"), min=0, max=MAX_DAYS_AHEAD)] = 30,
    format: FormatOpt = None,
) -> None:
    store = open_store(ctx)
    where = task_filter(store, plan, unit, role.role if role else None, section)
    show_tasks(output(format), query.due(store, where, settings_of(ctx).today, within))


@commands.command(help=say("help_overdue"))
def overdue(
    ctx: typer.Context,
    plan: PlanOpt = None, unit: UnitOpt = None, role: RoleOpt = None, section: SectionOpt = None,
    exit_code: Annotated[bool, typer.Option("--exit-code", help=say("help_overdue_exit_code"))] = False,
    format: FormatOpt = None,
) -> None:
    store = open_store(ctx)
    where = task_filter(store, plan, unit, role.role if role else None, section)
    late = query.overdue(store, where, settings_of(ctx).today)
    if late:
        show_tasks(output(format), late)
    else:
        output(format).no_tasks()
    if late and exit_code:
        raise typer.Exit(3)


@commands.command(help=say("help_show"))
def show(
    ctx: typer.Context,
    task_id: TaskId,
    plan: TaskPlanOpt = None,
    format: FormatOpt = None,
) -> None:
    store = open_store(ctx)
    task = store.task(query.resolve_plan(store, plan, task_id), task_id)
    show_tasks(output(format), [view(task, settings_of(ctx).today)], with_notes=True)
