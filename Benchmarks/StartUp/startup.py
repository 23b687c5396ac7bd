#!/usr/bin/env python3
"""Start-up: how long from launch until vmscope is attached, side by side with bpftrace, and until
the live view's first full frame is on the screen.

    sudo python3 Benchmarks/StartUp/startup.py [--rounds 9] [--vmscope LABEL=PATH ...]

Every round runs each case once, in an order rotated from round to round (so neither tool is
always the one that follows the other), all watching the same `sleep`:

- `vmscope trace -p PID`: until its first line (written once its programs are loaded and
  attached, the pid is in the kernel's filter and the first snapshot is read) arrives on its
  stdout, a pipe.
- bpftrace with a count-only script of two syscall tracepoints filtered by the pid (the storm
  script of Benchmarks/compare) and a BEGIN line: until `Attaching N probes...`, and until its
  BEGIN line, which bpftrace prints once every probe is attached.
- the live view `vmscope -p PID`, and the demo (`vmscope` alone) when --demo is given, in a
  160x48 pseudo-terminal read through a terminal emulator (pyte): until the footer (the last
  row, ` q Quit ...`) is on the screen, the last thing of a frame to be drawn.

Times are from just before the tool is spawned. Each tool is stopped (SIGINT, the live view `q`)
and waited for before the next starts. Several vmscope binaries (or options) can be compared:
--vmscope before=/path/a --vmscope after=/path/b --vmscope 'small ring=/path/b --ring-buffer 4'.
Prints a Markdown table: median (min–max).
"""
import argparse
import os
import pty
import select
import shlex
import signal
import statistics
import struct
import subprocess
import sys
import termios
import fcntl
import time

import pyte

ROWS, COLS = 48, 160
BPFTRACE = ('tracepoint:syscalls:sys_enter_mmap /pid == {pid}/ { @mmap = count(); } '
            'tracepoint:syscalls:sys_enter_munmap /pid == {pid}/ { @munmap = count(); } '
            'BEGIN { printf("attached\\n"); }')


def first_lines(argv, marks, timeout=30.0):
    """Spawns argv and times the first stdout line starting with each of `marks` (ms)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    found = {}
    try:
        deadline = t0 + timeout
        while len(found) < len(marks) and time.perf_counter() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            now = time.perf_counter()
            for mark in marks:
                if mark not in found and line.startswith(mark.encode()):
                    found[mark] = (now - t0) * 1000
    finally:
        stop(proc)
    missing = [m for m in marks if m not in found]
    if missing:
        sys.exit(f"startup: {argv[0]} never wrote {missing[0]!r}")
    return [found[m] for m in marks]


def stop(proc, sig=signal.SIGINT):
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def first_frame(argv, timeout=30.0):
    """Spawns argv on a ROWSxCOLS pseudo-terminal; ms until its bottom row shows the footer."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
                            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
    os.close(slave)
    elapsed = None
    try:
        deadline = t0 + timeout
        while elapsed is None and time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                data = os.read(master, 1 << 16)
            except OSError:
                break
            now = time.perf_counter()
            stream.feed(data)
            if "Quit" in screen.display[ROWS - 1]:
                elapsed = (now - t0) * 1000
        if elapsed is None:
            sys.exit(f"startup: {' '.join(argv)} drew no footer in {timeout} s")
        os.write(master, b"q")
        # Keep reading so the view never blocks on a full terminal while it tears down.
        end = time.perf_counter() + 10
        while proc.poll() is None and time.perf_counter() < end:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
    finally:
        stop(proc, signal.SIGTERM)
        os.close(master)
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--vmscope", action="append", metavar="LABEL=PATH [ARGS]",
                        help="a vmscope binary to time, with options for it (repeatable; default: .build/release/vmscope)")
    parser.add_argument("--demo", action="store_true", help="also time the demo's first frame")
    parser.add_argument("--no-live", action="store_true", help="only the attach times")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("startup: needs root (eBPF)")
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    # LABEL=PATH [ARGS]: the arguments go after the subcommand (e.g. `--ring-buffer 4`).
    binaries = [(label, shlex.split(command)) for label, command in
                (v.split("=", 1) for v in (args.vmscope or [f"vmscope={repo}/.build/release/vmscope"]))]

    sleeper = subprocess.Popen(["sleep", "86400"])
    pid = str(sleeper.pid)
    cases = []
    for label, path in binaries:
        cases.append((f"{label}: `trace -p PID`, first line",
                      lambda path=path: first_lines([path[0], "trace", "-p", pid, *path[1:]], ["#"])))
    cases.append(("bpftrace: `Attaching N probes...` / BEGIN line",
                  lambda: first_lines(["bpftrace", "-e", BPFTRACE.replace("{pid}", pid)],
                                      ["Attaching", "attached"])))
    if not args.no_live:
        for label, path in binaries:
            cases.append((f"{label}: live view `-p PID`, first full frame",
                          lambda path=path: [first_frame([path[0], "-p", pid, *path[1:]])]))
            if args.demo:
                cases.append((f"{label}: demo (`vmscope`), first full frame",
                              lambda path=path: [first_frame(path)]))
    results = {label: [] for label, _ in cases}
    try:
        for r in range(args.rounds):
            shift = r % len(cases)
            for label, run in cases[shift:] + cases[:shift]:
                results[label].append(run())
                time.sleep(0.2)
            print(f"round {r + 1}/{args.rounds}: " + ", ".join(
                " | ".join(f"{v:.0f}" for v in results[label][-1]) for label, _ in cases) + " ms",
                file=sys.stderr, flush=True)
    finally:
        stop(sleeper, signal.SIGTERM)

    print(f"| what ({args.rounds} rounds, interleaved) | ms from launch: median (min–max) |")
    print("| --- | ---: |")
    for label, _ in cases:
        columns = list(zip(*results[label]))
        cells = [f"{statistics.median(c):.0f} ({min(c):.0f}–{max(c):.0f})" for c in columns]
        print(f"| {label} | {' / '.join(cells)} |")


if __name__ == "__main__":
    main()
