"""Write the corpus's short music piece as a Standard MIDI File, in plain Python bytes.

The piece: 6 bars of 4/4 at 120 BPM (12 s) for piano, bass and drums, in C major
(C – Am – F – G – C – F/G). It starts quiet and sparse and ends loud and busy on purpose: the
wide dynamic range and the drum transients give the unmastered render a high crest factor, so
that peak, RMS and loudness normalization of it visibly disagree. No dependency beyond the
standard library: a format-0 SMF is a 14-byte header and one track of delta-timed events.

Run ``python scripts/compose_midi.py out.mid`` to write it; ``scripts/make_data.py`` imports
:func:`midi_bytes` instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

TICKS_PER_BEAT = 480
BPM = 120
BARS = 6
BEATS_PER_BAR = 4
# Channels (0-based): piano, bass, and the General MIDI drum channel.
PIANO, BASS, DRUMS = 0, 1, 9
# General MIDI programs (0-based): 0 Acoustic Grand Piano, 33 Electric Bass (finger).
PIANO_PROGRAM, BASS_PROGRAM = 0, 33
KICK, SNARE, HAT_CLOSED, HAT_OPEN, CRASH = 36, 38, 42, 46, 49

# One chord per bar as MIDI note numbers (piano voicing) and the bass root.
CHORDS = [
    ([60, 64, 67], 36),  # C
    ([57, 60, 64], 33),  # Am
    ([53, 57, 60, 65], 29),  # F
    ([55, 59, 62, 67], 31),  # G
    ([60, 64, 67, 72], 36),  # C
    ([53, 57, 60, 65], 29),  # F  (beats 1-2) then G (beats 3-4), see below
]
# Velocity per bar: a crescendo from pianissimo to fortissimo.
BAR_VELOCITY = [40, 52, 66, 82, 100, 118]


def _varlen(value: int) -> bytes:
    """Encode a non-negative integer as a MIDI variable-length quantity."""
    if value < 0:
        raise ValueError(f"variable-length quantity must be >= 0, got {value}")
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def _note(events: list, start: int, dur: int, ch: int, key: int, vel: int) -> None:
    """Append a note-on / note-off pair (absolute ticks) to ``events``."""
    vel = max(1, min(127, vel))
    events.append((start, 1, bytes([0x90 | ch, key, vel])))
    # Sort key 0 puts a note-off before a note-on at the same tick.
    events.append((start + dur, 0, bytes([0x80 | ch, key, 0])))


def compose() -> list[tuple[int, int, bytes]]:
    """The piece as a list of (absolute tick, order, MIDI message bytes), unsorted."""
    beat = TICKS_PER_BEAT
    bar = beat * BEATS_PER_BAR
    ev: list[tuple[int, int, bytes]] = []
    ev.append((0, -1, bytes([0xC0 | PIANO, PIANO_PROGRAM])))
    ev.append((0, -1, bytes([0xC0 | BASS, BASS_PROGRAM])))
    for b, ((chord, root), v) in enumerate(zip(CHORDS, BAR_VELOCITY, strict=True)):
        t0 = b * bar
        # Piano: a held chord in the quiet bars, repeated eighth-note stabs in the loud ones.
        if b == 5:
            halves = [(chord, t0), ([55, 59, 62, 67], t0 + 2 * beat)]  # F then G
        else:
            halves = [(chord, t0), (chord, t0 + 2 * beat)]
        for notes, th in halves:
            if b < 2:
                for k in notes:
                    _note(ev, th, 2 * beat - 20, PIANO, k, v)
            else:
                for i in range(4):
                    accent = 12 if i == 0 else 0
                    for k in notes:
                        _note(ev, th + i * beat // 2, beat // 2 - 30, PIANO, k, v + accent - 8)
        # Bass: whole notes first, then a root-fifth-octave walk on quarter notes.
        roots = [root, root] if b < 5 else [29, 31]
        if b < 2:
            _note(ev, t0, bar - 20, BASS, root, v + 10)
        else:
            for i in range(4):
                r = roots[i // 2]
                key = [r, r + 7, r + 12, r + 7][i]
                _note(ev, t0 + i * beat, beat - 40, BASS, key, v + 10)
        # Drums: none in bar 1, hats from bar 2, full kit from bar 3, crash on bars 5 and 6.
        if b >= 1:
            for i in range(8):
                hat = HAT_OPEN if (b == 5 and i == 7) else HAT_CLOSED
                _note(
                    ev, t0 + i * beat // 2, beat // 4, DRUMS, hat, v - 10 + (8 if i % 2 == 0 else 0)
                )
        if b >= 2:
            for i in (0, 2):
                _note(ev, t0 + i * beat, beat // 2, DRUMS, KICK, v + 9)
            _note(ev, t0 + 2 * beat + beat // 2, beat // 2, DRUMS, KICK, v)
            for i in (1, 3):
                _note(ev, t0 + i * beat, beat // 2, DRUMS, SNARE, v + 9)
        if b >= 4:
            _note(ev, t0, beat * 2, DRUMS, CRASH, v + 9)
    return ev


def midi_bytes() -> bytes:
    """The piece as the bytes of a format-0 Standard MIDI File.

    Returns
    -------
    bytes
        Header chunk (format 0, one track, 480 ticks per quarter note), then one track with a
        tempo event, program changes, the notes, a final silent bar (so that a renderer keeps
        the instruments' release and reverb tails) and end-of-track.
    """
    ev = compose()
    end = BARS * BEATS_PER_BAR * TICKS_PER_BEAT + 2 * TICKS_PER_BEAT
    ev.sort(key=lambda e: (e[0], e[1], e[2]))
    us_per_beat = 60_000_000 // BPM
    track = bytearray()
    track += _varlen(0) + bytes([0xFF, 0x51, 0x03]) + us_per_beat.to_bytes(3, "big")
    track += _varlen(0) + bytes([0xFF, 0x58, 0x04, 4, 2, 24, 8])  # 4/4
    now = 0
    for tick, _order, msg in ev:
        track += _varlen(tick - now) + msg
        now = tick
    track += _varlen(end - now) + bytes([0xFF, 0x2F, 0x00])
    header = b"MThd" + (6).to_bytes(4, "big") + (0).to_bytes(2, "big") + (1).to_bytes(2, "big")
    header += TICKS_PER_BEAT.to_bytes(2, "big")
    return header + b"MTrk" + len(track).to_bytes(4, "big") + bytes(track)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python scripts/compose_midi.py OUT.mid", file=sys.stderr)
        return 2
    Path(argv[1]).write_bytes(midi_bytes())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
