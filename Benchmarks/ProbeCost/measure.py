#!/usr/bin/env python3
"""What vmscope's eBPF programs cost per run, from the kernel's own statistics.

    sudo python3 measure.py --vmscope PATH SCENARIO [--runs N] [--label TEXT] [--floor] [--trace-arg ARG]...

SCENARIO is one of (the workloads are compare.py's, ../compare/workloads, built here with gcc)
  watched     vmscope trace --json -o FILE -- storm 600000       (mmap 64 KiB, touch one byte, munmap)
  unwatched   the same storm while vmscope traces only a sleeping process (-p)
  file        vmscope trace --json -o FILE -- filestorm 100000   (mmap of a file, munmap)
  faults      vmscope trace --json -o FILE -- faults 1024        (touch 1 GiB, one fault per page)
  deep        vmscope trace --json -o FILE -- deepstorm 600000   (storm's loop 40 calls deep, with frame
              pointers: every call's user stack is walked to VMSCOPE_STACK_MAX frames)
  lagging     as watched, but vmscope is stopped (SIGSTOP) for 2 s in the middle: a consumer
              that lags, to count the wakeups the kernel forces on it

Turns kernel.bpf_stats_enabled on for the run and off after. The programs are the ones vmscope
itself loaded (found through /proc/PID/fdinfo, so other tools' programs do not count); their
run_time_ns and run_cnt are read while the workload lingers (-l), before vmscope unloads them. Also
counts IRQ-work interrupts (/proc/interrupts IWI, all CPUs: the ring buffer's forced wakeups are
irq_work) and vmscope's poll(2) calls (perf). One JSON line per run on stdout.
"""
import argparse, json, os, re, signal, subprocess, sys, tempfile, time

def sysctl_stats(on):
    with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
        f.write("1" if on else "0")

def iwi():
    with open("/proc/interrupts") as f:
        for line in f:
            if line.strip().startswith("IWI:"):
                return sum(int(x) for x in line.split()[1:] if x.isdigit())
    return 0

def prog_ids(pid):
    ids = set()
    d = f"/proc/{pid}/fdinfo"
    for fd in os.listdir(d):
        try:
            with open(os.path.join(d, fd)) as f:
                for line in f:
                    if line.startswith("prog_id:"):
                        ids.add(int(line.split()[1]))
        except OSError:
            pass
    return ids

def stats_enabled():
    with open("/proc/sys/kernel/bpf_stats_enabled") as f:
        return f.read().strip() == "1"

def prog_stats(ids):
    out = subprocess.run(["bpftool", "prog", "show", "--json"], capture_output=True, text=True).stdout
    stats = {}
    for p in json.loads(out):
        if p["id"] in ids:
            stats[p.get("name", str(p["id"]))] = (p.get("run_time_ns", 0), p.get("run_cnt", 0))
    return stats

def wait_loaded(pid, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        ids = prog_ids(pid)
        if len(ids) >= 3:
            time.sleep(0.3)
            return prog_ids(pid)
        time.sleep(0.05)
    raise SystemExit("vmscope did not load its programs")

def perf_polls(pid):
    """Counts vmscope's poll(2) calls, and the wakeups of its threads (sched_wakeup with the
    woken pid: the ring buffer's forced wakeups land there, as do poll timeouts and signals),
    unlike the IRQ-work count, which is the whole machine's."""
    threads = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
    woken = " || ".join(f"pid == {t}" for t in threads)
    polls = subprocess.Popen(["perf", "stat", "-x,", "-e", "syscalls:sys_enter_poll", "-p", str(pid)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wakeups = subprocess.Popen(["perf", "stat", "-x,", "-a", "-e", "sched:sched_wakeup", "--filter", woken],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return polls, wakeups

def perf_count(proc, event):
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    for line in err.splitlines():
        parts = line.split(",")
        if len(parts) > 2 and event in line:
            try:
                return int(parts[0])
            except ValueError:
                return None
    return None

def perf_result(procs):
    polls, wakeups = procs
    return perf_count(polls, "sys_enter_poll"), perf_count(wakeups, "sched_wakeup")

HERE = os.path.dirname(os.path.abspath(__file__))

def floor_programs():
    """Builds (once) and starts the empty programs of floor.bpf.c; returns the loader process."""
    work = os.path.join(tempfile.gettempdir(), "vmscope-floor")
    os.makedirs(work, exist_ok=True)
    obj, loader = os.path.join(work, "floor.bpf.o"), os.path.join(work, "floor_loader")
    if not os.path.exists(obj):
        subprocess.run(["clang", "-O2", "-g", "-target", "bpf", "-idirafter", "/usr/include/x86_64-linux-gnu",
                        "-c", os.path.join(HERE, "floor.bpf.c"), "-o", obj], check=True)
    if not os.path.exists(loader):
        subprocess.run(["gcc", "-O2", "-o", loader, os.path.join(HERE, "floor_loader.c"), "-lbpf"], check=True)
    proc = subprocess.Popen([loader, obj], stdout=subprocess.PIPE, text=True)
    proc.stdout.readline()
    return proc

WORKLOADS = os.path.join(os.path.dirname(HERE), "compare", "workloads")

# Workloads built with more than -O2.
WORKLOAD_FLAGS = {"deepstorm": ["-fno-omit-frame-pointer"]}

def workload(name):
    """Builds (once) one of compare.py's workloads; returns its path."""
    work = os.path.join(tempfile.gettempdir(), "vmscope-probecost")
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, name)
    source = os.path.join(WORKLOADS, name + ".c")
    if not os.path.exists(path) or os.path.getmtime(path) < os.path.getmtime(source):
        subprocess.run(["gcc", "-O2"] + WORKLOAD_FLAGS.get(name, []) + ["-o", path, source], check=True)
    return path

def report(line):
    """A workload's report ("pairs N ns E ns_per_pair X ...") as a dict, with ns_per_iteration
    for summarize.py."""
    words = line.split()
    fields = {k: float(v) for k, v in zip(words[::2], words[1::2])}
    per = fields.get("ns_per_pair", fields.get("ns_per_fault"))
    if per is not None:
        fields["ns_per_iteration"] = per
    return fields

def wait_for_file(path, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path):
            with open(path) as f:
                return f.read()
        time.sleep(0.05)
    raise SystemExit(f"no report in {path} within {timeout} s")

def child_of(pid):
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(c) for c in f.read().split()]

def run_once(args, scenario):
    out = tempfile.mktemp(prefix="vmscope-measure-", suffix=".json")
    report_file = tempfile.mktemp(prefix="vmscope-measure-", suffix=".report")
    storm = {"watched": ["storm", "600000"], "lagging": ["storm", "600000"], "unwatched": ["storm", "600000"],
             "file": ["filestorm", "100000"], "faults": ["faults", "1024"], "deep": ["deepstorm", "600000"]}[scenario]
    storm = [workload(storm[0]), storm[1]]
    floor = None
    sysctl_stats(True)
    try:
        iwi0 = iwi()
        if scenario == "unwatched":
            sleeper = subprocess.Popen(["sleep", "600"])
            vm = subprocess.Popen([args.vmscope, "trace"] + args.trace_arg + ["--json", "-o", out, "-p", str(sleeper.pid)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ids = wait_loaded(vm.pid)
            floor = floor_programs() if args.floor else None
            if floor:
                ids |= prog_ids(floor.pid)
            polls = perf_polls(vm.pid)
            before = prog_stats(ids)
            iwi0 = iwi()
            summary = subprocess.run(storm, capture_output=True, text=True).stdout
            stats_on_at_end = stats_enabled()
            after = prog_stats(ids)
            iwi1 = iwi()
            vm.send_signal(signal.SIGINT)
            vm.wait()
            sleeper.kill(); sleeper.wait()
        else:
            vm = subprocess.Popen([args.vmscope, "trace"] + args.trace_arg + ["--json", "-o", out, "--", storm[0], "-l", "-o", report_file,
                                   storm[1]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ids = wait_loaded(vm.pid)
            floor = floor_programs() if args.floor else None
            if floor:
                ids |= prog_ids(floor.pid)
            polls = perf_polls(vm.pid)
            before = {}
            if scenario == "lagging":
                time.sleep(1.0)
                vm.send_signal(signal.SIGSTOP)
                time.sleep(2.0)
                vm.send_signal(signal.SIGCONT)
            summary = wait_for_file(report_file)
            stats_on_at_end = stats_enabled()
            after = prog_stats(ids)
            iwi1 = iwi()
            for child in child_of(vm.pid):
                os.kill(child, signal.SIGTERM)
            vm.wait()
            os.unlink(report_file)
        poll_count, wakeup_count = perf_result(polls)
        if floor:
            floor.terminate()
            floor.wait()
    finally:
        sysctl_stats(False)
    records = None
    kinds = {}
    try:
        with open(out) as f:
            for line in f:
                if '"type":"event"' in line:
                    m = re.search(r'"kind":"([a-z_]+)"', line)
                    if m:
                        kinds[m.group(1)] = kinds.get(m.group(1), 0) + 1
                        if m.group(1) == "lost":
                            c = re.search(r'"count":(\d+)', line)
                            kinds["lost_records"] = kinds.get("lost_records", 0) + (int(c.group(1)) if c else 0)
        os.unlink(out)
    except OSError:
        pass
    progs = {}
    for name, (t1, c1) in after.items():
        t0, c0 = before.get(name, (0, 0))
        dt, dc = t1 - t0, c1 - c0
        progs[name] = {"run_time_ns": dt, "run_cnt": dc, "ns_per_run": round(dt / dc, 1) if dc else None}
    try:
        storm_summary = report(summary)
    except ValueError:
        storm_summary = {"raw": summary}
    return {"scenario": scenario, "label": args.label, "trace_args": args.trace_arg, "stats_stayed_on": stats_on_at_end, "storm": storm_summary, "programs": progs,
            "irq_work_interrupts": iwi1 - iwi0, "vmscope_polls": poll_count, "vmscope_wakeups": wakeup_count, "event_kinds": kinds}

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--vmscope", required=True)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--label", default="")
    p.add_argument("--trace-arg", action="append", default=[],
                   help="an option for vmscope trace (repeatable), e.g. --trace-arg=--no-stacks")
    p.add_argument("--floor", action="store_true",
                   help="also attach empty programs (after vmscope's) to show what bpf_stats adds per run")
    p.add_argument("scenario", choices=["watched", "unwatched", "file", "faults", "lagging", "deep"])
    args = p.parse_args()
    for _ in range(args.runs):
        print(json.dumps(run_once(args, args.scenario)), flush=True)

if __name__ == "__main__":
    main()
