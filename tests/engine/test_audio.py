from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from engine.audio import (
    AudioBuffer,
    MediaError,
    choose_audio_stream,
    decode,
    iter_decode,
    probe_audio_streams,
)
from engine.languages import ISO_639_2, tag_matches
from engine.protocol import AudioStreamInfo
from tests.conftest import TESTDATA


@pytest.mark.parametrize(
    ("name", "seconds"),
    [
        ("misc/jfk.flac", 11.0),
        ("ja/common_voice_ja_24511055.mp3", 6.5),
        ("timed/mfa_michaelandsickmichael.wav", 52.4),
    ],
)
def test_decodes_any_rate_and_channel_count_to_16k_mono(name: str, seconds: float) -> None:
    audio = decode(TESTDATA / name)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert len(audio) / 16000 == pytest.approx(seconds, abs=0.1)
    assert 0.01 < np.abs(audio).max() <= 1.0


def test_audio_inside_a_video_container(tmp_path: Path) -> None:
    import av

    path = tmp_path / "clip.mkv"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("aac", rate=44100)
        stream.layout = "stereo"
        t = np.arange(44100 * 2) / 44100
        tone = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(
            np.stack([tone, tone]).reshape(1, -1), format="flt", layout="stereo"
        )
        frame.sample_rate = 44100
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    audio = decode(path)
    assert len(audio) / 16000 == pytest.approx(2.0, abs=0.1)


def test_streamed_blocks_join_to_the_whole() -> None:
    whole = decode(TESTDATA / "misc/jfk.flac")
    buffer = AudioBuffer()
    for block in iter_decode(TESTDATA / "misc/jfk.flac", block_s=2.0):
        buffer.append(block)
    assert buffer.samples == whole.size
    assert np.array_equal(buffer.slice_ms(1_000, 9_500), whole[16_000:152_000])


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("missing.wav", "not found"),
        ("empty.wav", "empty"),
        ("text.mp3", "not a readable audio or video file"),
        ("video.mp4", "no audio track"),
        ("folder", "is a folder"),
    ],
)
def test_bad_inputs_get_clear_errors(name: str, words: str, bad_inputs: dict[str, Path]) -> None:
    with pytest.raises(MediaError, match=words):
        decode(bad_inputs[name])


# ---------------------------------------------------------------- which audio stream


@pytest.fixture(scope="module")
def two_tracks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Like two_audio_tracks.mkv: #1 tagged French (not default), #2 English and default; each
    stream holds a different sentence, so the decoded audio tells which one was read."""
    from tests.engine.media_files import Track, speech, write_tracks

    folder = tmp_path_factory.mktemp("tracks")
    tracks = [
        Track(speech("LJ001-0002"), "fre", "Français"),
        Track(speech("LJ001-0001"), "eng", "English", True),
    ]
    return {suffix: write_tracks(folder / f"two.{suffix}", tracks) for suffix in ("mkv", "mp4")}


def _which(audio: np.ndarray) -> str:
    from tests.engine.media_files import similarity, speech

    scores = {name: similarity(audio, speech(name)) for name in ("LJ001-0001", "LJ001-0002")}
    best = max(scores, key=lambda k: scores[k])
    assert scores[best] > 0.9, scores
    return best


@pytest.mark.parametrize("suffix", ["mkv", "mp4"])
def test_the_default_stream_is_transcribed_not_the_first(two_tracks: dict[str, Path], suffix: str) -> None:
    path = two_tracks[suffix]
    streams = probe_audio_streams(path)
    assert [(s.number, s.language, s.default) for s in streams] == [(1, "fre", False), (2, "eng", True)]
    assert streams[0].title == "Français" and streams[1].channels == 1 and streams[1].codec == "aac"
    assert _which(decode(path)) == "LJ001-0001"
    assert _which(decode(path, language="en")) == "LJ001-0001"
    assert _which(decode(path, language="fr")) == "LJ001-0002"  # the job's language wins over the flag
    assert _which(decode(path, audio_stream=1)) == "LJ001-0002"
    assert _which(decode(path, audio_stream=2, language="fr")) == "LJ001-0001"  # the user's pick wins


def test_a_stream_number_beyond_the_file_names_its_streams(two_tracks: dict[str, Path]) -> None:
    with pytest.raises(MediaError, match=r"no audio stream #3; the file has 2") as error:
        decode(two_tracks["mkv"], audio_stream=3)
    assert '#1 fre "Français", 1 ch' in str(error.value) and '#2 eng "English", 1 ch (default)' in str(
        error.value
    )


def test_a_file_with_one_stream_has_only_number_one(tmp_path: Path) -> None:
    from tests.engine.media_files import speech

    path = tmp_path / "one.wav"
    soundfile.write(str(path), speech(), 16_000)
    assert len(decode(path, audio_stream=1)) > 0
    with pytest.raises(MediaError, match=r"no audio stream #2; the file has 1: #1, 1 ch"):
        decode(path, audio_stream=2)


def _info(number: int, language: str = "", default: bool = False) -> AudioStreamInfo:
    return AudioStreamInfo(number, language, "", 2, "stereo", "aac", default)


@pytest.mark.parametrize(
    ("streams", "language", "requested", "expected"),
    [
        ((_info(1), _info(2)), None, None, 1),  # no flags: the first, as players do
        ((_info(1, "jpn"), _info(2, "eng", True)), None, None, 2),
        ((_info(1, "jpn"), _info(2, "eng", True)), "ja", None, 2 - 1),
        ((_info(1, "jpn"), _info(2, "eng", True)), "de", None, 2),  # no German stream: the default
        ((_info(1, "eng"), _info(2, "eng", True), _info(3, "fre")), "en", None, 2),  # default among English
        ((_info(1, "chi"), _info(2, "zho")), "zh", None, 1),
        ((_info(1, "eng"), _info(2, "zh-TW")), "zh", None, 2),  # BCP 47 tags of newer Matroska files
        ((_info(1, "eng"), _info(2, "ger", True)), "en", 2, 2),
        ((_info(1, "chi", True), _info(2, "yue")), "yue", None, 2),  # Cantonese's own tag first
        ((_info(1, "eng", True), _info(2, "chi")), "yue", None, 2),  # else a plain Chinese track
    ],
)
def test_choose_audio_stream(
    streams: tuple[AudioStreamInfo, ...], language: str | None, requested: int | None, expected: int
) -> None:
    assert choose_audio_stream(streams, language, requested) == expected


def test_language_tags_cover_whisper_and_agree_with_qlocale() -> None:
    """The table has every language Whisper knows, and its ISO 639-2 B and T codes are Qt's."""
    from faster_whisper.tokenizer import _LANGUAGE_CODES
    from PySide6.QtCore import QLocale

    assert set(ISO_639_2) == set(_LANGUAGE_CODES)
    checked = 0
    for code in _LANGUAGE_CODES:
        language = QLocale.codeToLanguage(code, QLocale.LanguageCodeType.ISO639Part1)
        if language == QLocale.Language.AnyLanguage:
            continue  # haw, jw, yue, no, tl: Whisper's own spellings, checked below
        for kind in (QLocale.LanguageCodeType.ISO639Part2B, QLocale.LanguageCodeType.ISO639Part2T):
            assert tag_matches(QLocale.languageToCode(language, kind), code), (code, kind)
        checked += 1
    assert checked >= 90
    for tag, code in [
        ("jav", "jw"),
        ("nob", "no"),
        ("tgl", "tl"),
        ("haw", "haw"),
        ("yue", "yue"),
        ("en-US", "en"),
    ]:
        assert tag_matches(tag, code)
    for tag, code in [("und", "en"), ("", "en"), ("fre", "en"), ("eng", "de"), ("zho", "ja")]:
        assert not tag_matches(tag, code)


def test_an_english_only_model_prefers_the_english_track() -> None:
    """A film with a Japanese and an English track and no default: tiny.en was given the
    Japanese one (the first) and wrote an empty subtitle (user test, 2026-11-30)."""
    from engine.prep import stream_options
    from engine.protocol import JobOptions

    streams = (_info(1, "jpn"), _info(2, "eng"), _info(3, "fre"))
    chosen = stream_options(JobOptions(), "tiny.en")
    assert choose_audio_stream(streams, chosen.language, chosen.audio_stream) == 2
    assert stream_options(JobOptions(), "base") == JobOptions()  # multilingual: the usual rule
    assert stream_options(JobOptions(language="ja"), "tiny.en").language == "ja"  # the user's word
    assert stream_options(JobOptions(audio_stream=3), "tiny.en").language is None
