"""Damaged project files (issue 11): load_project raises only ProjectError, with a sentence a
user can act on. Before, ``Infinity`` gave OverflowError, a deep array RecursionError, and
odd shapes TypeError or AttributeError, which nobody caught: a damaged autosave recovered at
start froze the window."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.protocol import Word
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.project import ProjectError, load_project, save_project

HEAD = '{"format": "whisper-for-subs-project", "version": 1, '
# Each of these raised something other than ProjectError before.
HOSTILE = {
    "infinity next_id": HEAD + '"next_id": Infinity, "cues": []}',
    "infinity time": HEAD + '"cues": [[1, 0, Infinity, "x", null, []]]}',
    "nan probability": HEAD + '"cues": [[1, 0, 10, "x", null, [[0, 10, "x", NaN]]]]}',
    "deep array": HEAD + '"cues": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "deep settings": HEAD + '"cues": [], "settings": {"a": ' + "[" * 50_000 + "]" * 50_000 + "}}",
    "media is a list": HEAD + '"cues": [], "media": [1, 2]}',
    "media path is a number": HEAD + '"cues": [], "media": {"path": 5}}',
    "cue is a number": HEAD + '"cues": [5]}',
    "cues is an object": HEAD + '"cues": {"a": 1}}',
    "short cue": HEAD + '"cues": [[1, 0]]}',
    "word is short": HEAD + '"cues": [[1, 0, 10, "x", null, [[0, 10]]]]}',
    "words is a number": HEAD + '"cues": [[1, 0, 10, "x", null, 7]]}',
    "huge integer": HEAD + '"next_id": ' + "9" * 5000 + ', "cues": []}',
    "seventh is a list": '{"format": "whisper-for-subs-project", "version": 2, "cues": [[1, 0, 10, "x", null, [], []]]}',
    "alignment is text": '{"format": "whisper-for-subs-project", "version": 2, '
    '"cues": [[1, 0, 10, "x", null, [], {"alignment": "top"}]]}',
    "speaker is a list": HEAD + '"cues": [[1, 0, 10, "x", [1], []]]}',
    "settings is a list": HEAD + '"cues": [], "settings": [1]}',
    "source is a list": HEAD + '"cues": [], "source": [1]}',
    "not an object": "[1, 2, 3]",
    "empty": "",
    "nul bytes": "\x00" * 10,
}
_PYTHON_NAMES = re.compile(r"\b(\w+Error|Exception)\b|\bint\(\)|\bfloat\(\)|NoneType|object is not")


def _refused(path: Path) -> ProjectError:
    with pytest.raises(ProjectError) as caught:
        load_project(path)
    return caught.value


def _assert_clear(error: ProjectError, name: str) -> None:
    text = str(error)
    assert name in text and not _PYTHON_NAMES.search(text), text
    assert len(text) < 400, text


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_projects_are_refused_with_a_sentence(tmp_path: Path, case: str) -> None:
    path = tmp_path / "film.wfsproj"
    path.write_text(HOSTILE[case], encoding="utf-8")
    _assert_clear(_refused(path), "film.wfsproj")


def _good() -> bytes:
    words = (Word(0, 400, " Hello", 0.91), Word(450, 900, " there", 0.5))
    doc = Document([Cue(1, 0, 1000, "Hello there", words, "Ann", alignment=8), Cue(2, 2000, 3000, "two")])
    return json.dumps(
        {
            "format": "whisper-for-subs-project",
            "version": 2,
            "media": {"path": "film.mkv", "size": 10, "mtime_ns": 5, "sha256": "ab"},
            "next_id": doc.next_id,
            "settings": {"preset": "netflix-en"},
            "source": {"frame_rate": 25.0, "vtt_blocks": ["WEBVTT"]},
            "cues": [
                [1, 0, 1000, "Hello there", "Ann", [[0, 400, " Hello", 0.91]], {"alignment": 8}],
                [2, 2000, 3000, "two", None, []],
            ],
        }
    ).encode()


_TOKENS = [
    b"Infinity",
    b"-Infinity",
    b"NaN",
    b"null",
    b"true",
    b"[]",
    b"{}",
    b'""',
    b"[" * 3000,
    b"1e999",
    b"-1",
    b"99999999999999999999999",
    b'"x"',
    b",",
    b":",
    b"]",
    b"}",
]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    data = _good()
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["token", "replace", "truncate", "bytes"]))
        if kind == "token":
            data = data[:at] + draw(st.sampled_from(_TOKENS)) + data[at:]
        elif kind == "replace":  # a value swapped for another of a different type
            end = min(len(data), at + draw(st.integers(1, 12)))
            data = data[:at] + draw(st.sampled_from(_TOKENS)) + data[end:]
        elif kind == "truncate":
            data = data[:at]
        else:
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=damaged())
def test_fuzzed_projects_load_or_are_refused_clearly(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.wfsproj"
    path.write_bytes(data)
    try:
        project = load_project(path)
    except ProjectError as error:
        _assert_clear(error, "fuzz.wfsproj")
        return
    # What loads is usable: it saves again and loads back the same cues.
    again = tmp_path / "again.wfsproj"
    save_project(
        again,
        project.document,
        settings=project.settings,
        overwrite=True,
        frame_rate=project.frame_rate,
        vtt_blocks=project.vtt_blocks,
    )
    assert load_project(again).document.cues == project.document.cues
