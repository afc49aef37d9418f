"""generate() refuses a survey size that cannot fit in memory, and says the largest that does."""

from __future__ import annotations

import pytest

from sptools.synth import generate, generator


def test_a_size_that_does_not_fit_is_refused_with_the_largest_that_does(monkeypatch):
    monkeypatch.setattr(generator, "available_memory", lambda: 10_000_000)
    largest = 10_000_000 // generator.PEAK_BYTES_PER_HOUSEHOLD
    with pytest.raises(ValueError, match=rf"n_households=20,000 .* about {largest:,} households"):
        generate(20_000)
    assert len(generate(largest // 10, seed=1)[0]) == largest // 10


def test_an_absurd_size_is_refused_before_any_work():
    with pytest.raises(ValueError, match="n_households=10,000,000,000,000 needs about"):
        generate(10**13)


def test_without_a_memory_figure_the_guard_stands_aside(monkeypatch):
    monkeypatch.setattr(generator, "available_memory", lambda: None)
    assert len(generate(100, seed=1)[0]) == 100
