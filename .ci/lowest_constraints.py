"""Print a pip constraints file pinning every dependency in pyproject.toml to the lowest version it allows.

    python .ci/lowest_constraints.py pyproject.toml > constraints-lowest.txt

Covers [project] dependencies and every optional extra. A dependency without a lower bound (`>=` or `==`)
is an error: an unbounded one would let pip pick versions nobody has tried.
"""
import re
import sys

import tomllib

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*)(;.*)?$")


def lowest_pin(requirement: str) -> str:
    match = REQUIREMENT.match(requirement)
    if not match:
        raise SystemExit(f"cannot read the requirement {requirement!r}")
    name, specifiers = match.group(1), match.group(3)
    for specifier in specifiers.split(","):
        specifier = specifier.strip()
        for operator in (">=", "=="):
            if specifier.startswith(operator):
                return f"{name}=={specifier[len(operator):].strip()}"
    raise SystemExit(f"{requirement!r} declares no lower bound (>= or ==): declare the lowest version that works")


def main(path: str) -> None:
    with open(path, "rb") as file:
        project = tomllib.load(file)["project"]
    requirements = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    for pin in sorted({lowest_pin(requirement) for requirement in requirements}, key=str.lower):
        print(pin)


if __name__ == "__main__":
    main(sys.argv[1])
