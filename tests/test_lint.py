"""The code meets the ruff rules stated in pyproject.toml, so a lint failure shows here, before CI."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_check_is_clean():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert "No module named ruff" not in done.stderr, "ruff is in the test extra: pip install -e '.[test]' again"
    assert done.returncode == 0, f"fix with `ruff check --fix .` (rules in pyproject.toml):\n{done.stdout}"
