import codecs

import pytest

from ledger.errors import InputError
from ledger.textio import read_plan_text

TEXT = "一、标题 |\n1.任务。 |\n办公室 |\n长期 |\n"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),  # with BOM
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("gb18030"),
    TEXT.encode("gbk"),
])
def test_encodings_are_detected(tmp_path, data):
    path = tmp_path / "p.txt"
    path.write_bytes(data)
    assert read_plan_text(path) == TEXT


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_become_lf(tmp_path, newline):
    path = tmp_path / "p.txt"
    path.write_bytes(TEXT.replace("\n", newline).encode("utf-8"))
    assert read_plan_text(path) == TEXT


def test_encoding_override(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes("一、標題 |".encode("big5"))
    assert read_plan_text(path, "big5") == "一、標題 |"


def test_unknown_encoding_is_an_input_error(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes(b"x")
    with pytest.raises(InputError, match="unknown encoding"):
        read_plan_text(path, "no-such-codec")


def test_stray_byte_in_utf8_names_its_line(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes("一、标题 |\n1.任务。 |\n".encode() + b"\xff\xfe\xff |\n")
    with pytest.raises(InputError) as caught:
        read_plan_text(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: ")


def test_nul_bytes_mean_not_text(tmp_path):
    path = tmp_path / "p.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="not a text file"):
        read_plan_text(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_plan_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_plan_text(tmp_path)
