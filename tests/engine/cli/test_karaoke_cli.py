"""ASS karaoke from the command line (issue 13): ``transcribe --karaoke`` and ``convert --karaoke``
write a ``{\\kNN}`` before each timed word of an ASS/SSA output. Before, neither command had the
option: the engine could write ``\\k`` but no user could ask for it."""

from __future__ import annotations

import re
from pathlib import Path

import pysubs2
import pytest

from engine.cli import convert
from engine.cli import transcribe as cli
from engine.protocol import Segment, Word

_K = re.compile(r"\{\\k(\d+)\}([^{]*)")


def timed(start_ms: int, *words: str, step_ms: int = 400) -> Segment:
    """A segment whose words run ``step_ms`` each, back to back, from ``start_ms``."""
    pieces = tuple(
        Word(start_ms + k * step_ms, start_ms + (k + 1) * step_ms, w, 0.9) for k, w in enumerate(words)
    )
    return Segment(start_ms, pieces[-1].end_ms, "".join(words), pieces)


def karaoke_pieces(event: pysubs2.SSAEvent) -> list[tuple[int, str]]:
    """``{\\k40}Hello {\\k40}world`` -> [(40, "Hello "), (40, "world")]; empty text is a lead-in."""
    return [(int(cs), text) for cs, text in _K.findall(event.text)]


def write(tmp_path: Path, segments: list[Segment], *options: str) -> list[Path]:
    args = cli.build_parser().parse_args(["talk.wav", *options])
    formats = args.format
    file = cli.FileJob(
        Path("talk.wav"),
        [tmp_path / f"talk.{f}" for f in formats],
        segments=segments,
        language=getattr(args, "language", None) or "en",
    )
    cli.write_outputs(file, args, partial=False)
    assert file.error is None
    return file.written


def test_transcribe_karaoke_tags_each_word_of_the_ass_output_and_leaves_srt_plain(tmp_path: Path) -> None:
    """Before: ``--karaoke`` was an unknown option (exit 2) and the .ass had no ``\\k``."""
    written = write(
        tmp_path, [timed(1_000, " Hello", " there", " world.")], "--format", "srt,ass", "--karaoke"
    )
    assert written == [tmp_path / "talk.srt", tmp_path / "talk.ass"]
    (event,) = pysubs2.load(str(tmp_path / "talk.ass"))
    pieces = karaoke_pieces(event)
    assert [text for _, text in pieces] == ["Hello ", "there ", "world."]
    assert [cs for cs, _ in pieces][:2] == [40, 40]  # each word 400 ms
    # the centiseconds add up to the cue's span: the sweep ends with the cue
    assert sum(cs for cs, _ in pieces) == round((event.end - event.start) / 10)
    assert "\\k" not in (tmp_path / "talk.srt").read_text()


def test_transcribe_without_karaoke_writes_no_tags(tmp_path: Path) -> None:
    write(tmp_path, [timed(1_000, " Hello", " there", " world.")], "--format", "ass")
    (event,) = pysubs2.load(str(tmp_path / "talk.ass"))
    assert event.text == "Hello there world."


def test_transcribe_karaoke_after_opencc_gives_one_tag_per_converted_word(tmp_path: Path) -> None:
    """软件信息 said one character at a time, written in Taiwan script: 軟體 and 資訊 each get one
    ``\\k`` spanning both of their characters (engine/subtitles/karaoke.py after s2twp)."""
    chars = [timed(1_000 + k * 300, ch, step_ms=250).words[0] for k, ch in enumerate("软件信息")]
    segment = Segment(1_000, chars[-1].end_ms, "软件信息", tuple(chars))
    write(tmp_path, [segment], "--format", "ass", "--karaoke", "--language", "zh", "--chinese", "s2twp")
    (event,) = pysubs2.load(str(tmp_path / "talk.ass"))
    assert karaoke_pieces(event) == [(60, "軟體"), (round((event.end - 1_600) / 10), "資訊")]


def test_transcribe_karaoke_without_ass_output_exits_2_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    """No engine starts: the command line is refused with what to add."""
    with pytest.raises(SystemExit) as exit_:
        cli.main(["talk.wav", "--format", "srt,vtt", "--karaoke"])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert "--karaoke" in error and "add --format ass" in error


VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello <00:00:01.500>there <00:00:02.000>world\n"


def test_convert_karaoke_turns_webvtt_inline_times_into_k_tags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: ``convert karaoke.vtt out.ass`` said the times were "used for ASS karaoke", then
    wrote none, and there was no option to ask for them."""
    source = tmp_path / "karaoke.vtt"
    source.write_text(VTT, encoding="utf-8")
    assert convert.main([str(source), str(tmp_path / "out.ass"), "--karaoke"]) == 0
    (event,) = pysubs2.load(str(tmp_path / "out.ass"))
    assert karaoke_pieces(event) == [(50, "Hello "), (50, "there "), (100, "world")]
    assert "written as \\k karaoke tags" in capsys.readouterr().err


def test_convert_to_ass_without_karaoke_says_to_add_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "karaoke.vtt"
    source.write_text(VTT, encoding="utf-8")
    assert convert.main([str(source), str(tmp_path / "out.ass")]) == 0
    (event,) = pysubs2.load(str(tmp_path / "out.ass"))
    assert "\\k" not in event.text
    error = capsys.readouterr().err
    assert "add --karaoke" in error and "used for ASS karaoke" not in error


def test_convert_karaoke_to_srt_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "karaoke.vtt"
    source.write_text(VTT, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        convert.main([str(source), str(tmp_path / "out.srt"), "--karaoke"])
    assert exit_.value.code == 2
    assert "--karaoke" in capsys.readouterr().err and not (tmp_path / "out.srt").exists()
