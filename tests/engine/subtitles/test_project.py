"""Project files: full round trip, media fingerprint, clear errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.protocol import Word
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.project import (
    ProjectError,
    ProjectVersionError,
    fingerprint,
    load_project,
    save_project,
)


def sample() -> Document:
    words = (Word(0, 400, " Hello", 0.91), Word(450, 900, " 世界", 0.5))
    doc = Document([Cue(3, 0, 1000, "Hello 世界", words, "Ann"), Cue(7, 2000, 3000, "two\nlines")])
    doc.delete([7])
    return doc


def test_round_trip_keeps_everything(tmp_path: Path) -> None:
    media = tmp_path / "film.mkv"
    media.write_bytes(b"x" * (3 << 20))
    path = tmp_path / "film.wfsproj"
    doc = sample()
    save_project(path, doc, media_path=media, settings={"preset": "netflix-en", "chinese": None})
    project = load_project(path)
    assert project.document.cues == doc.cues
    assert project.document.next_id == 8  # deleted ids are not handed out again
    assert project.settings == {"preset": "netflix-en", "chinese": None}
    assert project.media_path == str(media) and project.media_matches()
    media.write_bytes(b"y" + b"x" * ((3 << 20) - 1))
    assert not project.media_matches()


def test_fingerprint_reads_only_the_ends(tmp_path: Path) -> None:
    media = tmp_path / "m.bin"
    media.write_bytes(b"a" * (5 << 20))
    before = fingerprint(media)
    data = bytearray(media.read_bytes())
    data[len(data) // 2] = ord("b")  # the middle is not hashed
    media.write_bytes(bytes(data))
    assert fingerprint(media).same_content(before)


def test_save_refuses_to_replace_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    save_project(path, sample())
    with pytest.raises(FileExistsError):
        save_project(path, Document())
    save_project(path, Document(), overwrite=True)
    assert len(load_project(path).document) == 0


def test_newer_version_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    save_project(path, sample())
    payload = json.loads(path.read_text())
    payload["version"] = 99
    path.write_text(json.dumps(payload))
    with pytest.raises(ProjectVersionError, match="newer version.*format 99"):
        load_project(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "whisper-for-subs-project", "version": 1, "cues": [', "invalid JSON at line 1"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'{"some": "other json"}', "not a Whisper for Subs project"),
        (b'{"format": "whisper-for-subs-project", "version": 1}', "damaged [(]it has no cues[)]"),
        (
            b'{"format": "whisper-for-subs-project", "version": 1, "cues": [[1, 500, 100, "x", null, []]]}',
            "must be after start",
        ),
        (
            b'{"format": "whisper-for-subs-project", "version": 2, "cues": [[1, 0, 100, "x", null, [], 5]]}',
            "details of cue row 1 are not in the expected form",
        ),
    ],
)
def test_corrupt_files_are_clear_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ProjectError, match=message):
        load_project(path)


def test_position_and_vtt_settings_round_trip_and_old_rows_still_load(tmp_path: Path) -> None:
    path = tmp_path / "p.wfs"
    cues = [Cue(1, 0, 1000, "<i>top</i>", alignment=8, vtt_settings="line:0"), Cue(2, 1000, 2000, "plain")]
    save_project(path, Document(cues))
    rows = json.loads(path.read_text())["cues"]
    assert [len(r) for r in rows] == [7, 6]  # a plain cue's row is the old six
    assert list(load_project(path).document.cues) == cues


def test_only_a_project_with_positions_or_settings_says_format_2(tmp_path: Path) -> None:
    """An app from before format 2 then says "newer version" instead of "damaged"."""
    import json

    plain, styled = tmp_path / "plain.wfs", tmp_path / "styled.wfs"
    save_project(plain, Document([Cue(1, 0, 1000, "<i>words</i>")]))
    save_project(styled, Document([Cue(1, 0, 1000, "top", alignment=8)]))
    assert json.loads(plain.read_text(encoding="utf-8"))["version"] == 1
    assert json.loads(styled.read_text(encoding="utf-8"))["version"] == 2
    assert load_project(styled).document.cues[0].alignment == 8


def test_vtt_identifier_and_the_imported_files_blocks_and_frame_rate_round_trip(tmp_path: Path) -> None:
    """An imported WebVTT's identifiers, header and STYLE blocks, and a MicroDVD's frame rate,
    are written back on export from a reopened project as from the first import."""
    path = tmp_path / "p.wfs"
    cues = [Cue(1, 0, 1000, "intro", vtt_id="intro"), Cue(2, 1000, 2000, "plain")]
    blocks = ("WEBVTT - My film\nKind: captions", "STYLE\n::cue(.loud) { font-weight: bold }")
    save_project(path, Document(cues), frame_rate=23.976, vtt_blocks=blocks)
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert [len(r) for r in payload["cues"]] == [7, 6] and payload["version"] == 2
    project = load_project(path)
    assert list(project.document.cues) == cues
    assert (project.frame_rate, project.vtt_blocks) == (23.976, blocks)


def test_a_project_from_before_the_imported_files_details_opens_with_none(tmp_path: Path) -> None:
    path = tmp_path / "old.wfs"
    path.write_text(
        json.dumps(
            {
                "format": "whisper-for-subs-project",
                "version": 1,
                "media": None,
                "next_id": 2,
                "settings": {},
                "cues": [[1, 0, 1000, "a", None, []]],
            }
        ),
        encoding="utf-8",
    )
    project = load_project(path)
    assert (project.frame_rate, project.vtt_blocks, project.document.cues[0].vtt_id) == (None, (), "")


@pytest.mark.parametrize("source", [{"frame_rate": "fast"}, {"vtt_blocks": "STYLE"}, {"vtt_blocks": [1]}])
def test_a_damaged_source_note_is_a_clear_error(tmp_path: Path, source: dict[str, object]) -> None:
    path = tmp_path / "bad.wfs"
    path.write_text(
        json.dumps(
            {
                "format": "whisper-for-subs-project",
                "version": 2,
                "media": None,
                "next_id": 1,
                "settings": {},
                "cues": [],
                "source": source,
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(ProjectError, match="damaged"):
        load_project(path)
