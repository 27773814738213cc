"""The glossary: ``wrong → right`` lines read from a file and applied to the model's segments."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.protocol import Segment, Word
from engine.subtitles.glossary import Glossary, GlossaryError, apply, load_glossary, parse_glossary


def seg(*words: tuple[int, int, str]) -> Segment:
    ws = tuple(Word(a, b, t, 0.9) for a, b, t in words)
    return Segment(ws[0].start_ms, ws[-1].end_ms, "".join(w.text for w in ws), ws)


def test_every_arrow_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text(
        "\ufeff# names in the show\n\nKubernetis → Kubernetes\nMichael -> Mikael\n"
        "  cube cuttle  =>  kubectl  # the tool\n軟件→軟體\n",
        encoding="utf-8",
    )
    glossary = load_glossary(path)
    assert [(r.wrong, r.right, r.line) for r in glossary.rules] == [
        ("Kubernetis", "Kubernetes", 3),
        ("Michael", "Mikael", 4),
        ("cube cuttle", "kubectl", 5),
        ("軟件", "軟體", 6),
    ]


def test_a_hash_inside_a_term_is_not_a_comment() -> None:
    glossary = parse_glossary("C# -> C-sharp  # the language\n# F# -> nothing\n")
    assert [(r.wrong, r.right) for r in glossary.rules] == [("C#", "C-sharp")]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("Kubernetis Kubernetes", "line 2 has no arrow"),
        ("→ Kubernetes", "line 2 has nothing before the arrow"),
        ("Kubernetis →", "line 2 has nothing after the arrow"),
        ("a → b → c", "line 2 has more than one arrow"),
    ],
)
def test_a_malformed_line_is_named_with_what_to_write(line: str, says: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        parse_glossary(f"# ok\n{line}\n", "names.txt")
    message = str(caught.value)
    assert message.startswith(f"names.txt: {says}")
    assert "wrong → right" in message and "Kubernetis → Kubernetes" in message  # what to write instead


def test_unreadable_files_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="not found"):
        load_glossary(tmp_path / "missing.txt")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Zoe -> Zoë\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match=r"latin1\.txt: line 1 is not UTF-8.*save the file as UTF-8"):
        load_glossary(latin1)
    with pytest.raises(GlossaryError, match="is a folder"):
        load_glossary(tmp_path)


def test_whole_words_only_and_case_sensitive() -> None:
    glossary = parse_glossary("Kubernetis → Kubernetes\ncat → dog\n")
    segment = Segment(0, 1000, " Kubernetis, Kubernetisch and Kubernetis's cat; catalog Cat")
    (out,) = apply([segment], glossary)
    assert out.text == " Kubernetes, Kubernetisch and Kubernetes's dog; catalog Cat"


def test_cjk_matches_inside_a_run_without_spaces() -> None:
    glossary = parse_glossary("軟件 → 軟體\n")
    (out,) = apply([seg((0, 400, "這個軟件"), (400, 800, "很好"))], glossary)
    assert out.text == "這個軟體很好"
    assert [w.text for w in out.words] == ["這個軟體", "很好"]
    # A Latin term next to Chinese characters is still a whole word there.
    (mixed,) = apply([Segment(0, 100, "用Kubernetis部署")], parse_glossary("Kubernetis → Kubernetes"))
    assert mixed.text == "用Kubernetes部署"


def test_a_match_inside_one_word_keeps_every_time() -> None:
    segment = seg((0, 300, " Ask"), (300, 900, " Kubernetis,"), (900, 1200, " please."))
    (out,) = apply([segment], parse_glossary("Kubernetis → Kubernetes"))
    assert out.words == (
        Word(0, 300, " Ask", 0.9),
        Word(300, 900, " Kubernetes,", 0.9),
        Word(900, 1200, " please.", 0.9),
    )
    assert out.text == " Ask Kubernetes, please."
    assert (out.start_ms, out.end_ms) == (0, 1200)


def test_a_match_over_several_words_becomes_one_word_over_their_time() -> None:
    """The term " cube cuttle," said as two words: one word " kubectl," from the first's start to the
    last's end, so karaoke highlights the term while it is said and the words after keep theirs."""
    segment = seg((0, 200, " run"), (200, 500, " cube"), (520, 900, " cuttle,"), (900, 1300, " now"))
    (out,) = apply([segment], parse_glossary("cube cuttle → kubectl"))
    assert [(w.start_ms, w.end_ms, w.text) for w in out.words] == [
        (0, 200, " run"),
        (200, 900, " kubectl,"),
        (900, 1300, " now"),
    ]
    assert out.words[1].probability == 0.9
    assert out.text == " run kubectl, now"


def test_two_matches_in_one_word_and_one_over_two_words() -> None:
    segment = seg((0, 300, " foo-foo"), (300, 600, " and"), (600, 700, " fo"), (700, 900, "o."))
    (out,) = apply([segment], parse_glossary("foo -> bar"))
    assert [(w.start_ms, w.end_ms, w.text) for w in out.words] == [
        (0, 300, " bar-bar"),
        (300, 600, " and"),
        (600, 900, " bar."),
    ]


def test_nothing_to_replace_gives_the_same_segments() -> None:
    segment = seg((0, 200, " hello"), (200, 400, " world"))
    assert apply([segment], parse_glossary("Kubernetis → Kubernetes")) == [segment]
    assert apply([segment], Glossary(())) == [segment]


def test_rules_apply_in_file_order() -> None:
    glossary = parse_glossary("Jon → John\nJohn Smith → Jon Smyth\n")
    (out,) = apply([Segment(0, 100, " Jon Smith")], glossary)
    assert out.text == " Jon Smyth"


def pieces(*texts: str) -> Segment:
    ws = tuple(Word(i * 200, i * 200 + 190, t, 0.9) for i, t in enumerate(texts))
    return Segment(0, ws[-1].end_ms, "".join(texts), ws)


def test_the_glossary_runs_after_the_chinese_conversion() -> None:
    """Review 13 finding 4. Before (glossary applied to the segments, then OpenCC): a rule in
    Traditional never met Whisper's Simplified text (蔡英聞 stayed), and a rule's right side was
    converted again (軟件 came out 軟體)."""
    from engine.subtitles.presets import resolve
    from engine.subtitles.segmentation import segments_to_cues

    rules = resolve("auto", "zh")
    glossary = parse_glossary("蔡英聞 → 蔡英文\n软件 → 軟件\n")
    said = [pieces("蔡", "英", "闻", "说", "这", "个", "软", "件", "很", "好", "。")]
    (cue,) = segments_to_cues(said, rules.preset, language="zh", chinese=rules.chinese, glossary=glossary)
    assert cue.text == "蔡英文說這個軟件很好。"
    assert "".join(w.text for w in cue.words) == cue.text
    assert (cue.words[0].start_ms, cue.words[-1].end_ms) == (0, 2190)
    # the rule written as the user reads the cues (Traditional, Taiwan's 軟體) works the same
    glossary = parse_glossary("蔡英聞 → 蔡英文\n軟體 → 軟件\n")
    (cue,) = segments_to_cues(said, rules.preset, language="zh", chinese=rules.chinese, glossary=glossary)
    assert cue.text == "蔡英文說這個軟件很好。"


def test_a_rule_on_an_english_line_reads_the_same_beside_a_chinese_line() -> None:
    """Review of fe1ae2f: once a file's Chinese lines were converted, every rule's right side was
    put in the output's script on every line, so an English line's 日本国 became 日本國 only in
    a file (or a live window of cues) that also held a Chinese line."""
    import dataclasses

    from engine.subtitles.presets import resolve
    from engine.subtitles.segmentation import segments_to_cues

    rules = resolve("auto", "en")
    glossary = parse_glossary("Nihon → 日本国\n软件 → 軟件\n")
    english = Segment(0, 1500, " Nihon", (Word(0, 1500, " Nihon", 0.9),))
    chinese = dataclasses.replace(pieces("这", "个", "软", "件"), start_ms=3000, language="zh")
    chinese = dataclasses.replace(
        chinese,
        words=tuple(
            dataclasses.replace(w, start_ms=w.start_ms + 3000, end_ms=w.end_ms + 3000) for w in chinese.words
        ),
    )
    chinese = dataclasses.replace(chinese, end_ms=chinese.words[-1].end_ms)

    def texts(segments: list[Segment]) -> list[str]:
        cues = segments_to_cues(
            segments, rules.preset, language="en", chinese=rules.chinese, glossary=glossary
        )
        return [c.text for c in cues]

    assert texts([english]) == ["日本国"]
    assert texts([english, chinese]) == ["日本国", "這個軟件"]


def test_a_glossary_in_segments_to_cues_is_applied_once() -> None:
    """A growing rule (a → a b) shows a second application; words keep their times."""
    from engine.subtitles.presets import PRESETS
    from engine.subtitles.segmentation import segments_to_cues

    said = [pieces(" we", " use", " kube", " here.")]
    (cue,) = segments_to_cues(said, PRESETS["netflix-en"], glossary=parse_glossary("kube → kube ctl"))
    assert cue.text == "we use kube ctl here."
    assert [w.start_ms for w in cue.words] == [0, 200, 400, 600]


def test_korean_particles_and_thai_running_text_match() -> None:
    """Review 13 finding 6. Before: a Korean particle after the term (는, 를) and Thai letters
    around it (no spaces in Thai) counted as the same word, so nothing matched."""
    glossary = parse_glossary("쿠버네티즈 → 쿠버네티스\nKubernetis → Kubernetes\nซอฟแวร์ → ซอฟต์แวร์\n")
    out = apply(
        [pieces(" 쿠버네티즈는", " Kubernetis를", " 설치했어요."), pieces("การ", "พัฒนา", "ซอฟแวร์", "ใหม่")],
        glossary,
    )
    assert out[0].text == " 쿠버네티스는 Kubernetes를 설치했어요."
    assert out[1].text == "การพัฒนาซอฟต์แวร์ใหม่"
    # a Latin term is still a whole word, and Hangul before a Hangul term still blocks it
    same = [pieces(" Kubernetisch"), pieces(" 대쿠버네티즈")]
    assert apply(same, glossary) == same
