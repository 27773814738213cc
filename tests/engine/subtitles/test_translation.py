"""The translation view's Qt-free side: a cue's translation through the Document's edits, its
checks against the target language's preset, its exports, and its place in the project file."""

from __future__ import annotations

import json
from pathlib import Path

import pysubs2
import pytest

from engine.protocol import Word
from engine.subtitles.cue import Cue
from engine.subtitles.document import Document
from engine.subtitles.io import save
from engine.subtitles.presets import PRESETS
from engine.subtitles.project import ProjectVersionError, load_project, save_project
from engine.subtitles.quality import Rule, merge_tiny_cues, split_long_cues
from engine.subtitles.translation import (
    ExportText,
    NoTranslationError,
    check_translation,
    export_cues,
    translation_preset,
)

FR = PRESETS["netflix-fr"]  # 42 characters a line, 17 characters/s


def words(*spec: tuple[int, int, str]) -> tuple[Word, ...]:
    return tuple(Word(s, e, t, 0.9) for s, e, t in spec)


# ---------------------------------------------------------------------- the document's edits


def test_set_translation_is_one_edit_that_undoes_and_redoes() -> None:
    doc = Document([Cue(1, 0, 1000, "Hello"), Cue(2, 2000, 3000, "Bye")])
    edit = doc.set_translation(2, "Au\r\nrevoir")
    assert doc.get(2).translation == "Au\nrevoir" and doc.get(2).text == "Bye"
    assert [c.id for c in edit.removed] == [2] and edit.changed_ids == (2,)
    doc.apply(edit.inverse())
    assert doc.get(2).translation == ""
    doc.apply(edit)
    assert doc.get(2).translation == "Au\nrevoir"


def test_split_keeps_the_translation_whole_on_the_first_part() -> None:
    cue = Cue(1, 1000, 3000, "Hello there my friend", translation="Bonjour mon ami")
    doc = Document([cue])
    edit = doc.split(1, len("Hello there "))
    left, right = doc.cues
    assert (left.id, left.text, left.translation) == (1, "Hello there", "Bonjour mon ami")
    assert (right.text, right.translation) == ("my friend", "")
    doc.apply(edit.inverse())
    assert doc.cues == (cue,)


def test_merge_joins_the_translations_like_the_texts_and_shift_keeps_them() -> None:
    doc = Document(
        [
            Cue(1, 0, 1000, "One", translation="Un"),
            Cue(2, 1000, 2000, "Two"),
            Cue(3, 2000, 3000, "Three", translation="Trois"),
        ]
    )
    doc.shift(None, 500)
    assert [c.translation for c in doc.cues] == ["Un", "", "Trois"]
    doc.merge([1, 2, 3], " ")
    assert (doc.cues[0].text, doc.cues[0].translation) == ("One Two Three", "Un Trois")
    assert (doc.cues[0].start_ms, doc.cues[0].end_ms) == (500, 3500)


def test_the_translation_language_is_a_code_or_none() -> None:
    doc = Document(translation_language=" fr ")
    assert doc.translation_language == "fr"
    doc.translation_language = None
    assert doc.translation_language is None
    with pytest.raises(ValueError, match="language code such as 'fr'"):
        doc.translation_language = "  "


def test_quality_fixes_keep_translations_with_their_cues() -> None:
    long = "This sentence is far too long to be read at once. It goes on and on. And it still goes on here."
    doc = Document([Cue(1, 0, 9000, long, translation="Une phrase")])
    split_long_cues(doc, PRESETS["netflix-en"])
    assert len(doc) > 1
    assert [c.translation for c in doc.cues] == ["Une phrase"] + [""] * (len(doc) - 1)

    tiny = Document(
        [Cue(1, 0, 2000, "Hello", translation="Bonjour"), Cue(2, 2100, 2400, "you", translation="toi")]
    )
    merge_tiny_cues(tiny, PRESETS["netflix-en"])
    assert [(c.text, c.translation) for c in tiny.cues] == [("Hello you", "Bonjour\ntoi")]


# ---------------------------------------------------------------------- checks


def test_the_translation_is_checked_with_the_target_languages_preset() -> None:
    assert translation_preset("fr") == FR
    assert translation_preset("ja") == PRESETS["netflix-ja"]
    assert translation_preset(None) == PRESETS["netflix-en"]
    # 18 characters in 1 s: within English's 20 characters/s, over French's 17
    cue = Cue(1, 0, 1000, "a" * 18, translation="<i>" + "b" * 18 + "</i>")
    issues = check_translation([cue], FR)
    assert [(i.cue_id, i.rule, i.value, i.limit) for i in issues] == [(1, Rule.CPS, 18.0, 17.0)]
    wide = Cue(2, 0, 10_000, "ok", translation="c" * 43 + "\nd\ne")
    assert {i.rule: (i.value, i.limit) for i in check_translation([wide], FR)} == {
        Rule.LINE_LENGTH: (43, 42),
        Rule.LINE_COUNT: (3, 2),
    }
    # times are the cue's own, checked with the original: a 0.3 s cue is not flagged here
    assert check_translation([Cue(3, 0, 300, "x", translation="y"), Cue(4, 300, 900, "z")], FR) == []


# ---------------------------------------------------------------------- export

CUES = (
    Cue(
        1,
        0,
        1000,
        "Hello",
        words(
            (0, 500, " Hello"),
        ),
        translation="<i>Bonjour</i>",
    ),
    Cue(2, 2000, 3000, "Not translated"),
    Cue(3, 4000, 5000, "Bye\nnow", translation="Au revoir"),
)


def test_export_cues_for_each_choice() -> None:
    assert export_cues(CUES, ExportText.ORIGINAL) == list(CUES)
    only = export_cues(CUES, "translation")
    assert [(c.start_ms, c.end_ms, c.text, c.words) for c in only] == [
        (0, 1000, "<i>Bonjour</i>", ()),
        (4000, 5000, "Au revoir", ()),
    ]
    both = export_cues(CUES, ExportText.BOTH)
    assert [c.text for c in both] == ["Hello\n<i>Bonjour</i>", "Not translated", "Bye\nnow\nAu revoir"]


def test_exporting_a_translation_that_is_not_there_is_refused_in_words() -> None:
    for which in (ExportText.TRANSLATION, ExportText.BOTH):
        with pytest.raises(NoTranslationError, match="No cue has a translation.*Translation column"):
            export_cues([Cue(1, 0, 1000, "a", translation="<i> </i>")], which)
    assert export_cues([Cue(1, 0, 1000, "a")], ExportText.ORIGINAL)


@pytest.mark.parametrize("fmt", ["srt", "ass", "vtt"])
def test_a_translation_file_and_a_bilingual_file_are_written(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"fr.{fmt}"
    save(export_cues(CUES, ExportText.TRANSLATION), target)
    events = pysubs2.load(str(target))
    assert [(e.start, e.end, e.plaintext) for e in events] == [
        (0, 1000, "Bonjour"),
        (4000, 5000, "Au revoir"),
    ]
    two = tmp_path / f"both.{fmt}"
    save(export_cues(CUES, ExportText.BOTH), two)
    assert [e.plaintext for e in pysubs2.load(str(two))] == [
        "Hello\nBonjour",
        "Not translated",
        "Bye\nnow\nAu revoir",
    ]


# ---------------------------------------------------------------------- the project file

# Written by save_project before translations existed (commit c5f9d0e), byte for byte.
OLD_PROJECT = (
    '{"format":"whisper-for-subs-project","version":2,"media":null,"next_id":5,'
    '"settings":{"preset":"auto"},"cues":[[1,0,1500,"<i>Hello</i> there","Ann",'
    '[[0,500,"Hello",0.9],[600,1400," there",0.75]]],[2,2000,3000,"Top",null,[],'
    '{"alignment":8,"vtt_id":"intro"}]],"source":{"frame_rate":25.0}}'
)


def test_a_project_from_before_translations_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "old.wfsproj"
    path.write_text(OLD_PROJECT, encoding="utf-8")
    project = load_project(path)
    doc = project.document
    assert [(c.id, c.text, c.translation) for c in doc.cues] == [
        (1, "<i>Hello</i> there", ""),
        (2, "Top", ""),
    ]
    assert (doc.cues[1].alignment, doc.cues[1].vtt_id, doc.next_id) == (8, "intro", 5)
    assert doc.translation_language is None and project.frame_rate == 25.0


def test_the_project_keeps_the_translation_and_its_language(tmp_path: Path) -> None:
    path = tmp_path / "p.wfsproj"
    doc = Document([Cue(1, 0, 1000, "Hello", translation="Bon<b>jour</b>\nà tous"), Cue(2, 1000, 2000, "x")])
    doc.translation_language = "fr"
    save_project(path, doc)
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["version"] == 3 and payload["translation"] == {"language": "fr"}
    assert [len(r) for r in payload["cues"]] == [7, 6]
    loaded = load_project(path).document
    assert loaded.cues == doc.cues and loaded.translation_language == "fr"
    # a file without a translation is still written in the old form, which older apps read
    save_project(path, Document([Cue(1, 0, 1000, "Hello")]), overwrite=True)
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1


def test_a_newer_project_and_a_damaged_language_are_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "p.wfsproj"
    path.write_text(OLD_PROJECT.replace('"version":2', '"version":4'), encoding="utf-8")
    with pytest.raises(ProjectVersionError, match="newer version"):
        load_project(path)
    path.write_text(OLD_PROJECT.replace('"media"', '"translation":{"language":7},"media"'), encoding="utf-8")
    with pytest.raises(ValueError, match="damaged .the translation's language is not text"):
        load_project(path)
