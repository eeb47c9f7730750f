"""Exercise checks for notebooks/07_data_pipeline.ipynb."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from audiolevels.exercises._feedback import CheckResult, WrongKind, exercise_check

__all__ = ["check_packed_item"]


def _test_corpus() -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Clips of different lengths and channel counts, packed end to end, with their index."""
    rng = np.random.default_rng(2019)
    clips = [
        rng.integers(-32768, 32768, size=(frames, ch), dtype=np.int16)
        for frames, ch in [(300, 2), (170, 1), (411, 2), (5, 1), (256, 2)]
    ]
    sizes = [c.size for c in clips]
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    index = np.array(
        [[o, c.shape[0], c.shape[1], 16000] for o, c in zip(offsets, clips, strict=True)],
        dtype=np.int64,
    )
    audio = np.concatenate([c.ravel() for c in clips])
    audio.setflags(write=False)  # like a memory map opened read-only
    return clips, audio, index


@exercise_check
def check_packed_item(
    read_item: Callable[[np.ndarray, np.ndarray, int], np.ndarray],
) -> CheckResult:
    """Check a reader of one item from a packed int16 array and its offsets index.

    Parameters
    ----------
    read_item : callable
        ``read_item(audio, index, i)``: ``audio`` is every clip's int16 samples end to end
        (1-D, each clip stored frame by frame, channels interleaved), ``index`` has one row
        ``(offset, frames, channels, sr)`` per clip, offsets counted in values; returns item
        ``i`` as float32 ``(frames, channels)`` in [-1, 1].

    Returns
    -------
    CheckResult
        True if every item of a test corpus comes back exactly. Prints ✓ or ✗ with a hint.
    """
    if read_item is None:
        print("✗ No answer yet: define read_item(audio, index, i) and pass the function.")
        return False
    if not callable(read_item):
        raise WrongKind(
            "pass your function itself (check_packed_item(read_item)), "
            f"got {type(read_item).__name__}"
        )
    clips, audio, index = _test_corpus()
    for i, clip in enumerate(clips):
        want = clip.astype(np.float32) / np.float32(32768.0)
        try:
            got = np.asarray(read_item(audio, index.copy(), i))
        except Exception as exc:  # the learner's code: report, don't crash the notebook
            print(f"✗ read_item(audio, index, {i}) raised {type(exc).__name__}: {exc}")
            return False
        if got.shape != want.shape:
            if got.shape == want.T.shape:
                hint = (
                    "the shape is (channels, frames): the values are interleaved frame by "
                    "frame, so reshape to (frames, channels)"
                )
            elif got.size != want.size:
                hint = "the slice has the wrong length: it holds frames × channels values"
            else:
                hint = "reshape the slice to (frames, channels)"
            print(f"✗ Item {i}: expected shape {want.shape}, got {got.shape}; {hint}.")
            return False
        if got.dtype != np.float32:
            print(f"✗ Item {i}: expected float32 samples, got {got.dtype}.")
            return False
        if np.array_equal(got, want):
            continue
        if np.allclose(got, clip):
            hint = "these are the int16 codes: scale them into [-1, 1] as everywhere here"
        elif np.allclose(got * 32767.0 / 32768.0, want, atol=1e-6):
            hint = "the scale is off by one code: int16 full scale is 32768 here"
        else:
            hint = "these are another clip's samples: check where item i starts in audio"
        print(f"✗ Item {i} does not match: {hint}.")
        return False
    print(
        f"✓ All {len(clips)} items come back exactly, mono and stereo "
        f"({audio.size} packed values, read without copying the whole array)."
    )
    return True
