"""The ``audiolevels`` command: audit a folder of audio, or write a normalized copy of it.

    audiolevels audit FOLDER [--csv out.csv] [--workers N] [--scheduler ADDRESS] [--strict]
    audiolevels normalize SRC DST --method loudness --target -23 [--true-peak -1]

Exit status: 0 success; 1 files flagged or skipped (with ``--strict``), or something could not
be written; 2 bad usage (argparse's convention), including a missing folder or a destination
that would be overwritten. The progress bar goes to stderr, the summary to stdout.

Taught in notebooks/08_dataset_audit.ipynb.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from audiolevels.audit import FLAGS, MANIFEST_NAME, audit_folder, normalize_folder

__all__ = ["main"]

_DEFAULT_TARGETS = {"loudness": -23.0, "peak": -1.0, "rms": -20.0}


def _positive_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer ≥ 1, got {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be an integer ≥ 1, got {v}")
    return v


def _finite_float(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number in dB, got {text!r}") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"must be a finite number in dB, got {text!r}")
    return v


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="audiolevels",
        description="Audit the levels of a folder of audio files, or normalize a copy of it.",
        epilog="Exit status: 0 success, 1 flagged/skipped files (with --strict) or a write "
        "failure, 2 bad usage.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="{audit,normalize}")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--workers",
            type=_positive_int,
            default=None,
            metavar="N",
            help="processes to use (default: all cores)",
        )
        sp.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            default=None,
            help="run on a Dask cluster: distributed.Client(ADDRESS), e.g. "
            "tcp://10.0.0.1:8786 (workers must see the same paths)",
        )
        sp.add_argument(
            "--strict",
            action="store_true",
            help="exit with status 1 when any file is flagged or skipped",
        )
        sp.add_argument("--no-progress", action="store_true", help="no progress bar")

    a = sub.add_parser(
        "audit",
        help="measure every audio file in a folder and flag problems",
        description="Measure every audio file in FOLDER (recursively): peak, true peak, RMS, "
        "loudness (BS.1770), LRA, DC offset, clipping, silence; flag what is broken. Flags: "
        + "; ".join(f"{k}: {v}" for k, v in FLAGS.items()),
    )
    a.add_argument("folder", help="the folder to audit")
    a.add_argument("--csv", metavar="OUT.csv", default=None, help="write the table as CSV")
    a.add_argument("--overwrite", action="store_true", help="replace an existing --csv file")
    a.add_argument("--no-recursive", action="store_true", help="skip sub-folders")
    common(a)

    n = sub.add_parser(
        "normalize",
        help="write a normalized copy of a folder into another folder",
        description="Write every readable audio file of SRC into DST (same relative path, "
        f"format and subtype), with one gain per file; a manifest goes to DST/{MANIFEST_NAME}. "
        "SRC is never modified.",
    )
    n.add_argument("src", help="source folder (only read)")
    n.add_argument("dst", help="destination folder (created; not inside SRC)")
    n.add_argument(
        "--method",
        choices=sorted(_DEFAULT_TARGETS),
        default="loudness",
        help="what --target sets (default: loudness)",
    )
    n.add_argument(
        "--target",
        type=_finite_float,
        default=None,
        help="level after: LUFS for loudness (default -23), dBFS for peak "
        "(default -1) and rms (default -20)",
    )
    n.add_argument(
        "--true-peak",
        type=_finite_float,
        default=-1.0,
        metavar="DBTP",
        help="true-peak ceiling in dBTP; the gain is lowered to respect it (default -1)",
    )
    n.add_argument("--no-true-peak", action="store_true", help="no true-peak ceiling")
    n.add_argument("--overwrite", action="store_true", help="replace files already in DST")
    common(n)
    return p


@contextmanager
def _executor(address: str | None):
    if address is None:
        yield None
        return
    from distributed import Client

    client = Client(address)
    try:
        yield client.get_executor()
    finally:
        client.close()


def _fmt(v: float) -> str:
    if isinstance(v, float) and math.isnan(v):
        return "—"
    return f"{v:.1f}"


def _print_audit(df: pd.DataFrame, folder: str) -> None:
    read = df[df["error"] == ""]
    flagged = df[df["flags"] != ""]
    print(
        f"audited {len(df)} files in {folder}: {len(read)} read, "
        f"{len(df) - len(read)} could not be read, {len(flagged)} flagged"
    )
    if len(read):
        rows = []
        for col, label in (
            ("duration_s", "duration (s)"),
            ("sample_peak_dbfs", "peak (dBFS)"),
            ("true_peak_dbtp", "true peak (dBTP)"),
            ("rms_dbfs", "RMS (dBFS)"),
            ("integrated_lufs", "loudness (LUFS)"),
            ("lra_lu", "LRA (LU)"),
        ):
            v = read[col].replace(-math.inf, math.nan)
            rows.append((label, _fmt(v.min()), _fmt(v.median()), _fmt(v.max())))
        w = max(len(r[0]) for r in rows)
        print(f"\n{'':{w}}  {'min':>7} {'median':>7} {'max':>7}")
        for label, lo, med, hi in rows:
            print(f"{label:{w}}  {lo:>7} {med:>7} {hi:>7}")
        sr = ", ".join(f"{k} Hz × {c}" for k, c in read["sr"].value_counts().items())
        ch = ", ".join(f"{k} ch × {c}" for k, c in read["channels"].value_counts().items())
        print(f"\nsample rates: {sr}\nchannels: {ch}")
    if len(flagged):
        counts: dict[str, int] = {}
        for fl in flagged["flags"]:
            for name in fl.split(","):
                counts[name] = counts.get(name, 0) + 1
        print("\nflags: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        print("\nflagged files:")
        w = max(len(p) for p in flagged["path"])
        for r in flagged.itertuples():
            for i, reason in enumerate(r.reasons.split("; ")):
                print(f"  {r.path if i == 0 else '':{w}}  {reason}")


def _audit(args: argparse.Namespace) -> int:
    csv = Path(args.csv) if args.csv else None
    if csv is not None and csv.exists() and not args.overwrite:
        print(
            f"audiolevels audit: error: {csv} exists (pass --overwrite to replace it)",
            file=sys.stderr,
        )
        return 2
    try:
        with _executor(args.scheduler) as ex:
            df = audit_folder(
                args.folder,
                recursive=not args.no_recursive,
                workers=args.workers,
                executor=ex,
                progress=not args.no_progress,
            )
    except (OSError, ValueError, TypeError) as exc:
        print(f"audiolevels audit: error: {exc}", file=sys.stderr)
        return 2
    _print_audit(df, args.folder)
    status = 1 if args.strict and (df["flags"] != "").any() else 0
    if csv is not None:
        tmp = csv.with_name(f".{csv.name}.{os.getpid()}.part")
        try:
            df.to_csv(tmp, index=False)
            os.replace(tmp, csv)
            print(f"\ntable written to {csv}")
        except OSError as exc:
            print(f"audiolevels audit: error: cannot write {csv}: {exc}", file=sys.stderr)
            tmp.unlink(missing_ok=True)
            status = 1
    return status


def _normalize(args: argparse.Namespace) -> int:
    target = args.target if args.target is not None else _DEFAULT_TARGETS[args.method]
    ceiling = None if args.no_true_peak else args.true_peak
    try:
        with _executor(args.scheduler) as ex:
            m = normalize_folder(
                args.src,
                args.dst,
                method=args.method,
                target=target,
                true_peak_max_dbtp=ceiling,
                overwrite=args.overwrite,
                workers=args.workers,
                executor=ex,
                progress=not args.no_progress,
            )
    except (OSError, ValueError, TypeError) as exc:
        print(f"audiolevels normalize: error: {exc}", file=sys.stderr)
        return 2
    unit = "LUFS" if args.method == "loudness" else "dBFS"
    written = m[m["status"] == "written"]
    print(
        f"normalized {args.src} → {args.dst} ({args.method}, target {target:g} {unit}"
        + (f", true peak ≤ {ceiling:g} dBTP)" if ceiling is not None else ")")
    )
    print(
        f"{len(written)} written, {(m['status'] == 'skipped').sum()} skipped, "
        f"{(m['status'] == 'failed').sum()} failed; "
        f"{int(m['lowered_for_true_peak'].sum())} lowered for the true-peak ceiling"
    )
    if len(written):
        g = written["gain_db"]
        print(f"gain (dB): min {g.min():+.1f}, median {g.median():+.1f}, max {g.max():+.1f}")
    other = m[m["status"] != "written"]
    if len(other):
        w = max(len(f) for f in other["file"])
        print("\nnot written:")
        for r in other.itertuples():
            print(f"  {r.file:{w}}  {r.status}: {r.reason}")
    print(f"\nmanifest: {Path(args.dst) / MANIFEST_NAME}")
    if (m["status"] == "failed").any():
        return 1
    return 1 if args.strict and (m["status"] == "skipped").any() else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``audiolevels`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 success, 1 flagged or skipped files with ``--strict`` or a write
        failure, 2 bad usage.

    Raises
    ------
    TypeError
        If ``argv`` is a single string or not a sequence of strings (a programming error, not
        a usage error: ``main("audit x")`` would otherwise be read letter by letter).
    """
    if argv is not None and (
        isinstance(argv, str | bytes)
        or not isinstance(argv, Sequence)
        or not all(isinstance(a, str) for a in argv)
    ):
        raise TypeError(f"argv must be a list of str such as ['audit', 'data/'], got {argv!r}")
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) and usage errors (2)
        return int(exc.code) if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    try:
        return _audit(args) if args.command == "audit" else _normalize(args)
    except BrokenPipeError:  # `audiolevels audit … | head`: the reader left; stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
