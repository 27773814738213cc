"""engine.hub_progress: the one tqdm class both model downloads report through."""

from __future__ import annotations

from engine.hub_progress import progress_tqdm


def test_only_the_file_bytes_bar_is_reported_and_the_last_count_is_not_lost() -> None:
    seen: list[tuple[int, int]] = []
    bar_class = progress_tqdm(lambda done, total: seen.append((done, total)))
    network = bar_class(total=10**9, unit="B", desc="Downloading bytes")  # a guessed total
    network.update(5_000)
    files = bar_class(total=3_000, unit="B", desc="model.bin")
    for _ in range(3):
        files.update(1_000)  # three updates within 0.1 s: the throttle keeps the first only
    assert seen == [(1_000, 3_000)]
    bar_class.report_last()
    assert seen[-1] == (3_000, 3_000)
    counting = bar_class(total=2, desc="Fetching 2 files")  # files, not bytes
    counting.update(1)
    assert all(total in (3_000,) for _, total in seen)
