#!/usr/bin/env python3
"""vmscope side by side with the public tools (bpftrace, cat /proc/PID/maps, pmap), on this machine.

Six figures, each measured in rounds that interleave the variants (untraced, bpftrace, vmscope ...,
then again), reported as medians with their range and as ratios within the run:

  1  mmap storm: PAIRS x (mmap 64 KiB anonymous rw, write one byte, munmap), ns per pair, and the
     records each vmscope variant delivered against the pairs made
  2  what each eBPF program costs in the kernel (bpf_stats: run_time_ns / run_cnt) during a watched
     storm, an unwatched storm and a page-fault storm
  3  page-fault storm: 1 GiB touched page by page (MADV_NOHUGEPAGE), ns per fault
  4  a process with 60 000 mappings: CPU of vmscope watching it idle; `vmscope layout` against
     `cat /proc/PID/maps` and `pmap -x` (time and peak RSS)
  5  start-up: launch to attached, and the live view's first full frame
  6  keys: `tmux send-keys j` to the selection moving on screen, under a storm and on 60 000 mappings

It uses only public tools and its own C workloads (workloads/*.c, built here with gcc); vmscope is
only run, as a user would. It needs root. Everything it starts (workloads, tracers, the tmux server
on its own socket) is stopped at the end, also on failure or Ctrl-C, and kernel.bpf_stats_enabled is
set back to 0. Results: a markdown file (--out) and the same tables on stdout.

    sudo Benchmarks/compare/compare.py [--quick] [--only 1,3] [--out FILE]
"""

import argparse
import atexit
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# The count-only bpftrace scripts. Two keyless counters are what bpftrace offers that is closest to
# "count and nothing else" (no string key to hash, one probe per system call instead of the raw
# sys_enter every call hits); `cpid` is the command bpftrace starts with -c.
BPFTRACE_STORM = ("tracepoint:syscalls:sys_enter_mmap /pid == {pid}/ { @mmap = count(); } "
                  "tracepoint:syscalls:sys_enter_munmap /pid == {pid}/ { @munmap = count(); }")
BPFTRACE_FAULTS = "tracepoint:exceptions:page_fault_user /pid == {pid}/ { @faults = count(); }"
# For start-up: the storm script plus a BEGIN line, which bpftrace runs once every probe is attached.
BPFTRACE_BEGIN = ' BEGIN { printf("attached\\n"); }'


def bt(script, pid):
    """A bpftrace script for one pid (a number, or `cpid`)."""
    return script.replace("{pid}", str(pid))

TMUX_COLS, TMUX_ROWS = 160, 48


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Failure(Exception):
    """A one-line reason to stop, printed as `compare: REASON`."""


# ---------------------------------------------------------------------------------------------
# Everything started here, so that it can all be stopped.

class Janitor:
    def __init__(self):
        self.procs = []            # Popen objects
        self.pids = set()          # (pid, exe) of processes we started indirectly (tmux panes)
        self.tmux_socket = None
        self.bin_dir = None
        self.stats_touched = False
        self.stats_before = None
        self.remove = []           # files and directories to delete
        self.done = False

    def track(self, proc):
        self.procs.append(proc)
        return proc

    def track_pid(self, pid, exe):
        self.pids.add((pid, exe))

    def ours(self):
        """Live processes running one of the workloads built here (whoever started them)."""
        found = []
        if not self.bin_dir:
            return found
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if os.readlink(f"/proc/{entry}/exe").startswith(self.bin_dir + "/"):
                        found.append(int(entry))
                except OSError:
                    pass
        return found

    def cleanup(self):
        if self.done:
            return
        self.done = True
        for proc in self.procs:
            if proc.poll() is None:
                try:
                    proc.send_signal(signal.SIGINT)   # bpftrace and vmscope trace stop cleanly on it
                except OSError:
                    pass
        deadline = time.monotonic() + 3
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.05, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self.tmux_socket:
            subprocess.run(["tmux", "-L", self.tmux_socket, "kill-server"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for pid, exe in self.pids:
            kill_if_same(pid, exe, signal.SIGKILL)
        for pid in self.ours():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if self.stats_touched:
            set_bpf_stats(0)
            if self.stats_before == 1:
                log("compare: kernel.bpf_stats_enabled was 1 before this run; it is 0 now")
        for path in self.remove:
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass


JANITOR = Janitor()


def kill_if_same(pid, exe, sig):
    """Signals pid only if it still runs `exe` (not a reused pid)."""
    try:
        if os.readlink(f"/proc/{pid}/exe") == exe:
            os.kill(pid, sig)
    except OSError:
        pass


def on_signal(signum, _frame):
    log(f"compare: stopped by {signal.Signals(signum).name}; stopping everything it started")
    raise SystemExit(128 + signum)


def set_bpf_stats(value):
    with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
        f.write(f"{value}\n")


# ---------------------------------------------------------------------------------------------
# Small helpers

def med(values):
    return statistics.median(values) if values else float("nan")


def num(x, digits=0):
    """12 345 (spaces between thousands, as the other Benchmarks tables)."""
    if x is None or x != x:
        return "–"
    if x == float("inf"):
        return "∞"
    return f"{x:,.{digits}f}".replace(",", " ")


def spread(values, digits=0, unit=""):
    """`median (min–max)` for a list of numbers."""
    if not values:
        return "–"
    text = num(med(values), digits) + unit
    if len(values) > 1:
        text += f" ({num(min(values), digits)}–{num(max(values), digits)})"
    return text


def ratio(values):
    if not values:
        return "–"
    text = f"{med(values):.2f}×"
    if len(values) > 1:
        text += f" ({min(values):.2f}–{max(values):.2f})"
    return text


def wait_for(predicate, timeout, interval=0.01, what="something"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def read_report(path):
    """The workloads' one-line report `key value key value ...` as a dict of floats."""
    try:
        with open(path) as f:
            words = f.read().split()
    except FileNotFoundError:
        return None
    if not words:
        return None
    return {k: v for k, v in zip(words[::2], words[1::2])}


def take_report(path, timeout, what):
    report = wait_for(lambda: read_report(path), timeout, 0.05, what)
    os.unlink(path)
    return report


def machine_busy(seconds=1.0):
    """Share of all CPUs busy over `seconds` while this script waits: the others' load."""
    def sample():
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields[:8]), idle
    t0, i0 = sample()
    time.sleep(seconds)
    t1, i1 = sample()
    return 100.0 * (1 - (i1 - i0) / max(1, t1 - t0))


def cpu_ticks(pid):
    """utime + stime of pid, in clock ticks (fields 14 and 15 of /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return int(rest[11]) + int(rest[12])


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def stop(proc, sig=signal.SIGINT, timeout=10):
    """Stops a process we started (SIGINT first: bpftrace and vmscope trace end cleanly on it)."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def children_running(parent, exe):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                if ppid == parent and os.readlink(f"/proc/{entry}/exe") == exe:
                    found.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return found


# ---------------------------------------------------------------------------------------------
# tmux, on a socket of our own

class Tmux:
    FOOTER = re.compile(r"^ q Quit ")
    ESC = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]")
    RANGE = re.compile(r"\s*(0x[0-9a-f]+-0x[0-9a-f]+)\s")

    def __init__(self, socket, program):
        self.socket = socket
        self.program = os.path.realpath(program)
        JANITOR.tmux_socket = socket
        # A server started once (with a session that only waits), so that each measured session is
        # a new pane, not a new server.
        self.run("-f", "/dev/null", "new-session", "-d", "-s", "keeper", "-x", str(TMUX_COLS),
                 "-y", str(TMUX_ROWS), "exec sleep 86400")
        self.run("set-option", "-g", "remain-on-exit", "off")
        JANITOR.remove.append(self.run("display-message", "-p", "-t", "keeper", "#{socket_path}").strip())
        self.count = 0

    def run(self, *args, check=True):
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        if check and result.returncode != 0:
            raise Failure(f"tmux {args[0]} failed: {result.stderr.strip()}")
        return result.stdout

    def start(self, argv, env="LANG=C.UTF-8"):
        """A detached 160x48 session running argv (exec'd, so the pane's pid is the program)."""
        self.count += 1
        name = f"s{self.count}"
        command = "exec env " + env + " " + " ".join(argv)
        t0 = time.perf_counter()
        self.run("new-session", "-d", "-s", name, "-x", str(TMUX_COLS), "-y", str(TMUX_ROWS), command)
        pid = int(self.run("display-message", "-p", "-t", name, "#{pane_pid}").strip())
        JANITOR.track_pid(pid, self.program)
        return name, pid, t0

    def capture(self, name, escapes=False):
        args = ["capture-pane", "-p", "-t", name] + (["-e"] if escapes else [])
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        return result.stdout if result.returncode == 0 else ""

    def has_footer(self, name):
        return any(self.FOOTER.match(line) for line in self.capture(name).splitlines())

    def keys(self, name, *keys):
        self.run("send-keys", "-t", name, *keys)

    def close(self, name, pid):
        """q, then the session and the program, whatever it takes."""
        self.run("send-keys", "-t", name, "q", check=False)
        deadline = time.monotonic() + 5
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.run("kill-session", "-t", name, check=False)
        deadline = time.monotonic() + 5
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if alive(pid):
            os.kill(pid, signal.SIGKILL)

    @staticmethod
    def has_background(sgr_text):
        for seq in re.findall(r"\x1b\[([0-9;]*)m", sgr_text):
            params = [int(p) if p else 0 for p in seq.split(";")]
            i = 0
            while i < len(params):
                p = params[i]
                if p in (38, 48):
                    if p == 48:
                        return True
                    i += 3 if i + 1 < len(params) and params[i + 1] == 5 else 5
                    continue
                if 40 <= p <= 47 or 100 <= p <= 107 or p == 7:
                    return True
                i += 1
        return False

    def selection(self, name):
        """(row on screen, address range) of the region table's highlighted row, or None."""
        lines = self.capture(name, escapes=True).split("\n")
        rows = []
        below_heading = False
        for index, line in enumerate(lines):
            plain = self.ESC.sub("", line)
            if "Regions" in plain and plain.lstrip().startswith("━"):
                below_heading = True
                continue
            if not below_heading:
                continue
            match = self.RANGE.match(plain)
            if match:
                rows.append((index, match.group(1), line[:line.find("0x")]))
        for index, text, prefix in rows:
            if self.has_background(prefix):
                return index, text, rows[0][0] if rows else None
        return None


# ---------------------------------------------------------------------------------------------
# The run

class Compare:
    def __init__(self, args):
        self.a = args
        self.vm = args.vmscope
        self.results = []      # markdown sections
        self.notes = []        # things seen while measuring
        self.loads = {}        # figure -> [others' load %]
        self.stats_on = set()  # figures during which someone else had kernel.bpf_stats_enabled on
        self.work = tempfile.mkdtemp(prefix="vmscope-compare.")
        JANITOR.remove.append(self.work)
        if args.keep:
            JANITOR.remove.remove(self.work)
        self.bin = os.path.join(self.work, "bin")
        os.makedirs(self.bin)
        JANITOR.bin_dir = self.bin
        shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else self.work
        self.table_file = os.path.join(shm, f"vmscope-compare-{os.getpid()}.table")
        JANITOR.remove.append(self.table_file)
        self.tmux = None

    # -- set-up ---------------------------------------------------------------------------------

    def preflight(self):
        if os.geteuid() != 0:
            raise Failure("must run as root (bpftrace, bpftool and kernel.bpf_stats_enabled need it)")
        for tool, package in (("bpftrace", "bpftrace"), ("bpftool", "bpftool"), ("gcc", "gcc"),
                              ("tmux", "tmux"), ("pmap", "procps")):
            if not shutil.which(tool):
                raise Failure(f"{tool} not installed (apt-get install {package})")
        if not os.access("/usr/bin/time", os.X_OK):
            raise Failure("/usr/bin/time not installed (apt-get install time)")
        if not os.access(self.vm, os.X_OK):
            raise Failure(f"no vmscope at {self.vm}: run `swift build -c release` at the repository "
                          "root, or pass --vmscope PATH")
        if not os.path.exists("/proc/sys/kernel/bpf_stats_enabled"):
            raise Failure("kernel.bpf_stats_enabled is missing: this kernel cannot report eBPF run times")
        if not os.path.isdir("/sys/kernel/tracing/events"):
            os.makedirs("/sys/kernel/tracing", exist_ok=True)
            if subprocess.run(["mount", "-t", "tracefs", "nodev", "/sys/kernel/tracing"]).returncode != 0:
                raise Failure("tracefs is not mounted and mounting it failed (bpftrace's tracepoints need it)")
            log("compare: mounted tracefs at /sys/kernel/tracing (bpftrace's tracepoints need it)")
        for event in ("syscalls/sys_enter_mmap", "syscalls/sys_enter_munmap", "exceptions/page_fault_user"):
            if not os.path.isdir(f"/sys/kernel/tracing/events/{event}"):
                raise Failure(f"tracepoint {event} missing from this kernel (bpftrace scripts need it)")
        if 4 in self.a.only:
            with open("/proc/sys/vm/max_map_count") as f:
                limit = int(f.read())
            if limit < self.a.mappings + 200:
                raise Failure(f"vm.max_map_count is {limit}, too low for {self.a.mappings} mappings: "
                              f"sysctl -w vm.max_map_count={self.a.mappings + 5000}")
        if 5 in self.a.only or 6 in self.a.only or 1 in self.a.only or 4 in self.a.only:
            self.tmux = Tmux(f"vmscope-compare-{os.getpid()}", self.vm)

    def build(self):
        for name in ("storm", "faults", "maps"):
            source = os.path.join(HERE, "workloads", f"{name}.c")
            result = subprocess.run(["gcc", "-O2", "-Wall", "-Wextra", "-o", os.path.join(self.bin, name), source],
                                    capture_output=True, text=True)
            if result.returncode != 0:
                raise Failure(f"gcc failed on workloads/{name}.c: {result.stderr.strip().splitlines()[0]}")
        self.storm = os.path.join(self.bin, "storm")
        self.faults = os.path.join(self.bin, "faults")
        self.maps = os.path.join(self.bin, "maps")
        self.report = os.path.join(self.work, "report")

    def machine(self):
        model = "?"
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem_kib = int(f.readline().split()[1])
        # The last commit that changed vmscope itself (not these benchmarks), and when the binary was built.
        commit = subprocess.run(["git", "-C", os.path.dirname(self.vm), "log", "-1", "--format=%h", "--",
                                 ":/Sources", ":/bpf", ":/Package.swift"],
                                capture_output=True, text=True).stdout.strip() or "unknown"
        built = datetime.datetime.fromtimestamp(os.path.getmtime(self.vm)).strftime("%Y-%m-%d %H:%M")
        commit = f"{commit} (binary built {built})"
        bpftrace = subprocess.run(["bpftrace", "--version"], capture_output=True, text=True).stdout.strip()
        return (f"{os.cpu_count()} CPUs ({model}), {mem_kib / 1048576:.0f} GiB, kernel {platform.release()}; "
                f"vmscope {self.vm} at commit {commit}; {bpftrace}")

    def load_note(self, figure):
        values = self.loads.get(figure, [])
        if not values:
            return ""
        busy = " — **the machine was busy**" if max(values) > 25 else ""
        stats = (" kernel.bpf_stats_enabled was on (not by this script) at the start of some rounds."
                 if figure in self.stats_on else "")
        return (f"Others' load, sampled for 1 s before each round: median {med(values):.0f} % of all CPUs "
                f"(max {max(values):.0f} %){busy}.{stats}")

    def round_start(self, figure):
        self.loads.setdefault(figure, []).append(machine_busy(1.0))
        if figure != 2:
            with open("/proc/sys/kernel/bpf_stats_enabled") as f:
                if f.read().strip() != "0":
                    self.stats_on.add(figure)   # someone else's: every eBPF program then costs a little more

    # -- running things -------------------------------------------------------------------------

    def run_storm_report(self, argv, timeout=900, capture=False):
        """Runs argv to the end; returns (report dict, stdout)."""
        if os.path.exists(self.report):
            os.unlink(self.report)
        proc = JANITOR.track(subprocess.Popen(argv, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                                              stderr=subprocess.PIPE, text=True))
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop(proc)
            raise Failure(f"{os.path.basename(argv[0])} did not finish in {timeout} s")
        report = read_report(self.report)
        if proc.returncode not in (0,) or not report:
            last = [l for l in (err or "").splitlines() if "RLIMIT_MEMLOCK" not in l]
            raise Failure(f"{' '.join(argv[:3])}… failed (exit {proc.returncode}): {last[-1] if last else 'no report'}")
        os.unlink(self.report)
        return report, out

    @staticmethod
    def bpftrace_counts(out):
        return {m.group(1): int(m.group(2)) for m in re.finditer(r"^@(\w+): (\d+)$", out or "", re.M)}

    def table_totals(self):
        """Counts a `vmscope trace` table: storm pairs' lines and the end note's totals."""
        mmaps = munmaps = 0
        totals, first_difference, in_note = {}, None, False
        with open(self.table_file, "rb") as f:
            for line in f:
                if line.startswith(b"#"):
                    m = re.search(rb"exited .*?; (\d+) events, (\d+) faults, (\d+) unexplained, (\d+) lost", line)
                    if m:
                        totals = dict(zip(("events", "faults", "unexplained", "lost"), map(int, m.groups())))
                    elif line.startswith(b"#   ") and in_note and first_difference is None:
                        first_difference = line[4:].decode(errors="replace").strip()
                    else:
                        in_note = re.search(rb"snapshot: .*[1-9]\d* unexplained", line) is not None
                elif b" 64 KiB" in line:
                    if b"  mmap " in line:
                        mmaps += 1
                    elif b"  munmap " in line:
                        munmaps += 1
        os.unlink(self.table_file)
        totals.update(mmap=mmaps, munmap=munmaps, difference=first_difference)
        return totals

    @staticmethod
    def json_totals(path):
        """Counts a `vmscope trace --json` file: storm pairs' records, lost records, the end record."""
        mmaps = munmaps = lost = 0
        end, first_difference = {}, None
        with open(path, "rb") as f:
            for line in f:
                if b'"len":65536,' in line or b'"len":65536}' in line:
                    if b'"kind":"mmap"' in line:
                        mmaps += 1
                        continue
                    if b'"kind":"munmap"' in line:
                        munmaps += 1
                        continue
                if b'"kind":"lost"' in line:
                    lost += json.loads(line).get("count", 0)
                elif line.startswith(b'{"type":"end"'):
                    end = json.loads(line)
                elif (first_difference is None and line.startswith(b'{"type":"snapshot"')
                      and b'"unexplained":0,' not in line):
                    first_difference = "; ".join(json.loads(line).get("differences") or []) or None
        os.unlink(path)
        return {"mmap": mmaps, "munmap": munmaps, "lost": max(lost, end.get("lost_total", 0)),
                "unexplained": end.get("unexplained_total"), "faults": end.get("faults"),
                "events": end.get("events"), "difference": first_difference}

    def live_storm(self, argv, report_timeout=900, catch_up_timeout=600):
        """The live view running `vmscope -- STORM` in tmux: the storm's report, how long the view
        took after the storm's end to show it exited, and the header's `lost N`."""
        if os.path.exists(self.report):
            os.unlink(self.report)
        name, pid, _ = self.tmux.start([self.vm, "--", *argv])
        try:
            report = take_report(self.report, report_timeout, "the storm under the live view")
            ended = time.monotonic()
            def exited():
                screen = self.tmux.capture(name)
                return screen if "exited" in screen.split("\n", 1)[0] else None
            header = wait_for(exited, catch_up_timeout, 0.1, "the live view to show the storm exited")
            lag = time.monotonic() - ended
            m = re.search(r"\blost (\d+)", header)
            lost = int(m.group(1)) if m else None
            cpu = cpu_ticks(pid) / os.sysconf("SC_CLK_TCK")
        finally:
            self.tmux.close(name, pid)
        return report, lost, lag, cpu

    # -- figure 1 -------------------------------------------------------------------------------

    def fig1(self):
        n, rounds = self.a.pairs, self.a.rounds
        names = ["untraced", "bpftrace count-only", "vmscope trace (table)", "vmscope trace --json -o FILE",
                 "live view (tmux)"]
        ns = {k: [] for k in names}
        rel = {k: [] for k in names}
        cpu = {k: [] for k in names}
        cpu_rel = {k: [] for k in names}
        delivered = {k: [] for k in names}
        lags, live_cpu = [], []
        script = bt(BPFTRACE_STORM, "cpid")
        json_file = os.path.join(self.work, "storm.json")
        for r in range(rounds):
            self.round_start(1)
            line = []
            rep, _ = self.run_storm_report([self.storm, "-o", self.report, str(n)])
            ns[names[0]].append(float(rep["ns_per_pair"]))
            cpu[names[0]].append(float(rep["cpu_ns_per_pair"]))
            rep, out = self.run_storm_report(["bpftrace", "-e", script, "-c", f"{self.storm} -o {self.report} {n}"],
                                             capture=True)
            ns[names[1]].append(float(rep["ns_per_pair"]))
            cpu[names[1]].append(float(rep["cpu_ns_per_pair"]))
            counts = self.bpftrace_counts(out)
            delivered[names[1]].append(f"{num(counts.get('mmap'))} / {num(counts.get('munmap'))} (counts, loader's calls included)")
            rep, _ = self.run_storm_report([self.vm, "trace", "-o", self.table_file, "--", self.storm, "-o", self.report, str(n)])
            ns[names[2]].append(float(rep["ns_per_pair"]))
            cpu[names[2]].append(float(rep["cpu_ns_per_pair"]))
            t = self.table_totals()
            delivered[names[2]].append(t)
            rep, _ = self.run_storm_report([self.vm, "trace", "--json", "-o", json_file, "--", self.storm, "-o", self.report, str(n)])
            ns[names[3]].append(float(rep["ns_per_pair"]))
            cpu[names[3]].append(float(rep["cpu_ns_per_pair"]))
            delivered[names[3]].append(self.json_totals(json_file))
            rep, lost, lag, view_cpu = self.live_storm([self.storm, "-o", self.report, str(n)])
            ns[names[4]].append(float(rep["ns_per_pair"]))
            cpu[names[4]].append(float(rep["cpu_ns_per_pair"]))
            delivered[names[4]].append({"lost": lost})
            lags.append(lag)
            live_cpu.append(view_cpu)
            for k in names:
                rel[k].append(ns[k][-1] / ns[names[0]][-1])
                cpu_rel[k].append(cpu[k][-1] / cpu[names[0]][-1])
            log(f"[1] round {r + 1}/{rounds}: " + ", ".join(f"{k} {ns[k][-1]:.0f} (CPU {cpu[k][-1]:.0f})" for k in names) + " ns/pair"
                f"; table {t.get('mmap')}/{t.get('munmap')} lost {t.get('lost')}; json {delivered[names[3]][-1]['mmap']}/"
                f"{delivered[names[3]][-1]['munmap']} lost {delivered[names[3]][-1]['lost']}; live lost {lost}, caught up {lag:.1f} s after")

        def vm_delivery(rows):
            text = []
            for d in rows:
                if "mmap" in d:
                    text.append(f"{num(d['mmap'])}+{num(d['munmap'])}, lost {num(d.get('lost'))}, unexplained {num(d.get('unexplained'))}")
                else:
                    share = f" ({100 * d['lost'] / (2 * n):.0f} % of the storm's calls)" if d.get("lost") else ""
                    text.append(f"lost {num(d.get('lost'))}{share}")
            if len(set(text)) == 1 and len(text) > 1:
                return text[0] + " in every round"
            return "; ".join(text)

        md = [f"### 1. mmap storm: {num(n)} × (mmap 64 KiB anonymous rw, write one byte, munmap)", "",
              f"{rounds} rounds, each running every variant in this order. The workload times its own loop: wall "
              "(CLOCK_MONOTONIC) and its CPU time (CLOCK_PROCESS_CPUTIME_ID: user + system, where the eBPF programs "
              "run; it hardly moves when other processes compete for the CPUs, wall does). A ratio is each round's "
              "figure over the same round's untraced one.", "",
              "| variant | wall ns per pair, median (range) | × untraced | CPU ns per pair | × untraced | records delivered per round "
              f"(storm's mmap+munmap of {num(n)}+{num(n)}), lost |",
              "| --- | ---: | ---: | ---: | ---: | --- |"]
        for k in names:
            if k == names[0]:
                d = "–"
            elif k == names[1]:
                d = delivered[k][0] + (" in every round" if len(set(delivered[k])) == 1 else "; " + "; ".join(delivered[k][1:]))
            else:
                d = vm_delivery(delivered[k])
            md.append(f"| {k} | {spread(ns[k])} | {ratio(rel[k]) if k != names[0] else '1'} | {spread(cpu[k])} | "
                      f"{ratio(cpu_rel[k]) if k != names[0] else '1'} | {d} |")
        md += ["", "bpftrace script (`cpid`: the command started with `-c`):", "", "```", script, "```", "",
               f"The live view ran `vmscope -- STORM` in `tmux new -d -x {TMUX_COLS} -y {TMUX_ROWS}`; its `lost N` is "
               "read from the header (`tmux capture-pane -p`) once the header shows the storm exited. It showed that "
               f"{spread(lags, 1)} s after the storm had ended (the view catching up), having used {spread(live_cpu, 1)} s of CPU. "
               "The table of `vmscope trace` went to a file in /dev/shm (a memory copy, like /dev/null, but countable); "
               "its counts are its ` 64 KiB` mmap/munmap lines and its end note. The JSON counts are records with "
               "`\"len\":65536`; `lost` is the sum of `lost` records and the `end` record's `lost_total`.",
               "", self.load_note(1)]
        self.results.append("\n".join(md))
        live_lost = [d["lost"] for d in delivered[names[4]] if d.get("lost")]
        if live_lost:
            self.notes.append(f"The live view lost records on the mmap storm in {len(live_lost)} of {rounds} rounds "
                              f"({', '.join(num(x) for x in live_lost)} of {num(2 * n)} calls' records), and showed the "
                              f"storm's end {spread(lags, 1)} s late.")
        for k in names[2:4]:
            bad = [d for d in delivered[k] if d.get("lost") or d.get("unexplained") or d.get("mmap") != n or d.get("munmap") != n]
            if bad:
                seen = "; ".join(sorted({d["difference"] for d in bad if d.get("difference")}))
                self.notes.append(f"{k}: {len(bad)} of {rounds} rounds did not deliver exactly {num(n)}+{num(n)} with nothing "
                                  f"lost or unexplained: {vm_delivery(bad)}." + (f" The first unexplained difference: `{seen}`." if seen else ""))

    # -- figure 2 -------------------------------------------------------------------------------

    @staticmethod
    def prog_ids_of(pid):
        ids = set()
        for fd in os.listdir(f"/proc/{pid}/fdinfo"):
            try:
                with open(f"/proc/{pid}/fdinfo/{fd}") as f:
                    for line in f:
                        if line.startswith("prog_id:"):
                            ids.add(int(line.split()[1]))
            except OSError:
                pass
        return ids

    @staticmethod
    def bpftrace_prog_ids(pid):
        out = subprocess.run(["bpftool", "perf", "show", "--json"], capture_output=True, text=True).stdout
        return {e["prog_id"] for e in json.loads(out or "[]") if e.get("pid") == pid and "prog_id" in e}

    @staticmethod
    def prog_stats(ids):
        out = subprocess.run(["bpftool", "prog", "show", "--json"], capture_output=True, text=True).stdout
        return {p["id"]: (p.get("name", "?"), p.get("run_time_ns", 0), p.get("run_cnt", 0))
                for p in json.loads(out) if p["id"] in ids}

    def tracer(self, kind, pid, out_file):
        """Starts a tracer on pid and waits until it is attached; returns (Popen, its program ids)."""
        if kind == "vmscope":
            proc = JANITOR.track(subprocess.Popen([self.vm, "trace", "--json", "-o", out_file, "-p", str(pid)],
                                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            wait_for(lambda: os.path.exists(out_file) and os.path.getsize(out_file) > 0, 30, 0.02,
                     "vmscope trace's start record")
            return proc, self.prog_ids_of(proc.pid)
        script = bt(BPFTRACE_STORM if kind == "bpftrace-storm" else BPFTRACE_FAULTS, pid) + BPFTRACE_BEGIN
        proc = JANITOR.track(subprocess.Popen(["bpftrace", "-e", script], stdout=subprocess.PIPE,
                                              stderr=subprocess.DEVNULL, text=True))
        wait_for(lambda: "attached" in proc.stdout.readline(), 30, 0, "bpftrace's BEGIN line")
        return proc, self.bpftrace_prog_ids(proc.pid)

    def kernel_cost(self, tracer_kind, workload, watched):
        """Δrun_time_ns / Δrun_cnt per program over one workload run (the workload waits for
        SIGUSR1, so the window holds all of it and nothing of the tracer's start)."""
        out_file = os.path.join(self.work, "cost.json")
        for path in (out_file, self.report):
            if os.path.exists(path):
                os.unlink(path)
        target = JANITOR.track(subprocess.Popen(workload, stdout=subprocess.DEVNULL))
        sleeper = tracer = None
        try:
            if not watched:
                sleeper = JANITOR.track(subprocess.Popen(["sleep", "86400"]))
            tracer, ids = self.tracer(tracer_kind, target.pid if watched else sleeper.pid, out_file)
            before = self.prog_stats(ids)
            target.send_signal(signal.SIGUSR1)
            take_report(self.report, 900, "the workload")
            after = self.prog_stats(ids)
        finally:
            stop(target, signal.SIGTERM)
            if sleeper:
                stop(sleeper, signal.SIGTERM)
            if tracer:
                stop(tracer)
            if os.path.exists(out_file):
                os.unlink(out_file)
        cost = {}
        for prog, (name, t1, c1) in after.items():
            _, t0, c0 = before.get(prog, (name, 0, 0))
            if c1 > c0:
                cost[name] = ((t1 - t0) / (c1 - c0), c1 - c0)
        return cost

    def fig2(self):
        rounds = self.a.slow_rounds
        n, mib = self.a.pairs, self.a.fault_mib
        storm = [self.storm, "-w", "-l", "-o", self.report, str(n)]
        faults = [self.faults, "-w", "-l", "-o", self.report, str(mib)]
        scenarios = [("vmscope, storm watched", "vmscope", storm, True),
                     ("vmscope, storm unwatched (watching a sleep)", "vmscope", storm, False),
                     ("vmscope, page-fault storm watched", "vmscope", faults, True),
                     ("bpftrace count-only, storm watched", "bpftrace-storm", storm, True),
                     ("bpftrace count-only, page-fault storm watched", "bpftrace-faults", faults, True)]
        results = {s[0]: {} for s in scenarios}
        with open("/proc/sys/kernel/bpf_stats_enabled") as f:
            JANITOR.stats_before = int(f.read())
        JANITOR.stats_touched = True
        set_bpf_stats(1)
        try:
            for r in range(rounds):
                self.round_start(2)
                for label, kind, workload, watched in scenarios:
                    for name, (per_run, runs) in self.kernel_cost(kind, workload, watched).items():
                        results[label].setdefault(name, []).append((per_run, runs))
                log(f"[2] round {r + 1}/{rounds}: " + "; ".join(
                    f"{label}: " + ", ".join(f"{k} {v[-1][0]:.0f} ns" for k, v in progs.items())
                    for label, progs in results.items()))
        finally:
            set_bpf_stats(0)
        md = ["### 2. Kernel cost per eBPF program (`bpftool prog show`: Δrun_time_ns / Δrun_cnt)", "",
              f"`sysctl kernel.bpf_stats_enabled=1` for this figure only (0 again after it). {rounds} rounds; in each, every "
              "scenario once: the tracer attached first (vmscope: its `start` record written; bpftrace: its BEGIN line), "
              "stats read, the workload released (SIGUSR1), stats read again when it reported. The programs are "
              "the tracer's own, found from its file descriptors (`/proc/PID/fdinfo` `prog_id`; bpftrace's through "
              f"`bpftool perf show`). Storm: {num(n)} pairs; page-fault storm: {num(mib)} MiB. The unwatched storm runs "
              "while vmscope watches only a `sleep`: raw tracepoints run for every process, so those figures are the "
              "early-return path (and include whatever else the machine ran meanwhile).", "",
              "| scenario | program | ns per run, median (range) | runs during the workload, median |",
              "| --- | --- | ---: | ---: |"]
        for label, progs in results.items():
            for name, values in sorted(progs.items(), key=lambda kv: -med([v[1] for v in kv[1]])):
                md.append(f"| {label} | {name} | {spread([v[0] for v in values])} | {num(med([v[1] for v in values]))} |")
        md += ["", self.load_note(2)]
        self.results.append("\n".join(md))

    # -- figure 3 -------------------------------------------------------------------------------

    def fig3(self):
        mib, rounds = self.a.fault_mib, self.a.rounds
        names = ["untraced", "bpftrace count-only", "vmscope trace (table)"]
        ns = {k: [] for k in names}
        rel = {k: [] for k in names}
        cpu = {k: [] for k in names}
        cpu_rel = {k: [] for k in names}
        seen = {k: [] for k in names}
        script = bt(BPFTRACE_FAULTS, "cpid")
        pages = None
        for r in range(rounds):
            self.round_start(3)
            rep, _ = self.run_storm_report([self.faults, "-o", self.report, str(mib)])
            ns[names[0]].append(float(rep["ns_per_fault"]))
            cpu[names[0]].append(float(rep["cpu_ns_per_fault"]))
            pages = int(rep["pages"])
            rep, out = self.run_storm_report(["bpftrace", "-e", script, "-c", f"{self.faults} -o {self.report} {mib}"],
                                             capture=True)
            ns[names[1]].append(float(rep["ns_per_fault"]))
            cpu[names[1]].append(float(rep["cpu_ns_per_fault"]))
            seen[names[1]].append(self.bpftrace_counts(out).get("faults"))
            rep, _ = self.run_storm_report([self.vm, "trace", "-o", self.table_file, "--", self.faults, "-o", self.report, str(mib)])
            ns[names[2]].append(float(rep["ns_per_fault"]))
            cpu[names[2]].append(float(rep["cpu_ns_per_fault"]))
            seen[names[2]].append(self.table_totals().get("faults"))
            for k in names:
                rel[k].append(ns[k][-1] / ns[names[0]][-1])
                cpu_rel[k].append(cpu[k][-1] / cpu[names[0]][-1])
            log(f"[3] round {r + 1}/{rounds}: " + ", ".join(f"{k} {ns[k][-1]:.0f} (CPU {cpu[k][-1]:.0f})" for k in names) + " ns/fault")
        md = [f"### 3. Page-fault storm: {num(mib)} MiB anonymous (MADV_NOHUGEPAGE) touched page by page ({num(pages)} faults)", "",
              f"{rounds} rounds, variants interleaved; ns per fault as the workload timed its touching loop, wall and "
              "CPU time as in figure 1.", "",
              "| variant | wall ns per fault, median (range) | × untraced | CPU ns per fault | × untraced | faults counted (whole process, loader's included) |",
              "| --- | ---: | ---: | ---: | ---: | --- |"]
        for k in names:
            counted = ", ".join(num(x) for x in seen[k]) if seen[k] else "–"
            md.append(f"| {k} | {spread(ns[k])} | {ratio(rel[k]) if k != names[0] else '1'} | {spread(cpu[k])} | "
                      f"{ratio(cpu_rel[k]) if k != names[0] else '1'} | {counted} |")
        md += ["", "bpftrace script:", "", "```", script, "```", "",
               "vmscope's count is the `faults` total of its end note (`# pid N exited 0; E events, F faults, ...`).",
               "", self.load_note(3)]
        self.results.append("\n".join(md))

    # -- figure 4 -------------------------------------------------------------------------------

    def start_maps(self):
        report = os.path.join(self.work, "maps-ready")
        proc = JANITOR.track(subprocess.Popen([self.maps, "-o", report, str(self.a.mappings)],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
        def ready():
            if proc.poll() is not None:
                raise Failure(f"maps workload failed: {proc.stderr.read().strip()}")
            return read_report(report)
        wait_for(ready, 300, 0.05, f"{self.a.mappings} mappings")
        with open(f"/proc/{proc.pid}/maps") as f:
            regions = sum(1 for _ in f)
        return proc, regions

    def idle_cpu_live(self, pid, seconds):
        name, vpid, _ = self.tmux.start([self.vm, "-p", str(pid)])
        try:
            wait_for(lambda: self.tmux.has_footer(name), 60, 0.05, "the live view's first frame")
            time.sleep(5)
            t0, c0 = time.monotonic(), cpu_ticks(vpid)
            time.sleep(seconds)
            t1, c1 = time.monotonic(), cpu_ticks(vpid)
        finally:
            self.tmux.close(name, vpid)
        return 100.0 * (c1 - c0) / os.sysconf("SC_CLK_TCK") / (t1 - t0)

    def idle_cpu_trace(self, pid, seconds):
        out = os.path.join(self.work, "idle.trace")
        proc = JANITOR.track(subprocess.Popen([self.vm, "trace", "-o", out, "-p", str(pid)],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        try:
            wait_for(lambda: os.path.exists(out) and os.path.getsize(out) > 0, 60, 0.05, "vmscope trace to attach")
            time.sleep(5)
            t0, c0 = time.monotonic(), cpu_ticks(proc.pid)
            time.sleep(seconds)
            t1, c1 = time.monotonic(), cpu_ticks(proc.pid)
        finally:
            stop(proc)
            os.unlink(out)
        return 100.0 * (c1 - c0) / os.sysconf("SC_CLK_TCK") / (t1 - t0)

    def timed(self, argv):
        """(wall seconds measured here, peak RSS KiB from /usr/bin/time -f %M) of argv, output discarded."""
        tf = os.path.join(self.work, "time")
        t0 = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", tf, *argv],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t0
        if result.returncode != 0:
            raise Failure(f"{' '.join(argv)} failed: {result.stderr.strip().splitlines()[-1:] or ['?']}")
        with open(tf) as f:
            _, rss = f.read().split()[-2:]
        return wall, int(rss)

    def fig4(self):
        seconds, slow, rounds = self.a.idle_seconds, self.a.slow_rounds, self.a.rounds
        proc, regions = self.start_maps()
        pid = proc.pid
        try:
            tools = [("cat /proc/PID/maps", ["cat", f"/proc/{pid}/maps"]),
                     ("pmap -x PID", ["pmap", "-x", str(pid)]),
                     ("vmscope layout -p PID --no-rss", [self.vm, "layout", "-p", str(pid), "--no-rss"]),
                     ("vmscope layout -p PID", [self.vm, "layout", "-p", str(pid)]),
                     ("vmscope layout -p PID --json", [self.vm, "layout", "-p", str(pid), "--json"])]
            walls = {k: [] for k, _ in tools}
            rss = {k: [] for k, _ in tools}
            for r in range(rounds):
                self.round_start(4)
                for k, argv in tools:
                    w, m = self.timed(argv)
                    walls[k].append(w * 1000)
                    rss[k].append(m / 1024)
                log(f"[4] layout round {r + 1}/{rounds}: " + ", ".join(f"{k} {walls[k][-1]:.0f} ms {rss[k][-1]:.0f} MiB" for k, _ in tools))
            live, trace = [], []
            for r in range(slow):
                self.round_start(4)
                live.append(self.idle_cpu_live(pid, seconds))
                trace.append(self.idle_cpu_trace(pid, seconds))
                log(f"[4] idle round {r + 1}/{slow}: live view {live[-1]:.2f} %, trace {trace[-1]:.2f} % of a core")
        finally:
            stop(proc, signal.SIGTERM)
        md = [f"### 4. A process with {num(self.a.mappings)} mappings ({num(regions)} lines in its maps), sleeping", "",
              f"CPU while watching it idle: utime+stime of the vmscope process from `/proc/PID/stat` over {seconds} s, "
              f"starting 5 s after it attached (live view: after its first frame); {slow} rounds, the two interleaved.", "",
              "| watcher | CPU, % of one core, median (range) |", "| --- | ---: |",
              f"| live view (`vmscope -p PID` in tmux {TMUX_COLS}×{TMUX_ROWS}) | {spread(live, 2)} |",
              f"| `vmscope trace -p PID` (table to a file) | {spread(trace, 2)} |", "",
              f"One snapshot, {rounds} rounds interleaved, output to /dev/null: wall time measured around "
              "`/usr/bin/time -f '%e %M'`, peak RSS its `%M`.", "",
              "| command | wall ms, median (range) | peak RSS MiB, median (range) |", "| --- | ---: | ---: |"]
        for k, _ in tools:
            md.append(f"| `{k}` | {spread(walls[k])} | {spread(rss[k], 1)} |")
        ratios = []
        for k, against in (("vmscope layout -p PID --no-rss", "cat /proc/PID/maps"), ("vmscope layout -p PID", "pmap -x PID")):
            ratios.append(f"`{k}` ÷ `{against}`: {ratio([a / b for a, b in zip(walls[k], walls[against])])}")
        md += ["", "Within each round: " + "; ".join(ratios) + ".", "",
               "`--no-rss` reads only maps, like `cat`; without it `vmscope layout` reads smaps for each "
               "region's RSS, like `pmap -x`.", "", self.load_note(4)]
        self.results.append("\n".join(md))

    # -- figure 5 -------------------------------------------------------------------------------

    def first_line(self, argv, predicate, timeout=60):
        """Seconds from launching argv to the first stdout line satisfying predicate (and to every
        earlier line that matched a label), then the tracer is stopped."""
        t0 = time.perf_counter()
        proc = JANITOR.track(subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True))
        marks = {}
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                line = proc.stdout.readline()
                if not line:
                    raise Failure(f"{argv[0]} ended before it was attached")
                label = predicate(line)
                if label:
                    marks.setdefault(label, time.perf_counter() - t0)
                    if label == "done":
                        return marks
            raise Failure(f"{argv[0]} did not attach in {timeout} s")
        finally:
            stop(proc)

    def first_frame(self, pid):
        name, vpid, t0 = self.tmux.start([self.vm, "-p", str(pid)])
        try:
            wait_for(lambda: self.tmux.has_footer(name), 60, 0.002, "the live view's footer")
            return time.perf_counter() - t0
        finally:
            self.tmux.close(name, vpid)

    def fig5(self):
        rounds = self.a.startup_rounds
        sleeper = JANITOR.track(subprocess.Popen(["sleep", "86400"]))
        maps_proc, _ = self.start_maps()
        small, big = str(sleeper.pid), str(maps_proc.pid)
        rows = {}
        add = lambda key, value: rows.setdefault(key, []).append(value * 1000)
        # How often a capture can be taken: the live view's figure is only as fine as that.
        t0 = time.perf_counter()
        for _ in range(20):
            self.tmux.capture("keeper")
        poll_ms = (time.perf_counter() - t0) / 20 * 1000
        try:
            for r in range(rounds):
                self.round_start(5)
                m = self.first_line([self.vm, "trace", "-p", small], lambda l: "done" if l.startswith("#") else None)
                add("`vmscope trace -p PID`: first line (`# vmscope trace of pid …`)", m["done"])
                m = self.first_line([self.vm, "trace", "--json", "-p", small],
                                    lambda l: "done" if l.startswith('{"type":"start"') else None)
                add("`vmscope trace --json -p PID`: `start` record", m["done"])
                m = self.first_line(["bpftrace", "-e", bt(BPFTRACE_STORM, small) + BPFTRACE_BEGIN],
                                    lambda l: "attaching" if l.startswith("Attaching") else ("done" if l.startswith("attached") else None))
                add("bpftrace: `Attaching N probes...` line", m["attaching"])
                add("bpftrace: its BEGIN line (every probe attached)", m["done"])
                add("live view `vmscope -p PID`: first full frame (footer on screen)", self.first_frame(small))
                m = self.first_line([self.vm, "trace", "-p", big], lambda l: "done" if l.startswith("#") else None)
                add(f"`vmscope trace -p PID`, {num(self.a.mappings)}-mapping process: first line", m["done"])
                add(f"live view, {num(self.a.mappings)}-mapping process: first full frame", self.first_frame(big))
                log(f"[5] round {r + 1}/{rounds}: " + ", ".join(f"{v[-1]:.0f}" for v in rows.values()) + " ms")
        finally:
            stop(sleeper, signal.SIGTERM)
            stop(maps_proc, signal.SIGTERM)
        md = ["### 5. Start-up: from launch to attached", "",
              f"{rounds} rounds, interleaved; watched: a `sleep` (and the {num(self.a.mappings)}-mapping process where said). "
              "Launch is just before the tool is spawned; attached is when its line is read from its stdout (a pipe). "
              "vmscope writes its first line after loading and attaching its programs, adding the pid to its "
              "kernel filter and reading the first snapshot. bpftrace prints `Attaching N probes...` and then attaches; "
              "a `BEGIN { printf(\"attached\\n\") }` added to the storm script marks the end of attaching. "
              f"The live view runs in a new tmux window ({TMUX_COLS}×{TMUX_ROWS}, the tmux server already running); its "
              f"time is until `tmux capture-pane -p` first shows the footer line (` q Quit …`), polled as fast as "
              f"capture-pane returns (one capture took {poll_ms:.1f} ms).", "",
              "| what | ms, median (range) |", "| --- | ---: |"]
        for k, v in rows.items():
            md.append(f"| {k} | {spread(v)} |")
        md += ["", self.load_note(5)]
        self.results.append("\n".join(md))

    # -- figure 6 -------------------------------------------------------------------------------

    def press_j(self, name, presses, timeout=30):
        """Times `send-keys j` until the highlighted row moves, from the first row each time
        (inf when it did not move within timeout)."""
        times = []
        for _ in range(presses):
            try:
                self.tmux.keys(name, "g")
                wait_for(lambda: (lambda s: s and s[0] == s[2])(self.tmux.selection(name)), timeout, 0.02,
                         "the selection on the first row after g")
                time.sleep(0.3)
                before = self.tmux.selection(name)
                t0 = time.perf_counter()
                self.tmux.keys(name, "j")
                wait_for(lambda: (lambda s: s and s[:2] != before[:2])(self.tmux.selection(name)), timeout, 0.0,
                         "the selection to move")
                times.append((time.perf_counter() - t0) * 1000)
            except Failure:
                times.append(float("inf"))
            time.sleep(0.2)
        return times

    def fig6(self):
        presses = self.a.key_presses
        rows = {}
        sleeper = JANITOR.track(subprocess.Popen(["sleep", "86400"]))
        maps_proc, _ = self.start_maps()
        try:
            cases = [("a sleeping process (reference)", [self.vm, "-p", str(sleeper.pid)]),
                     ("`vmscope -- STORM` (an endless mmap storm)", [self.vm, "--", self.storm, "0"]),
                     (f"the {num(self.a.mappings)}-mapping process", [self.vm, "-p", str(maps_proc.pid)])]
            for label, argv in cases:
                self.round_start(6)
                name, vpid, _ = self.tmux.start(argv)
                try:
                    wait_for(lambda: self.tmux.has_footer(name), 60, 0.05, "the live view's first frame")
                    time.sleep(3)
                    rows[label] = self.press_j(name, presses)
                    header = self.tmux.capture(name).split("\n")[:2]
                finally:
                    for child in children_running(vpid, self.storm):
                        os.kill(child, signal.SIGKILL)
                    self.tmux.close(name, vpid)
                m = re.search(r"\blost (\d+)", "\n".join(header))
                rows[label] = (rows[label], num(int(m.group(1))) if m else "?")
                log(f"[6] {label}: " + ", ".join(f"{t:.0f}" for t in rows[label][0]) + f" ms; lost {rows[label][1]}")
        finally:
            stop(sleeper, signal.SIGTERM)
            stop(maps_proc, signal.SIGTERM)
        md = ["### 6. Keys: `tmux send-keys j` until the selection moves on screen", "",
              f"{presses} presses per case, each from the first row (`g`, wait for it, 0.3 s), timed from just before "
              "`send-keys j` until `tmux capture-pane -p -e` shows the highlighted row of the region table on another "
              "region (polled back to back). Presses that did not show within 30 s count as ∞.", "",
              "| live view watching | ms, median (range) | header's `lost` after the presses |", "| --- | ---: | ---: |"]
        for label, (times, lost) in rows.items():
            md.append(f"| {label} | {spread(times)} | {lost} |")
        md += ["", self.load_note(6)]
        self.results.append("\n".join(md))
        slow = {k: med(v[0]) for k, v in rows.items() if med(v[0]) > 200}
        for k, v in slow.items():
            self.notes.append(f"Keys are slow when the live view watches {k}: median {num(v)} ms from `j` to the screen.")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--vmscope", default=os.path.join(REPO, ".build", "release", "vmscope"),
                   help="the vmscope binary (default: the repository's release build)")
    p.add_argument("--only", default="1,2,3,4,5,6", help="figures to measure, e.g. 1,3 (default: all)")
    p.add_argument("--out", default="vmscope-compare.md", help="markdown file for the results")
    p.add_argument("--rounds", type=int, default=5, help="rounds for the storms and layout (default 5)")
    p.add_argument("--slow-rounds", type=int, default=3, help="rounds for kernel cost and idle CPU (default 3)")
    p.add_argument("--startup-rounds", type=int, default=9, help="rounds for start-up (default 9)")
    p.add_argument("--key-presses", type=int, default=7, help="presses per key case (default 7)")
    p.add_argument("--pairs", type=int, default=600000, help="mmap/munmap pairs of the storm (default 600000)")
    p.add_argument("--fault-mib", type=int, default=1024, help="MiB touched by the page-fault storm (default 1024)")
    p.add_argument("--mappings", type=int, default=60000, help="mappings of the big process (default 60000)")
    p.add_argument("--idle-seconds", type=int, default=30, help="idle CPU window (default 30)")
    p.add_argument("--quick", action="store_true", help="small sizes and 2 rounds: a smoke test of the script")
    p.add_argument("--keep", action="store_true", help="keep the work directory (workloads, files)")
    args = p.parse_args()
    args.only = sorted({int(x) for x in args.only.split(",") if x.strip()})
    if args.quick:
        args.rounds = args.slow_rounds = 2
        args.startup_rounds, args.key_presses = 3, 3
        args.pairs, args.fault_mib, args.mappings, args.idle_seconds = 50000, 128, 5000, 5

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    atexit.register(JANITOR.cleanup)
    started = datetime.datetime.now()
    try:
        c = Compare(args)
        c.preflight()
        c.build()
        machine = c.machine()
        log(f"compare: {machine}")
        for figure in args.only:
            getattr(c, f"fig{figure}")()
    except Failure as e:
        print(f"compare: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("compare: interrupted; everything started was stopped", file=sys.stderr)
        return 130
    finally:
        JANITOR.cleanup()
    took = datetime.datetime.now() - started
    command = " ".join([os.path.relpath(sys.argv[0]) if not os.path.isabs(sys.argv[0]) else sys.argv[0]] + sys.argv[1:])
    doc = [f"## vmscope against public tools ({started:%Y-%m-%d %H:%M})", "",
           f"Machine: {machine}.", f"Command: `{command}` (took {took.seconds // 60} min {took.seconds % 60} s).", ""]
    doc += [section + "\n" for section in c.results]
    if c.notes:
        doc += ["### Seen while measuring", ""] + [f"- {n}" for n in c.notes] + [""]
    text = "\n".join(doc)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)
    log(f"compare: results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
