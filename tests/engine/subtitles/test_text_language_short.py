"""User test 6, fault 3: ``--preset auto`` read plain English as Portuguese or Spanish (the
Portuguese word list held "a", "as", "o", the English one no "a"). Short texts are told by
words weighed by how many languages share them, and an unclear text says so and falls back
to English, naming the fallback and ``--preset``."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.convert_fix import fix_rules
from engine.subtitles.document import Document
from engine.subtitles.io import read
from engine.subtitles.markup import plain_text
from engine.subtitles.text_language import text_language
from tests.conftest import TESTDATA
from tests.engine.cli.convert_helpers import CASES


def _file_language(path: Path) -> str | None:
    return text_language(plain_text(cue.text) for cue in read(path).cues)


@pytest.mark.parametrize(
    "path",
    [CASES / "past_10_hours.srt", TESTDATA / "timed" / "ami_ES2011a_40-46s.srt"],
    ids=["past_10_hours", "ami"],
)
def test_the_english_files_of_the_user_test_are_english(path: Path) -> None:
    # Both are English (cases/README.md, testdata/MANIFEST.md): they were read as pt and es.
    assert _file_language(path) == "en"


def test_tiny_en_output_with_a_repeated_line_is_english() -> None:
    lines = ["in being comparatively modern,"] + ["as never been surpassed,"] * 8 + ["than in the same"]
    assert text_language(lines) == "en"


SHORT = {
    "en": ["Come on, let's go.", "I told you so.", "Where is he now?"],
    "es": ["Vamos, ya es tarde.", "Te lo dije.", "¿Dónde está ahora?"],
    "pt": ["Vamos, já é tarde.", "Eu te disse.", "Onde ele está agora?"],
    "fr": ["Allez, on y va.", "Je te l'avais dit.", "Où est-il maintenant ?"],
    "it": ["Andiamo, è tardi.", "Te l'avevo detto.", "Dov'è adesso?"],
    "de": ["Komm, wir gehen.", "Ich habe es dir gesagt.", "Wo ist er jetzt?"],
}
LONGER = {
    "en": ["A man and a dog.", "It was a long day.", "She has a car.", "We had a good time at the beach."],
    "es": [
        "Un hombre y un perro.",
        "Fue un día largo.",
        "Ella tiene un coche.",
        "Lo pasamos bien en la playa.",
    ],
    "pt": ["Um homem e um cão.", "Foi um dia longo.", "Ela tem um carro.", "A gente se divertiu na praia."],
    "fr": [
        "Un homme et un chien.",
        "Ce fut une longue journée.",
        "Elle a une voiture.",
        "On s'est bien amusés.",
    ],
    "it": [
        "Un uomo e un cane.",
        "È stata una lunga giornata.",
        "Lei ha una macchina.",
        "Ci siamo divertiti.",
    ],
    "de": ["Ein Mann und ein Hund.", "Es war ein langer Tag.", "Sie hat ein Auto.", "Wir hatten viel Spaß."],
}


@pytest.mark.parametrize(("language", "lines"), [*SHORT.items(), *LONGER.items()])
def test_three_or_four_lines_tell_their_language(language: str, lines: list[str]) -> None:
    assert text_language(lines) == language


@pytest.mark.parametrize("lines", [["OK.", "Taxi!", "Bravo."], ["Hmm.", "Stop."]])
def test_text_that_tells_no_language_is_unclear(lines: list[str]) -> None:
    assert text_language(lines) is None


def test_an_unclear_text_says_so_and_names_the_fallback_preset() -> None:
    from engine.subtitles.cue import Cue

    doc = Document([Cue(1, 0, 1000, "OK."), Cue(2, 2000, 3000, "Taxi!")])
    rules, said = fix_rules(doc, "auto")
    assert rules.preset_id == "netflix-en"
    assert said.startswith("language unclear from the text; preset Netflix English")
    assert said.endswith("pass --preset to choose")
