"""The ``mutagen-rs`` command: a library's metadata into a file (``scan``), or what ``File()``
reads from some files printed as ``mutagen-inspect`` prints it (``show``).

Exit codes (also in ``--help``): 0 every file was read; 1 done, but some files could not be read
(their rows carry ``error``, or were left out with ``--errors skip``; for ``show``, some files
raised); 2 a usage error (an unknown option, column or output format, an input path that does
not exist); 3 the output could not be written (or pyarrow is missing); 130 interrupted by Ctrl-C
and 143 by SIGTERM, in which case no output file is left behind.
"""

from __future__ import annotations

import argparse
import errno
import json
import math
import os
import secrets
import signal
import sys
import threading
import time
from collections import Counter
from typing import Any, Dict, Iterable, List, Optional, Sequence, TextIO

EXIT_OK = 0
EXIT_FILE_ERRORS = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

#: Output formats by file name extension.
FORMATS = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".arrow": "arrow",
    ".feather": "arrow",
    ".ipc": "arrow",
}

#: How many error rows ``--errors report`` lists one by one before it only counts them.
LISTED_ERRORS = 20

#: Rows per record batch of the command's scan: small enough for a lively progress bar.
_BATCH_SIZE = 512

#: Seconds between two plain progress lines when standard error is not a terminal.
_PLAIN_EVERY = 5.0

EPILOG = """\
examples:
  mutagen-rs scan ~/Music -o library.parquet
  mutagen-rs scan /mnt/a /mnt/b --threads 8 -o library.csv --columns path,artist,album,title,length
  find /srv/audio -name '*.flac' | mutagen-rs scan --files-from - -o flac.jsonl --errors skip
  mutagen-rs show song.mp3 cover.m4a
  duckdb -c "SELECT artist, count(*) FROM 'library.parquet' GROUP BY 1 ORDER BY 2 DESC"

output formats (from the extension of -o, or --format): .parquet/.pq, .csv, .jsonl/.ndjson,
.arrow/.feather/.ipc (Arrow IPC file). The columns are mutagen_rs.SCAN_COLUMNS (python/SCHEMA.md);
in CSV the nested columns (tags, pictures) are JSON text; in JSON lines NaN and infinities are null.
Rows come in the order their batches complete; sort by path for a stable order. The output is
written to a temporary file beside it and renamed at the end: an interrupted run leaves none.

exit codes:
  0    every file was read (a file of a format mutagen does not know is a row with kind null)
  1    done, but some files could not be read (error rows; left out with --errors skip);
       for show: some files raised an error
  2    usage error: unknown option, column or output format, or an input path that does not exist
  3    the output could not be written (or pyarrow is not installed)
  130  interrupted (Ctrl-C); 143 terminated (SIGTERM): no output file is left
"""


class _Terminated(BaseException):
    """Raised in the main thread by the SIGTERM handler."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated()


def _parser() -> argparse.ArgumentParser:
    from . import version_string

    try:
        from importlib.metadata import version as _dist_version

        version = f"{_dist_version('mutagen-rs')} (reads as mutagen {version_string})"
    except Exception:  # noqa: BLE001 - not installed as a distribution
        version = f"(reads as mutagen {version_string})"
    p = argparse.ArgumentParser(
        prog="mutagen-rs",
        description="Read audio metadata with mutagen-rs: index a library into a Parquet, CSV, "
        "JSON lines or Arrow file, or print what mutagen reads from files.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {version}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    s = sub.add_parser(
        "scan",
        help="read every audio file under the paths into one output file",
        description="Read every audio file under PATH... (directories walked for the extensions "
        "mutagen knows, in parallel, in Rust) into one Parquet, CSV, JSON lines or Arrow file.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("paths", nargs="*", metavar="PATH", help="files, directories or glob patterns")
    s.add_argument("-o", "--output", required=True, help="the output file (its extension picks the format)")
    s.add_argument("--format", choices=sorted(set(FORMATS.values())), help="the output format, whatever -o's extension")
    s.add_argument("--files-from", metavar="LIST", help="also read the paths listed in LIST, one a line ('-': standard input)")
    s.add_argument("--threads", type=int, default=None, metavar="N", help="reading threads (default: every core)")
    s.add_argument("--columns", metavar="COL,...", help="the columns to write, comma-separated (default: all)")
    s.add_argument("--follow-symlinks", action="store_true", help="walk into symbolic links to directories")
    s.add_argument(
        "--errors",
        choices=("report", "skip"),
        default="report",
        help="report: keep a row with error and error_message for a file that cannot be read, and list "
        "such files at the end (default); skip: leave them out of the output",
    )
    s.add_argument("-q", "--quiet", action="store_true", help="no progress and no error summary")

    sh = sub.add_parser(
        "show",
        help="print what File() reads from each file, as mutagen-inspect does",
        description="Print what mutagen_rs.File() reads from each FILE (stream information and "
        "tags), in mutagen-inspect's layout.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sh.add_argument("files", nargs="+", metavar="FILE")
    return p


class _Progress:
    """Files done and files per second on standard error: one line redrawn on a terminal, a
    plain line every few seconds otherwise."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled
        self.tty = enabled and stream.isatty()
        self.start = time.monotonic()
        self.last = self.start
        self.done = 0
        self.errors = 0

    def _rate(self, now: float) -> float:
        elapsed = now - self.start
        return self.done / elapsed if elapsed > 0 else 0.0

    def update(self, rows: int, errors: int) -> None:
        self.done += rows
        self.errors += errors
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty:
            if now - self.last < 0.1 and self.done < self.total:
                return
            self.last = now
            frac = self.done / self.total if self.total else 1.0
            width = 30
            filled = int(frac * width)
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(
                f"\r[{bar}] {self.done}/{self.total} files {frac:4.0%}  {self._rate(now):,.0f} files/s"
                f"  {self.errors} errors"
            )
            self.stream.flush()
        elif now - self.last >= _PLAIN_EVERY:
            self.last = now
            self.stream.write(f"scanned {self.done}/{self.total} files ({self._rate(now):.0f} files/s)\n")
            self.stream.flush()

    def finish(self) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty:
            self.stream.write("\n")
        self.stream.write(
            f"scanned {self.done} files in {now - self.start:.2f} s ({self._rate(now):.0f} files/s), "
            f"{self.errors} errors\n"
        )
        self.stream.flush()


def _json_value(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    return v


class _Writer:
    """Record batches into a file of one format."""

    def __init__(self, fmt: str, path: str, schema: Any) -> None:
        import pyarrow as pa

        self.fmt = fmt
        self.pa = pa
        self.nested = [
            f.name for f in schema if pa.types.is_nested(f.type) or pa.types.is_binary(f.type)
        ]
        self.fh: Any = None
        if fmt == "parquet":
            import pyarrow.parquet as pq

            self.w: Any = pq.ParquetWriter(path, schema)
        elif fmt == "arrow":
            self.w = pa.ipc.new_file(path, schema)
        elif fmt == "csv":
            import pyarrow.csv as pcsv

            fields = [pa.field(f.name, pa.string()) if f.name in self.nested else f for f in schema]
            self.csv_schema = pa.schema(fields, metadata=schema.metadata)
            self.w = pcsv.CSVWriter(path, self.csv_schema)
        else:
            self.w = None
            self.fh = open(path, "w", encoding="utf-8", newline="\n")

    def write(self, batch: Any) -> None:
        pa = self.pa
        if self.fmt in ("parquet", "arrow"):
            self.w.write_batch(batch)
        elif self.fmt == "csv":
            cols = []
            for f in batch.schema:
                col = batch.column(f.name)
                if f.name in self.nested:
                    col = pa.array(
                        [None if v is None else json.dumps(_json_value(v), ensure_ascii=False) for v in col.to_pylist()],
                        pa.string(),
                    )
                cols.append(col)
            self.w.write_batch(pa.RecordBatch.from_arrays(cols, schema=self.csv_schema))
        else:
            for row in batch.to_pylist():
                self.fh.write(json.dumps(_json_value(row), ensure_ascii=False))
                self.fh.write("\n")

    def close(self) -> None:
        if self.w is not None:
            self.w.close()
        if self.fh is not None:
            self.fh.close()


def _read_list(name: str) -> List[str]:
    fh = sys.stdin if name == "-" else open(name, encoding="utf-8", errors="surrogateescape")
    try:
        return [line.rstrip("\r\n") for line in fh if line.strip()]
    finally:
        if fh is not sys.stdin:
            fh.close()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _err(msg: str) -> None:
    sys.stderr.write(f"mutagen-rs: {msg}\n")
    sys.stderr.flush()


def _scan(args: argparse.Namespace) -> int:
    from ._dist import list_paths
    from ._scan import SCAN_COLUMNS, scan

    fmt = args.format or FORMATS.get(os.path.splitext(args.output)[1].lower())
    if fmt is None:
        _err(f"cannot tell the output format of {args.output!r}: use one of "
             f"{', '.join(sorted(FORMATS))} or --format")  # fmt: skip
        return EXIT_USAGE
    columns: Sequence[str] = SCAN_COLUMNS
    if args.columns:
        columns = list(dict.fromkeys(c.strip() for c in args.columns.split(",") if c.strip()))
        unknown = [c for c in columns if c not in SCAN_COLUMNS]
        if unknown or not columns:
            _err(f"unknown column {unknown[0]!r}" if unknown else "--columns names no column")
            _err(f"the columns are: {', '.join(SCAN_COLUMNS)}")
            return EXIT_USAGE
    if args.threads is not None and args.threads < 0:
        _err("--threads must be 0 (every core) or more")
        return EXIT_USAGE
    inputs = list(args.paths)
    if args.files_from:
        try:
            inputs += _read_list(args.files_from)
        except OSError as e:
            _err(f"cannot read {args.files_from}: {e.strerror or e}")
            return EXIT_USAGE
    elif not inputs:
        _err("no path to scan (give PATH... or --files-from)")
        return EXIT_USAGE
    for p in args.paths:
        if not any(m in p for m in "*?[") and not os.path.lexists(p):
            _err(f"no such file or directory: {p}")
            return EXIT_USAGE
    try:
        import pyarrow as pa
    except ImportError:
        _err("writing a scan needs pyarrow: pip install pyarrow (or mutagen-rs[cli])")
        return EXIT_OUTPUT

    files = list_paths(inputs, follow_symlinks=args.follow_symlinks)
    # The scan reads what the output needs plus what the summary needs.
    extra = [c for c in ("path", "error", "error_message") if c not in columns]
    read_cols = list(columns) + extra
    out_dir = os.path.dirname(os.path.abspath(args.output))
    stream = scan(files, columns=read_cols, threads=args.threads, batch_size=_BATCH_SIZE)
    progress = _Progress(len(files), sys.stderr, not args.quiet)
    by_class: Counter = Counter()
    listed: List[str] = []
    writer: Optional[_Writer] = None
    tmp: Optional[str] = None
    done = False
    try:
        try:
            # The name is held before the file exists, so an interrupt at any point of the
            # creation still finds the file in ``finally``.
            for tmp in _partial_names(out_dir, os.path.basename(args.output)):
                try:
                    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                    break
                except FileExistsError:
                    tmp = None
            else:
                raise FileExistsError(errno.EEXIST, "no free temporary name")
            assert tmp is not None
        except OSError as e:
            _err(f"cannot write in {out_dir}: {e.strerror or e}")
            return EXIT_OUTPUT
        reader = pa.RecordBatchReader.from_stream(stream)
        out_schema = pa.schema([reader.schema.field(c) for c in columns], metadata=reader.schema.metadata)
        writer = _Writer(fmt, tmp, out_schema)
        for batch in reader:
            err = batch.column("error")
            n_err = batch.num_rows - err.null_count
            if n_err:
                import pyarrow.compute as pc

                bad = batch.filter(pc.is_valid(err))
                for path, cls, msg in zip(
                    bad.column("path").to_pylist(), bad.column("error").to_pylist(), bad.column("error_message").to_pylist()
                ):
                    by_class[cls] += 1
                    if len(listed) < LISTED_ERRORS:
                        listed.append(f"{path}: {cls}: {msg}")
                if args.errors == "skip":
                    batch = batch.filter(pc.is_null(err))
            out = pa.RecordBatch.from_arrays([batch.column(c) for c in columns], schema=out_schema)
            writer.write(out)
            progress.update(batch.num_rows if args.errors == "report" else batch.num_rows + n_err, n_err)
        writer.close()
        writer = None
        os.chmod(tmp, 0o666 & ~_umask())
        _commit(tmp, args.output)
        done = True
    except OSError as e:
        _err(f"cannot write {args.output}: {e.strerror or e}")
        return EXIT_OUTPUT
    finally:
        stream.close()
        if writer is not None:
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - the partial file is removed just below
                pass
        if not done and tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    progress.finish()
    total = sum(by_class.values())
    if total and not args.quiet:
        what = "left out" if args.errors == "skip" else "written as error rows"
        sys.stderr.write(f"{total} files could not be read ({what}):\n")
        for cls, n in sorted(by_class.items(), key=lambda kv: (-kv[1], kv[0])):
            sys.stderr.write(f"  {n:>8}  {cls}\n")
        if args.errors == "report":
            for line in listed:
                sys.stderr.write(f"  {line}\n")
            if total > len(listed):
                sys.stderr.write(f"  ... and {total - len(listed)} more (the error column has them all)\n")
    if not args.quiet:
        sys.stderr.write(f"wrote {args.output} ({fmt})\n")
    return EXIT_FILE_ERRORS if total else EXIT_OK


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _commit(tmp: str, output: str) -> None:
    """Rename the finished output ``tmp`` to ``output``. Exit codes 130 and 143 promise that no
    output is left, so a Ctrl-C or SIGTERM that lands during the rename is held, and one that
    lands after it is ignored until ``main`` restores the handlers: once the output is in place,
    the run ends as done. If the rename fails, a held signal is raised as it would have been."""
    if threading.current_thread() is not threading.main_thread():
        os.replace(tmp, output)
        return
    held: List[int] = []
    # Python runs signal handlers in the main thread between bytecodes, so ``held`` sees every
    # signal whose handler would otherwise have raised during the rename. ``signal.signal``
    # runs the handlers of signals already pending first, with the file still at ``tmp``. A
    # handler installed from outside Python (``getsignal`` gives None) could not be put back,
    # so its signal is left alone.
    stops = [sig for sig in _STOP_SIGNALS if signal.getsignal(sig) is not None]
    previous: Dict[int, Any] = {
        sig: signal.signal(sig, lambda signum, frame: held.append(signum)) for sig in stops
    }
    try:
        os.replace(tmp, output)
    except BaseException:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for signum in held[:1]:
            handler = previous[signum]
            if callable(handler):
                handler(signum, None)
        raise
    for sig in stops:
        signal.signal(sig, signal.SIG_IGN)


def _partial_names(out_dir: str, base: str) -> Iterable[str]:
    """Names for the temporary output beside ``base`` in ``out_dir``: hidden, random, ``.part``."""
    for _ in range(100):
        yield os.path.join(out_dir, f".{base}.{secrets.token_hex(6)}.part")


def _show(args: argparse.Namespace) -> int:
    from . import File

    failed = 0
    for filename in args.files:
        print("--", filename)
        try:
            f = File(filename)
            if f is None:
                print("- Unknown file type")
            else:
                print("-", f.pprint())
        except Exception as err:  # noqa: BLE001 - printed, as mutagen-inspect prints it
            failed += 1
            print(str(err))
        print("")
    return EXIT_FILE_ERRORS if failed else EXIT_OK


def main(argv: Optional[Iterable[str]] = None) -> int:
    """Run the command with ``argv`` (``sys.argv[1:]`` when ``None``); returns the exit code."""
    for s in (sys.stdout, sys.stderr):
        reconfigure = getattr(s, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    args = _parser().parse_args(None if argv is None else list(argv))
    previous: Dict[int, Any] = {}
    try:
        previous[signal.SIGINT] = signal.getsignal(signal.SIGINT)
        previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: SIGTERM keeps its handler
        previous.clear()
    try:
        return _scan(args) if args.command == "scan" else _show(args)
    except KeyboardInterrupt:
        _err("interrupted: no output written")
        return EXIT_INTERRUPTED
    except _Terminated:
        _err("terminated: no output written")
        return EXIT_TERMINATED
    except BrokenPipeError:
        # The reader of standard output went away (``mutagen-rs show ... | head``).
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    finally:
        for sig, handler in previous.items():
            if handler is not None:  # None: a handler not installed from Python, left as it is
                signal.signal(sig, handler)


def entry_point() -> None:
    """The console script ``mutagen-rs``."""
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
