"""From Whisper's word-timed segments to readable cues.

Whisper segments run to 30 s and 200 characters, start early and linger over silence. Here all
segments of a file become one stream of tokens (see :mod:`tokens`) and a dynamic programme picks
the cue boundaries with the lowest total cost, where every cue costs a little (so cues are full)
and each boundary costs what a subtitler would charge for it: sentence ends cheap, commas
dearer, before a conjunction dearer still, after an article or inside a name very dear. Hard
limits (lines x characters, maximum duration) bound each cue, a silence over the preset's
``max_pause_in_cue_ms`` always ends one, and one of ``pause_ms`` or more ends one unless the
break there is very dear or leaves a fragment; a single word that breaks a limit gets a cue of its own. Each cue
is then laid out on balanced lines and timed: it starts at its first word and ends at its last
word plus a tail, extended to the reading time and the minimum duration where silence allows,
and never closer to the next cue than the preset's gap. Words are never reordered, and never dropped but for one
case: a preset with ``condense_fillers`` leaves fillers ("um", a set-off "you know") out of a cue
that still reads faster than its ``max_cps`` (:mod:`condense`; the Netflix guides allow truncating
only for reading speed), and says which. Otherwise every token lands in exactly one cue, in
order, which the property tests check.
"""

from __future__ import annotations

import bisect
import logging
import math
from collections.abc import Sequence
from typing import NamedTuple

from engine.protocol import Segment
from engine.subtitles.chinese import convert
from engine.subtitles.cjk_words import group_words, script_of
from engine.subtitles.condense import LeftOut, drop_fillers, filler_spans, without_spans
from engine.subtitles.converted_tokens import as_segments, convert_token, converted_rules, segment_groups
from engine.subtitles.cue import Cue
from engine.subtitles.dialogue import turns
from engine.subtitles.glossary import Glossary, Rule, apply_noting, unmatched
from engine.subtitles.presets import Preset, char_units, frames_ms, is_chinese
from engine.subtitles.tokens import Token, break_costs, internal_costs, tokenize

__all__ = ["Segmented", "cues_and_misses", "segments_to_cues", "wrap_text"]

log = logging.getLogger(__name__)

# Issue 13: a cue appears within 2 frames (83 ms at 24 fps) of its first word, never after it.
MAX_LEAD_IN_FRAMES = 2
_CUE_COST = 3.0  # every extra cue costs this much, so cues fill up before they multiply
# A cue over the reading speed costs this much more than its excess (10 x the share over): more
# than an ordinary break instead of a comma (7 - 2), so the words move to a neighbour that has
# room where one has, as a subtitler makes reading time before condensing; less than a very
# dear break (tokens.DEAR_BREAK: "the / river", "Mr. / Smith").
_OVER_SPEED_COST = 6.0


class _Measure:
    """Widths of token runs in half-character units, with O(1) prefix sums."""

    def __init__(self, tokens: Sequence[Token], preset: Preset) -> None:
        space = char_units(" ", preset)
        self.space = [space if t.space else 0 for t in tokens]
        self.prefix = [0]
        for tok, sp in zip(tokens, self.space):
            self.prefix.append(self.prefix[-1] + sp + sum(char_units(c, preset) for c in tok.core))
        self.line = 2 * preset.max_chars_per_line
        self.max_lines = preset.max_lines

    def width(self, i: int, j: int) -> int:
        return self.prefix[j] - self.prefix[i] - self.space[i]

    def lines_needed(self, i: int, j: int) -> int | None:
        """Fewest lines for tokens[i:j] (greedy fill is optimal); None if a token is too wide."""
        lines, pos = 0, i
        while pos < j:
            target = self.line + self.prefix[pos] + self.space[pos]
            k = bisect.bisect_right(self.prefix, target, pos + 1, j + 1) - 1
            if k <= pos:
                return None
            lines, pos = lines + 1, k
        return lines


def _blocks(tokens: Sequence[Token], preset: Preset) -> list[int]:
    """``start[k]``: first token of k's block; no cue crosses a block's edge, a silence longer
    than ``max_pause_in_cue_ms``. A shorter pause of ``pause_ms`` or more is where one sentence
    or speaker usually stops and the next begins (Whisper often writes no punctuation there):
    keeping it inside a cue costs :data:`tokens.PAUSE_KEPT`, so the cue ends there unless that
    is very dear (issue 13: a 1.5 s utterance, 0.7 s of silence and a long sentence made one
    cue, 2.2 s early for the second; review 13: "So [520 ms] the thing is" must not leave "So"
    alone, nor "Mr. [600 ms] Smith" split a name).
    """
    start = [0] * len(tokens)
    for k in range(1, len(tokens)):
        gap = tokens[k].start_ms - tokens[k - 1].end_ms
        start[k] = k if gap > preset.max_pause_in_cue_ms else start[k - 1]
    return start


def _fragments(tokens: Sequence[Token], preset: Preset, block: list[int]) -> set[int]:
    """Pauses (token indexes k, a silence of ``pause_ms`` or more before tokens[k]) where a
    break would leave the speech before it, or after it up to the next pause, too short for the
    minimum duration even when the cue lingers into the silence (a one-word "So" before a
    hesitation). A short piece between two such pauses joins the side of the shorter one, so
    only that pause is listed: "therefore [1.3 s] printing, [0.57 s] in the only sense" puts
    "printing," with what follows (both were listed, and it ended the earlier cue, 820 ms early).
    """
    n = len(tokens)

    def gap(k: int) -> int:
        return tokens[k].start_ms - tokens[k - 1].end_ms

    pauses = [k for k in range(1, n) if block[k] != k and gap(k) >= preset.pause_ms]
    soft = set(pauses)
    edges = sorted({0, n, *pauses, *block})
    out: set[int] = set()
    for k in pauses:
        at = bisect.bisect_left(edges, k)
        before, after = edges[at - 1], edges[at + 1]
        room = tokens[k].start_ms - preset.min_gap_ms - tokens[before].start_ms
        if after < n:
            room_after = tokens[after].start_ms - preset.min_gap_ms - tokens[k].start_ms
        else:
            room_after = preset.min_duration_ms
        # the short piece could cross the pause at its other end instead, if that one is shorter
        joins_here = (room < preset.min_duration_ms and not (before in soft and gap(before) < gap(k))) or (
            room_after < preset.min_duration_ms and not (after in soft and gap(after) < gap(k))
        )
        if joins_here:
            out.add(k)
    return out


def _words(tokens: list[Token], preset: Preset, language: str | None, mode: str = "none") -> list[Token]:
    """Chinese and Japanese pieces joined into words, so that no break falls inside one; a
    word is measured as it will read after conversion (内存 -> 記憶體 is one character more)."""
    return group_words(
        tokens,
        language,
        lambda text: sum(char_units(c, preset) for c in convert(text, mode)),
        2 * preset.max_chars_per_line,
        min(preset.pause_ms, preset.max_pause_in_cue_ms + 1),
    )


def _choose_cues(tokens: Sequence[Token], preset: Preset, m: _Measure) -> list[tuple[int, int]]:
    n = len(tokens)
    ends = break_costs(tokens, preset.pause_ms)
    block = _blocks(tokens, preset)
    inside = internal_costs(tokens, preset.pause_ms, _fragments(tokens, preset, block))
    best = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        internal = 0.0
        last_end = tokens[j - 1].end_ms
        soft = math.inf if j == n else tokens[j].start_ms - preset.min_gap_ms
        for i in range(j - 1, block[j - 1] - 1, -1):
            if i < j - 1:
                internal += inside[i + 1]
                if last_end - tokens[i].start_ms > preset.max_duration_ms:
                    break
                lines = m.lines_needed(i, j)
                if lines is None or lines > preset.max_lines:
                    break
            start = tokens[i].start_ms
            shown = max(min(soft, start + preset.max_duration_ms), last_end) - start
            cps = m.width(i, j) * 500 / max(shown, 1)
            cost = _CUE_COST + internal + (ends[j] if j < n else 0.0)
            if cps > preset.max_cps:
                cost += _OVER_SPEED_COST + 10 * (cps / preset.max_cps - 1)
            if shown < preset.min_duration_ms:
                cost += 1.0
            if best[i] + cost < best[j]:
                best[j], back[j] = best[i] + cost, i
    groups: list[tuple[int, int]] = []
    j = n
    while j > 0:
        groups.append((back[j], j))
        j = back[j]
    groups.reverse()
    return _merge_instant(tokens, groups)


def _merge_instant(tokens: Sequence[Token], groups: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a cue to the next when the next starts at the very same millisecond (zero-length
    words): there is no time to show it on its own."""
    merged: list[tuple[int, int]] = []
    for i, j in groups:
        if merged and tokens[merged[-1][0]].start_ms == tokens[i].start_ms:
            merged[-1] = (merged[-1][0], j)
        else:
            merged.append((i, j))
    return merged


def _layout(tokens: Sequence[Token], i: int, j: int, m: _Measure, costs: list[float]) -> str:
    """Text of tokens[i:j] on the fewest lines, broken at good places, lines balanced (with a
    slight preference for a shorter top line, the "bottom-heavy pyramid" of the style guides)."""
    needed = m.lines_needed(i, j) or 1
    average = m.width(i, j) / needed
    frontier: dict[int, tuple[float, list[int]]] = {i: (0.0, [])}
    for line in range(needed):
        last = line == needed - 1
        reached: dict[int, tuple[float, list[int]]] = {}
        for pos, (cost, cuts) in frontier.items():
            for end in (j,) if last else range(pos + 1, j):
                width = m.width(pos, end)
                if width > m.line and end - pos > 1:
                    break
                c = cost + abs(width - average) * 4 / m.line
                if not last:
                    c += costs[end] + 0.5 * width / m.line
                if c < reached.get(end, (math.inf, []))[0]:
                    reached[end] = (c, cuts + [end])
        frontier = reached
    cuts = frontier[j][1] if j in frontier else [j]
    lines, pos = [], i
    for cut in cuts:
        rest = "".join((" " if t.space else "") + t.core for t in tokens[pos + 1 : cut])
        lines.append(tokens[pos].core + rest)
        pos = cut
    return "\n".join(lines)


def _times(
    tokens: Sequence[Token],
    groups: list[tuple[int, int]],
    preset: Preset,
    m: _Measure,
    media_end_ms: int | None = None,
) -> list[tuple[int, int]]:
    """Start and end of each cue: first word to last word + tail, stretched to the reading
    time and minimum duration where silence allows, always a gap short of the next cue, and
    never past the media's end."""
    out: list[tuple[int, int]] = []
    keep = 0  # the previous cue may end no earlier: its last word, its reading time
    for i, j in groups:
        start, last_end = tokens[i].start_ms, tokens[j - 1].end_ms
        nxt = tokens[j].start_ms if j < len(tokens) else None
        reading = math.ceil(m.width(i, j) * 500 / preset.max_cps)
        want = max(last_end + preset.tail_ms, start + preset.min_duration_ms, start + reading)
        soft = start + preset.max_duration_ms
        if nxt is not None:
            soft = min(soft, nxt - preset.min_gap_ms)
        end = min(want, soft)
        if end <= start:  # the next cue's first word is closer than the gap: no gap then
            end = min(
                last_end,
                start + preset.max_duration_ms,
                nxt if nxt is not None else last_end,
            )
            end = max(end, min(start + 1, nxt if nxt is not None else start + 1))
        # Still short of the minimum duration or the reading time: start earlier, into the
        # silence before (the end is already as late as the next cue allows), but by 2 frames at
        # most (MAX_LEAD_IN_FRAMES): text on screen a second before anyone speaks reads as a
        # mistake, and at Japanese's 4 cps it moved starts back by up to 1 s. The cue before
        # gives up the hold after its speech for it (its tail), never its own speech or reading
        # time. A cue that still lacks its reading time is left short; the quality check names
        # it, and only condensing its text (an editor's call) can mend it.
        needed = max(preset.min_duration_ms, reading)
        if end - start < needed:
            floor = keep + preset.min_gap_ms if out else 0
            lead_in = frames_ms(MAX_LEAD_IN_FRAMES, preset.frame_rate)
            start = max(min(start, end - needed), min(floor, start), start - lead_in)
            if out and out[-1][1] > start - preset.min_gap_ms:
                out[-1] = (out[-1][0], max(start - preset.min_gap_ms, keep))
        keep = min(end, max(last_end, start + needed))
        if media_end_ms is not None and start < media_end_ms < end:
            end = media_end_ms  # a player shows nothing after the last frame (yes_0.4s.wav)
        out.append((start, end))
    return out


class Segmented(NamedTuple):
    """What :func:`cues_and_misses` gives: the cues, the glossary rules that matched nowhere,
    and the fillers left out of cues over the reading speed, in time order."""

    cues: list[Cue]
    misses: tuple[Rule, ...]
    left_out: tuple[LeftOut, ...]


def segments_to_cues(
    segments: Sequence[Segment],
    preset: Preset,
    *,
    language: str | None = None,
    chinese: str | None = None,
    media_end_ms: int | None = None,
    glossary: Glossary | None = None,
) -> list[Cue]:
    """Readable cues (ids 1..n) from the segments of a whole file, in time order.

    ``media_end_ms`` (the decoded audio's length, ms) caps every cue's end: the tail a cue
    lingers after its last word and the stretch to the reading time stop at the end of the
    media. A cue that starts at or after it is left as it is (the length given is then wrong).

    ``chinese`` is an OpenCC mode ("s2twp", "s2t", "t2s", "none"), applied to the whole file
    when ``language`` is Chinese or unknown (and no kana says Japanese), and to the segments
    written in Chinese (``Segment.language`` "zh" or "yue") in a file of any language. Segments
    without words are split by their text, timed in proportion.

    ``glossary`` (the user's ``wrong → right`` rules, :mod:`glossary`) is applied after that
    conversion, to the text as the cues will read: a rule written in Traditional characters
    matches Whisper's Simplified output once converted, and its right side is never converted
    again (``软件 → 軟件`` stays 軟件). Word times are kept (a match over several words becomes
    one word over their time). The CLI and the window both apply it here, once.
    """
    return cues_and_misses(
        segments,
        preset,
        language=language,
        chinese=chinese,
        media_end_ms=media_end_ms,
        glossary=glossary,
    )[0]


def cues_and_misses(
    segments: Sequence[Segment],
    preset: Preset,
    *,
    language: str | None = None,
    chinese: str | None = None,
    media_end_ms: int | None = None,
    glossary: Glossary | None = None,
) -> Segmented:
    """:func:`segments_to_cues`, with the glossary's rules that matched nowhere in the file (in
    the file's order; a rule matches in the form written or converted like the text), for the
    CLI's one line per file and the window (:func:`glossary.describe_unmatched`), and the
    fillers left out of cues over the reading speed (:mod:`condense`, when the preset's
    ``condense_fillers`` is on)."""
    misses: tuple[Rule, ...] = ()
    tokens = tokenize(segments)
    chinese = chinese if chinese and chinese != "none" else None
    # The file's own lines are converted when it is in Chinese (or unknown, but not with kana:
    # Japanese, whose kanji OpenCC must not touch); a line written in Chinese in a file of
    # another language (engine.own_language) is too, and a line in Japanese never (国 stays 国).
    whole_file = chinese is not None and (language is None or is_chinese(language))
    if whole_file and language is None and any(script_of(t.core, None) == "ja" for t in tokens):
        whole_file = False
    lines = any(is_chinese(t.language) for t in tokens)
    mode = chinese if chinese is not None and (whole_file or lines) else "none"
    tokens = _words(tokens, preset, language, mode)
    if not tokens:
        return Segmented([], unmatched(glossary, ()) if glossary is not None else (), ())
    by_segment = segment_groups(tokens)
    converted = [mode != "none" and _converts(group, whole_file) for group in by_segment]
    tokens = [convert_token(t, mode) if c else t for group, c in zip(by_segment, converted) for t in group]
    if glossary is not None and glossary.rules:
        fixed, matched = _glossary_applied(as_segments(tokens), glossary, mode, converted)
        misses = unmatched(glossary, matched)
        tokens = _words(tokenize(fixed), preset, language, "none")
        if not tokens:
            return Segmented([], misses, ())
    m = _Measure(tokens, preset)
    groups = _choose_cues(tokens, preset, m)
    times = _times(tokens, groups, preset, m, media_end_ms)
    left_out: list[LeftOut] = []
    if preset.condense_fillers:
        over = [
            (i, j)
            for (i, j), (a, b) in zip(groups, times)
            if m.width(i, j) * 500 > preset.max_cps * max(b - a, 1)
        ]
        spans = [span for i, j in over for span in filler_spans(tokens, i, j, language)]
        if spans:  # the cues keep their words but the fillers, and are timed again
            tokens, left_out = drop_fillers(tokens, spans)
            groups = without_spans(groups, spans)
            m = _Measure(tokens, preset)
            times = _times(tokens, groups, preset, m, media_end_ms)
    line_costs = break_costs(tokens, preset.pause_ms)
    cues: list[Cue] = []
    for n, ((i, j), (start, end)) in enumerate(zip(groups, times), 1):
        text = _layout(tokens, i, j, m, line_costs)
        words = tuple(w for t in tokens[i:j] if not t.estimated for w in t.words)
        cues.append(Cue(n, start, end, text, words))
    log.debug("%d segments -> %d tokens -> %d cues", len(segments), len(tokens), len(cues))
    return Segmented(cues, misses, tuple(left_out))


def _converts(segment: list[Token], whole_file: bool) -> bool:
    """Whether a segment's Chinese script is converted: one of the file's language when
    ``whole_file``, one written in Chinese (its own language zh or yue) always, but never one
    with kana: Japanese, even where a decode tagged it Chinese."""
    if any(script_of(t.core, None) == "ja" for t in segment):
        return False
    language = segment[0].language
    return is_chinese(language) if language else whole_file


def _glossary_applied(
    segments: list[Segment], glossary: Glossary, mode: str, converted: list[bool]
) -> tuple[list[Segment], frozenset[int]]:
    """The glossary applied as the text reads: its rules converted like the text (right sides in
    the output's script) on the segments that were converted (``converted``, one flag each), as
    written on the others, so an English line's 日本国 stays as the user wrote it whether or not
    the file has a Chinese line."""
    if all(converted) or not any(converted):
        return apply_noting(segments, converted_rules(glossary, mode if any(converted) else "none"))
    them, them_matched = apply_noting(
        [s for s, c in zip(segments, converted) if c], converted_rules(glossary, mode)
    )
    rest, rest_matched = apply_noting([s for s, c in zip(segments, converted) if not c], glossary)
    ours, others = iter(them), iter(rest)
    return [next(ours) if c else next(others) for c in converted], them_matched | rest_matched


def wrap_text(text: str, preset: Preset) -> str | None:
    """``text`` re-laid on the fewest balanced lines, or None when it exceeds the preset's
    lines x characters (used to decide whether two cues can be merged). A dialogue cue is laid
    turn by turn, each speaker's dash opening a line (Netflix Timed Text Style Guide, "Dual
    speakers": a hyphen for each, one speaker per line), None if they need more lines than the
    preset has."""
    parts = turns(text)
    if len(parts) > 1:
        laid = [wrap_text(part, preset) for part in parts]
        if any(x is None for x in laid) or sum(x.count("\n") + 1 for x in laid if x) > preset.max_lines:
            return None
        return "\n".join(x for x in laid if x)
    tokens = _words(tokenize([Segment(0, max(len(text), 1), text.replace("\n", " "))]), preset, None)
    if not tokens:
        return ""
    m = _Measure(tokens, preset)
    needed = m.lines_needed(0, len(tokens))
    if needed is None or needed > preset.max_lines:
        return None
    return _layout(tokens, 0, len(tokens), m, break_costs(tokens, preset.pause_ms))
