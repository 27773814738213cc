"""SAMI files as they are exchanged (user test 7, faults 1 and retest 1): one language of a
file that holds several (its ``<P Class=...>`` classes, defined in its ``<STYLE>`` block),
each cue until the next SYNC of its own class, and ``<font color>`` kept as markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.subtitles.io import SubtitleFileError, read

USERTEST = Path(__file__).parent / "data" / "sami_two_lang.smi"  # user test 7's input

TWO_LANG = """<SAMI>
<HEAD>
<STYLE TYPE="text/css"><!--
P { margin-left: 8pt; }
.ENUSCC { Name: English; lang: en-US; SAMIType: CC; }
.KOKRCC { Name: Korean; lang: ko-KR; SAMIType: CC; }
--></STYLE>
</HEAD>
<BODY>
<SYNC Start=1000><P Class=ENUSCC>Hello, everyone.
<SYNC Start=1000><P Class=KOKRCC>안녕하세요, 여러분.
<SYNC Start=3000><P Class=ENUSCC>&nbsp;
<SYNC Start=3000><P Class=KOKRCC>&nbsp;
<SYNC Start=4000><P Class=ENUSCC><i>Let's begin.</i>
<SYNC Start=4000><P Class=KOKRCC><i>시작합시다.</i>
<SYNC Start=6000><P Class=ENUSCC>&nbsp;
<SYNC Start=6000><P Class=KOKRCC>&nbsp;
</BODY>
</SAMI>
"""

# Three classes with their own timings; the French one is used before the others are, but
# the STYLE block defines Spanish first. One SYNC holds two classes' <P> at once.
THREE = """<SAMI><HEAD><STYLE TYPE="text/css"><!--
.ESCC { Name: Spanish; lang: es-ES; }
.FRCC { Name: French; lang: fr-FR; }
.DECC { Name: German; lang: de-DE; }
--></STYLE></HEAD><BODY>
<SYNC Start=500><P Class=FRCC>Bonjour.
<SYNC Start=1000><P Class=ESCC>Hola.<P Class=DECC>Hallo.
<SYNC Start=1800><P Class=FRCC>&nbsp;
<SYNC Start=2500><P Class=ESCC>Adiós.
<SYNC Start=3000><P Class=DECC>&nbsp;
<SYNC Start=4200><P Class=ESCC>&nbsp;
<SYNC Start=5000><P Class=DECC>Tschüss.
<SYNC Start=7000><P Class=DECC>&nbsp;
</BODY></SAMI>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _timed(path: Path, sami_class: str | None = None) -> list[tuple[int, int, str]]:
    return [(c.start_ms, c.end_ms, c.text) for c in read(path, sami_class=sami_class).cues]


def test_the_user_tests_two_language_file_reads_english_with_its_own_times() -> None:
    loaded = read(USERTEST)
    assert [(c.start_ms, c.end_ms, c.text) for c in loaded.cues] == [
        (1000, 3000, "Hello, everyone."),
        (4000, 6000, "<i>Let's begin.</i>"),
    ]
    assert loaded.overlap_note == ""
    note = next(w for w in loaded.warnings if "languages" in w)
    assert "ENUSCC" in note and "KOKRCC" in note and "--sami-class KOKRCC" in note


def test_two_languages_the_first_defined_is_read_and_the_other_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "two.smi", TWO_LANG)
    loaded = read(path)
    assert [(c.start_ms, c.end_ms) for c in loaded.cues] == [(1000, 3000), (4000, 6000)]
    assert [w for w in loaded.warnings if "languages" in w] == [
        "this SAMI file holds 2 languages: ENUSCC (English, en-US) was read; KOKRCC (Korean, "
        "ko-KR) was left out: to read it, convert with --sami-class KOKRCC"
    ]
    assert _timed(path, "kokrcc") == [(1000, 3000, "안녕하세요, 여러분."), (4000, 6000, "<i>시작합시다.</i>")]


def test_three_classes_each_keeps_its_own_timing(tmp_path: Path) -> None:
    path = _write(tmp_path, "three.smi", THREE)
    assert _timed(path) == [(1000, 2500, "Hola."), (2500, 4200, "Adiós.")]  # Spanish, defined first
    assert _timed(path, "FRCC") == [(500, 1800, "Bonjour.")]
    assert _timed(path, "DECC") == [(1000, 3000, "Hallo."), (5000, 7000, "Tschüss.")]
    note = next(w for w in read(path, sami_class="DECC").warnings if "languages" in w)
    assert "DECC (German, de-DE) was read" in note and "ESCC" in note and "FRCC" in note


def test_a_class_the_file_does_not_have_is_refused_naming_the_ones_it_has(tmp_path: Path) -> None:
    path = _write(tmp_path, "two.smi", TWO_LANG)
    with pytest.raises(SubtitleFileError, match=r"no language class 'JAJPCC'.*ENUSCC.*KOKRCC"):
        read(path, sami_class="JAJPCC")


def test_one_language_files_read_as_before_with_no_note(tmp_path: Path) -> None:
    text = (
        "<SAMI><BODY>\n<SYNC Start=1000><P Class=ENCC>One\n<SYNC Start=2500><P Class=ENCC>Two\n"
        "<SYNC Start=9000><P Class=ENCC>&nbsp;\n</BODY></SAMI>\n"
    )
    loaded = read(_write(tmp_path, "one.smi", text))
    assert [(c.start_ms, c.end_ms, c.text) for c in loaded.cues] == [(1000, 2500, "One"), (2500, 9000, "Two")]
    assert loaded.warnings == ()


def test_font_colours_are_kept_as_markup(tmp_path: Path) -> None:
    text = (
        "<SAMI><BODY>\n"
        '<SYNC Start=1000><P Class=ENCC><font color="#ff0000">Red</font> &amp; done\n'
        "<SYNC Start=2000><P Class=ENCC><FONT COLOR=yellow>Yel<font color=#00f>blue</font>low</FONT>\n"
        "<SYNC Start=3000><P Class=ENCC><font face=Arial>plain</font> <font color=green>g</font>\n"
        "<SYNC Start=4000><P Class=ENCC>&nbsp;\n</BODY></SAMI>\n"
    )
    loaded = read(_write(tmp_path, "c.smi", text))
    assert [c.text for c in loaded.cues] == [
        '<font color="#ff0000">Red</font> & done',
        '<font color="#ffff00">Yel</font><font color="#0000ff">blue</font><font color="#ffff00">low</font>',
        'plain <font color="#008000">g</font>',
    ]
    assert not any("not read" in w for w in loaded.warnings)
    assert [w for w in loaded.warnings if "font" in w] == [
        "SAMI <font> faces and sizes cannot be kept, only colours; the text was kept (first at 0:00:03.000)"
    ]


def test_an_unclosed_font_ends_at_the_next_sync_or_paragraph(tmp_path: Path) -> None:
    """Review 7, finding 7: an unclosed <font> (common in Korean files) kept its colour for the
    rest of the file, so a later <font> of the same colour read as no change: plain text.
    HTML ends a <font> with its paragraph."""
    text = (
        "<SAMI><BODY>\n"
        '<SYNC Start=1000><P Class=ENCC><font color="red">Unclosed\n'
        "<SYNC Start=2000><P Class=ENCC>Plain\n"
        '<SYNC Start=3000><P Class=ENCC><font color="red">Red again</font>\n'
        "<SYNC Start=4000><P Class=ENCC><font color=blue>Blue<P Class=ENCC><font color=blue>still</font>\n"
        "<SYNC Start=5000><P Class=ENCC>&nbsp;\n</BODY></SAMI>\n"
    )
    loaded = read(_write(tmp_path, "open.smi", text))
    assert (
        [c.text for c in loaded.cues]
        == [
            '<font color="#ff0000">Unclosed</font>',
            "Plain",
            '<font color="#ff0000">Red again</font>',
            '<font color="#0000ff">Blue</font><font color="#0000ff">still</font>',  # a <P> is no line break to pysubs2
        ]
    )
