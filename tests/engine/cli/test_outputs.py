"""engine/cli/outputs.py: every input of one run gets subtitle names no other input writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.outputs import plan_outputs


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def names(
    paths: list[str], output_dir: str | None = None, formats: tuple[str, ...] = ("srt",)
) -> dict[str, list[str]]:
    plan = plan_outputs([Path(p) for p in paths], list(formats), Path(output_dir) if output_dir else None)
    return {str(p): [str(o) for o in outputs] for p, outputs in plan.outputs.items()}


def test_a_lone_file_is_named_after_itself(cwd: Path) -> None:
    assert names(["talk.mp4"], formats=("srt", "vtt")) == {"talk.mp4": ["talk.srt", "talk.vtt"]}
    assert names(["media/talk.mp4"], "subs") == {"media/talk.mp4": ["subs/talk.srt"]}


def test_one_name_in_one_folder_first_keeps_it_later_ones_add_their_extension(cwd: Path) -> None:
    plan = plan_outputs([Path("clip.wav"), Path("clip.mp4")], ["srt"], None)
    assert {str(p): [str(o) for o in v] for p, v in plan.outputs.items()} == {
        "clip.wav": ["clip.srt"],
        "clip.mp4": ["clip.mp4.srt"],
    }
    assert plan.notes == ["2 inputs share the name 'clip': clip.wav -> clip.srt, clip.mp4 -> clip.mp4.srt"]


def test_one_name_from_two_folders_into_one_output_dir_adds_the_folder(cwd: Path) -> None:
    assert names(["a/clip.flac", "b/clip.flac"], "out") == {
        "a/clip.flac": ["out/clip.srt"],
        "b/clip.flac": ["out/clip (b).srt"],
    }
    # without --output-dir each is written beside its own file: no clash, no change
    assert names(["a/clip.flac", "b/clip.flac"]) == {
        "a/clip.flac": ["a/clip.srt"],
        "b/clip.flac": ["b/clip.srt"],
    }


def test_when_folder_names_clash_too_a_number_decides(cwd: Path) -> None:
    assert names(["x/a/clip.flac", "y/a/clip.flac"], "out") == {
        "x/a/clip.flac": ["out/clip.srt"],
        "y/a/clip.flac": ["out/clip (2).srt"],
    }


def test_names_differing_only_in_case_clash_as_on_windows_and_macos(cwd: Path) -> None:
    assert names(["Clip.wav", "clip.mp4"]) == {"Clip.wav": ["Clip.srt"], "clip.mp4": ["clip.mp4.srt"]}


def test_a_made_up_name_never_takes_another_inputs_own_name(cwd: Path) -> None:
    planned = names(["clip.wav", "clip.mp4", "clip.mp4.wav"])
    assert planned["clip.mp4.wav"] == ["clip.mp4.srt"]  # its own stem wins
    assert planned["clip.mp4"] == ["clip (2).srt"]
    every = [o for outputs in planned.values() for o in outputs]
    assert len(every) == len(set(every))


def test_a_file_given_twice_is_done_once(cwd: Path) -> None:
    (cwd / "clip.wav").write_bytes(b"")
    plan = plan_outputs([Path("clip.wav"), Path("./clip.wav"), cwd / "clip.wav"], ["srt"], None)
    assert plan.inputs == [Path("clip.wav")]
    assert plan.notes == ["clip.wav is given more than once; transcribing it once"]
