"""Word 97-2003 (.doc), WPS (.wps), Excel 97-2003 (.xls) and ET (.et) files, all OLE2 containers (and rich text or
Excel 2003 XML saved under those names): converted by
LibreOffice to .docx or .xlsx in a temporary folder, with a time limit, when `soffice` is on PATH; without it, an
error that says how to save the file as .docx or .xlsx."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from ..grid import Grid
from ..messages import say

SPREADSHEET_SUFFIXES = {".xls", ".et", ".ett", ".xlt"}
CONVERSION_SECONDS = 120


def is_spreadsheet(path: Path) -> bool:
    """By the name, else by the container's stream names (a workbook's stream is Workbook or Book)."""
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return True
    if path.suffix.lower() in {".doc", ".wps", ".dot", ".wpt"}:
        return False
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    names_a_workbook = "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head
    return names_a_workbook and "WordDocument".encode("utf-16-le") not in head


def read(path: Path, sheet: str | None = None, spreadsheet: bool | None = None) -> Grid:
    """The file converted by LibreOffice and read as .docx or .xlsx; `spreadsheet` when the content told already."""
    spreadsheet = is_spreadsheet(path) if spreadsheet is None else spreadsheet
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(str(path), say("old_excel_file" if spreadsheet else "old_word_file"))
    target = "xlsx" if spreadsheet else "docx"
    with tempfile.TemporaryDirectory(prefix="ledger-") as folder:
        # A profile of its own, so that a LibreOffice the user has open does not swallow the conversion.
        command = [soffice, f"-env:UserInstallation=file://{Path(folder, 'profile').as_posix()}", "--headless",
                   "--convert-to", target, "--outdir", folder, str(path)]
        try:
            result = subprocess.run(command, capture_output=True, timeout=CONVERSION_SECONDS)
        except subprocess.TimeoutExpired:
            raise InputError(str(path), say("conversion_failed", reason=say("conversion_timeout",
                                                                            seconds=CONVERSION_SECONDS),
                                            target=target)) from None
        except OSError as exc:
            raise InputError(str(path), say("conversion_failed", reason=exc.strerror, target=target)) from None
        converted = Path(folder, path.stem + "." + target)
        if not converted.exists():
            reason = (result.stderr or result.stdout).decode(errors="replace").strip().splitlines()
            raise InputError(str(path), say("conversion_failed", reason=reason[-1] if reason else
                                            f"exit {result.returncode}", target=target))
        if spreadsheet:
            from . import xlsx

            return xlsx.read(converted, sheet)
        from . import docx

        return docx.read(converted)
