#!/usr/bin/env python3
"""Medians of measure.py's runs: per scenario and label, ns per run of each program (with every
run's figure), the syscall programs' cost per watched memory-call record, forced-wakeup
interrupts and the storm's own time.

    python3 summarize.py RUNS.jsonl
"""
import json, statistics, sys
from collections import defaultdict

runs = defaultdict(list)
for line in open(sys.argv[1]):
    line = line.strip()
    if line:
        r = json.loads(line)
        if r.get("stats_stayed_on") is False:
            # Someone else turned bpf_stats off during the run: its figures cover part of it.
            print(f"(skipped a {r['scenario']} / {r['label']} run: bpf_stats was switched off during it)")
            continue
        runs[(r["scenario"], r["label"])].append(r)

def fmt(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    return f"{statistics.median(values):.0f} ({', '.join(f'{v:.0f}' for v in values)})"

order = ["watched", "unwatched", "file", "faults", "lagging", "deep"]
for (scenario, label), rs in sorted(runs.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1] != "before")):
    print(f"## {scenario} / {label}: {len(rs)} runs")
    names = sorted({n for r in rs for n in r["programs"]})
    for name in names:
        if name == "vmscope_attach":
            continue
        print(f"  {name:24} ns/run {fmt([r['programs'].get(name, {}).get('ns_per_run') for r in rs])}"
              f"   runs {fmt([r['programs'].get(name, {}).get('run_cnt') for r in rs])}")
    # Both syscall programs' time over the watched memory-call records the trace holds.
    per_record, per_sent = [], []
    for r in rs:
        t = sum(r["programs"].get(n, {}).get("run_time_ns", 0) for n in ("vmscope_sys_enter", "vmscope_sys_exit"))
        k = r["event_kinds"]
        records = sum(k.get(x, 0) for x in ("mmap", "munmap", "brk", "mprotect", "mremap", "failed"))
        per_record.append(t / records if records else None)
        # The kernel side paid for the records the full ring buffer refused too.
        sent = records + k.get("lost_records", 0)
        per_sent.append(t / sent if sent else None)
    both = []
    for r in rs:
        both.append(sum((r["programs"].get(n, {}).get("ns_per_run") or 0) for n in ("vmscope_sys_enter", "vmscope_sys_exit")))
    print(f"  sys_enter+sys_exit ns/run summed {fmt(both)}")
    if scenario != "unwatched":
        print(f"  syscall programs' time per memory-call record {fmt(per_record)}")
        print(f"  syscall programs' time per memory-call record sent (received + lost) {fmt(per_sent)}")
    print(f"  IRQ-work interrupts (whole machine) {fmt([r['irq_work_interrupts'] for r in rs])}   vmscope polls {fmt([r['vmscope_polls'] for r in rs])}"
          f"   vmscope's threads woken {fmt([r.get('vmscope_wakeups') for r in rs])}")
    print(f"  storm ns/iteration {fmt([r['storm'].get('ns_per_iteration') for r in rs])}"
          f"   CPU ns/iteration {fmt([r['storm'].get('cpu_ns_per_pair') for r in rs])}"
          f"   lost records {fmt([r['event_kinds'].get('lost_records', r['event_kinds'].get('lost', 0)) for r in rs])}")
