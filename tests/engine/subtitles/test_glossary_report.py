"""What the glossary did (issue 13's rest, point 2): entries that never matched are returned (the
CLI prints one line per file naming them, the window can show them), and a right side written in
the other Chinese script follows the job's Chinese mode, as the rest of the text does."""

from __future__ import annotations

from engine.protocol import Segment, Word
from engine.subtitles.glossary import apply_noting, describe_unmatched, parse_glossary, right_in_script
from engine.subtitles.presets import PRESETS
from engine.subtitles.segmentation import cues_and_misses, segments_to_cues

EN = PRESETS["netflix-en"]
TW = PRESETS["netflix-zh-tw"]


def seg(text: str, start_ms: int = 1_000) -> Segment:
    words = [
        Word(start_ms + 300 * k, start_ms + 300 * (k + 1), " " + w, 0.9) for k, w in enumerate(text.split())
    ]
    return Segment(words[0].start_ms, words[-1].end_ms, "".join(w.text for w in words), tuple(words))


def chinese(text: str, start_ms: int = 1_000) -> Segment:
    words = [Word(start_ms + 200 * k, start_ms + 200 * (k + 1), ch, 0.9) for k, ch in enumerate(text)]
    return Segment(words[0].start_ms, words[-1].end_ms, text, tuple(words))


def test_entries_that_never_matched_are_returned_in_the_file_s_order() -> None:
    glossary = parse_glossary("Kubernetis → Kubernetes\nHelmm → Helm\ncube cuttle -> kubectl\n", "terms.txt")
    cues, misses, _ = cues_and_misses(
        [seg("we run Kubernetis with cube cuttle today")], EN, glossary=glossary
    )
    assert cues[0].text == "we run Kubernetes with kubectl today"
    assert [(r.line, r.wrong) for r in misses] == [(2, "Helmm")]
    assert cues == segments_to_cues([seg("we run Kubernetis with cube cuttle today")], EN, glossary=glossary)


def test_a_rule_that_matched_only_in_its_converted_form_is_not_reported() -> None:
    # 软件 meets the s2twp text 軟體 only as its converted left side: it matched
    glossary = parse_glossary("软件 → 軟件\n数据库 → 資料庫\n", "zh.txt")
    cues, misses, _ = cues_and_misses(
        [chinese("我们用软件")], TW, language="zh", chinese="s2twp", glossary=glossary
    )
    assert cues[0].text == "我們用軟件"
    assert [(r.line, r.wrong) for r in misses] == [(2, "数据库")]


def test_a_rule_that_an_earlier_rule_consumed_is_reported() -> None:
    glossary = parse_glossary("Kubernetis → Kubernetes\nKubernetis → K8s\n")
    _, lines = apply_noting([seg("Kubernetis")], glossary)
    assert lines == frozenset({1})


def test_the_cli_line_names_each_entry_with_its_line() -> None:
    glossary = parse_glossary("# names\nHelmm → Helm\nIstyo → Istio\n", "terms.txt")
    assert describe_unmatched(glossary, glossary.rules, "talk.wav") == (
        "talk.wav: 2 glossary entries of terms.txt never matched: line 2 'Helmm', line 3 'Istyo' "
        "(check their spelling against the subtitles)"
    )
    assert describe_unmatched(glossary, glossary.rules[:1], "talk.wav") == (
        "talk.wav: 1 glossary entry of terms.txt never matched: line 2 'Helmm' "
        "(check its spelling against the subtitles)"
    )
    assert describe_unmatched(glossary, (), "talk.wav") is None


def test_a_simplified_right_side_is_written_in_traditional_for_traditional_output() -> None:
    glossary = parse_glossary("软件 → 软体\n")
    cues = segments_to_cues([chinese("我们用软件")], TW, language="zh", chinese="s2twp", glossary=glossary)
    assert cues[0].text == "我們用軟體"  # was 我們用软体: Simplified inside Traditional text


def test_a_traditional_right_side_is_written_in_simplified_for_simplified_output() -> None:
    glossary = parse_glossary("軟體 → 軟件\n")
    cues = segments_to_cues(
        [chinese("我們用軟體")], PRESETS["netflix-zh-hans"], language="zh", chinese="t2s", glossary=glossary
    )
    assert cues[0].text == "我们用软件"


def test_the_script_is_converted_never_the_user_s_choice_of_word() -> None:
    assert right_in_script("軟件", "s2twp") == "軟件"  # s2twp's phrase table would write 軟體
    assert right_in_script("软体", "s2twp") == "軟體"
    assert right_in_script("台灣", "s2twp") == "臺灣"  # as OpenCC writes the rest of the text
    assert right_in_script("发现 Kubernetes", "s2t") == "發現 Kubernetes"
    assert right_in_script("軟體", "t2s") == "软体"
    assert right_in_script("软体", "none") == "软体"
