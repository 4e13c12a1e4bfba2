from pathlib import Path

import pytest

from ledger.model import Role
from ledger.prose import read_units_cell
from ledger.units import normalize_unit_name, parse_units

ROOT_PLANS = Path(__file__).resolve().parent / "plans"


def pairs(cell):
    return [(unit.name, unit.role.value) for unit in parse_units(cell)]


@pytest.mark.parametrize("verb, role", [
    ("牵头", "lead"), ("统筹", "lead"), ("负责", "lead"), ("主责", "lead"), ("牵头负责", "lead"), ("牵头落实", "lead"),
    ("落实", "implement"), ("具体落实", "implement"), ("负责落实", "implement"), ("具体负责", "implement"),
    ("承办", "implement"), ("按职责分工落实", "implement"), ("按职责分工负责", "implement"),
    ("配合", "assist"), ("做好配合", "assist"), ("配合落实", "assist"), ("协助", "assist"), ("参与", "assist"),
    ("协同", "assist"),
    ("指导", "guide"), ("提供指导", "guide"), ("督促指导", "guide"),
])
def test_every_verb_gives_its_role_and_is_kept(verb, role):
    units = parse_units(f"法规科{verb}")
    assert [(u.name, u.role.value, u.verb) for u in units] == [("法规科", role, verb)]


def test_no_verb_means_lead():
    assert pairs("办公室") == [("办公室", "lead")]
    assert parse_units("办公室")[0].verb == ""


def test_spec_examples():
    assert pairs("法规科牵头,相关科(室)配合。") == [("法规科", "lead"), ("相关科(室)", "assist")]
    assert pairs("政策起草科(室)具体落实,法规科提供指导。") == [("政策起草科(室)", "implement"), ("法规科", "guide")]
    assert pairs("办公室统筹,机关党委、法规科、市城市地理信息中心做好配合") == [
        ("办公室", "lead"), ("机关党委", "assist"), ("法规科", "assist"), ("市城市地理信息中心", "assist")]
    assert pairs("办公室、市城市地理信息中心、局直属事业单位。") == [
        ("办公室", "lead"), ("市城市地理信息中心", "lead"), ("局直属事业单位", "lead")]


def test_separators_inside_brackets_do_not_split():
    assert pairs("各县(市、区)政府负责,市直各部门(单位;中心)配合") == [
        ("各县(市、区)政府", "lead"), ("市直各部门(单位;中心)", "assist")]


def test_full_width_separators_and_brackets():
    assert pairs("法规科牵头，相关科（室）配合；办公室指导") == [
        ("法规科", "lead"), ("相关科(室)", "assist"), ("办公室", "guide")]


def test_list_ending_deng_is_dropped_but_an_inner_one_is_kept():
    assert pairs("办公室、法规科等配合") == [("办公室", "assist"), ("法规科", "assist")]
    assert pairs("相关重大等下决策事项的承办科(室)") == [("相关重大等下决策事项的承办科(室)", "lead")]


def test_a_verb_inside_a_name_is_not_a_role():
    assert pairs("承办科") == [("承办科", "lead")]


def test_traditional_verbs():
    assert pairs("法規科牽頭,各科室配合") == [("法規科", "lead"), ("各科室", "assist")]


def test_empty_cell_and_empty_clauses():
    assert pairs("") == []
    assert pairs("办公室,,") == [("办公室", "lead")]


@pytest.mark.parametrize("raw, normal", [
    (" 办公室 ", "办公室"), ("办公室。", "办公室"), ("相关科（室）", "相关科(室)"), ("ＡＢ科", "AB科"),
])
def test_name_normalisation(raw, normal):
    assert normalize_unit_name(raw) == normal


def test_roles_are_the_four_of_the_spec():
    assert [role.value for role in Role] == ["lead", "implement", "assist", "guide"]


@pytest.mark.parametrize("cell, verb, role", [
    ("各科室參與", "參與", "assist"), ("法規科牽头", "牽头", "lead"), ("辦公室負責落實", "負責落實", "implement"),
    ("法規科按職責分工落實", "按職責分工落實", "implement"),
])
def test_traditional_and_half_converted_verbs_are_read(cell, verb, role):
    unit, = parse_units(cell)
    assert (unit.verb, unit.role.value) == (verb, role)


@pytest.mark.parametrize("cell, expected", [
    ("办公室、法规科分别牵头落实", [("办公室", "lead", "牵头落实"), ("法规科", "lead", "牵头落实")]),
    ("各科室按职责分工分别落实", [("各科室", "implement", "按职责分工落实")]),
    ("（责任单位：办公室、法规科）", [("办公室", "lead", ""), ("法规科", "lead", "")]),
    ("责任单位:办公室牵头,法规科配合", [("办公室", "lead", "牵头"), ("法规科", "assist", "配合")]),
    ("牵头单位：办公室；配合单位：法规科、财务科", [("办公室", "lead", ""), ("法规科", "assist", ""), ("财务科", "assist", "")]),
    ("法规科(牵头)、相关科(室)(配合)、信息中心(落实)、机关党委(指导)",
     [("法规科", "lead", "牵头"), ("相关科(室)", "assist", "配合"), ("信息中心", "implement", "落实"),
      ("机关党委", "guide", "指导")]),
    ("相关科(室)", [("相关科(室)", "lead", "")]),  # a bracket that is no role stays part of the name
])
def test_labels_each_and_the_exports_own_role_notation(cell, expected):
    assert [(u.name, u.role.value, u.verb) for u in parse_units(cell)] == expected


def test_a_label_of_a_lead_or_assist_column_does_not_override_the_columns_role():
    assert [(u.name, u.role.value) for u in parse_units("责任单位：办公室", Role.IMPLEMENT)] == [("办公室", "implement")]


def read(cell, role=Role.LEAD):
    found = read_units_cell(cell, role)
    return [(unit.name, unit.role.value) for unit in found.units], found.raw, list(found.people), found.deadline


def test_one_unit_per_line_is_one_unit_each():
    assert read("县水务局\n县住建局") == ([("县水务局", "lead"), ("县住建局", "lead")], "县水务局；县住建局", [], "")


def test_a_name_wrapped_over_two_lines_is_one_name():
    assert read("市城市地理信息\n中心")[0] == [("市城市地理信息中心", "lead")]
    assert read("县大数据中心\n县工信\n局\n各乡镇")[:2] == ([("县大数据中心", "lead"), ("县工信局", "lead"),
                                                       ("各乡镇", "lead")], "县大数据中心；县工信局；各乡镇")


def test_labelled_lines_give_roles_and_people_are_kept_apart():
    cell = "牵头负责领导：张三\n牵头责任单位：市发展改革委\n协同责任单位：市财政局、市税务局"
    assert read(cell) == ([("市发展改革委", "lead"), ("市财政局", "assist"), ("市税务局", "assist")],
                          "牵头责任单位：市发展改革委；协同责任单位：市财政局、市税务局", [("牵头负责领导", "张三")], "")


def test_a_deadline_clause_among_the_units_is_kept_apart():
    assert read("市财政局负责，6月底前完成") == ([("市财政局", "lead")], "市财政局负责", [], "6月底前完成")


@pytest.mark.parametrize("cell, units", [
    ("各县(市、区)及市直各部门配合", [("各县(市、区)", "assist"), ("市直各部门", "assist")]),
    ("民政局和财政局", [("民政局", "lead"), ("财政局", "lead")]),
    ("市住房和城乡建设局", [("市住房和城乡建设局", "lead")]),
    ("市人力资源和社会保障局牵头", [("市人力资源和社会保障局", "lead")]),
])
def test_and_joins_two_names_only_when_both_are_units(cell, units):
    assert pairs(cell) == units


@pytest.mark.parametrize("cell", ["法規科牽頭,辦公室配合", "法規科牽头,辦公室配合"])
def test_traditional_verbs_and_labels_are_read_and_names_kept_as_written(cell):
    assert pairs(cell) == [("法規科", "lead"), ("辦公室", "assist")]
    assert pairs("牽頭單位：辦公室") == [("辦公室", "lead")]


# -- a unit written in traditional characters answers to its simplified name (and the other way) ----------------

def test_a_traditional_unit_name_answers_to_its_simplified_form(tmp_path):
    from conftest import run

    plan = tmp_path / "plan_2022.txt"
    plan.write_text((ROOT_PLANS / "traditional_2022.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert run("import", plan).exit_code == 0
    import json

    simplified = run("list", "--unit", "办公室", "-f", "json")
    assert simplified.exit_code == 0, simplified.stderr
    assert {unit["name"] for task in json.loads(simplified.stdout) for unit in task["units"]} >= {"辦公室"}
    assert run("list", "--unit", "法规科", "-f", "json").stdout == run("list", "--unit", "法規科", "-f", "json").stdout
    close = run("list", "--unit", "办公")
    assert close.exit_code == 1 and "辦公室" in close.stderr  # the suggestions stay
