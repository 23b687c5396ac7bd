import VMScopeCore
import VMScopeTUI

/// Hand-built process lists for the picker tests: what a small Debian server shows (systemd,
/// sshd, postgres, a python job, kernel threads), plus the awkward cases: a process another user
/// owns (maps denied), a zombie, a comm with a control character, a very long command line.
enum PickerSamples {
    static let kib: UInt64 = 1024
    static let mib: UInt64 = 1024 * 1024

    static func process(_ pid: Int32, _ user: String?, _ command: String, _ argv: [String], vsz: UInt64, rss: UInt64,
                        maps: Int?, uid: UInt32 = 0, reason: String? = nil, kernel: Bool = false,
                        state: Character = "S") -> ProcessListing {
        ProcessListing(pid: pid, parentPid: kernel ? 2 : 1, userId: uid, userName: user, command: command,
                       commandLine: argv, state: ProcessState(letter: state), virtualSize: vsz, residentSize: rss,
                       mappingCount: maps, startTimeTicks: UInt64(pid) * 100, isKernelThread: kernel,
                       unreadableReason: kernel ? "kernel thread" : reason)
    }

    static let listings: [ProcessListing] = [
        process(1, "root", "systemd", ["/sbin/init"], vsz: 166 * mib, rss: 12 * mib, maps: 187),
        process(2, "root", "kthreadd", [], vsz: 0, rss: 0, maps: nil, kernel: true),
        process(3, "root", "rcu_gp", [], vsz: 0, rss: 0, maps: nil, kernel: true),
        process(14, "root", "ksoftirqd/0", [], vsz: 0, rss: 0, maps: nil, kernel: true),
        process(412, "root", "systemd-journal", ["/lib/systemd/systemd-journald"], vsz: 48 * mib, rss: 17 * mib, maps: 96),
        process(655, "root", "cron", ["/usr/sbin/cron", "-f"], vsz: 6 * mib, rss: 2700 * kib, maps: 54),
        process(701, "root", "sshd", ["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"],
                vsz: 15 * mib, rss: 9 * mib, maps: 112),
        process(1203, "postgres", "postgres", ["/usr/lib/postgresql/15/bin/postgres", "-D", "/var/lib/postgresql/15/main"],
                vsz: 215 * mib, rss: 29 * mib, maps: 310, uid: 104),
        process(1240, "postgres", "postgres", ["postgres: 15/main: checkpointer "], vsz: 215 * mib, rss: 7 * mib,
                maps: 298, uid: 104),
        process(1241, "postgres", "postgres", ["postgres: 15/main: background writer "], vsz: 215 * mib,
                rss: 5 * mib, maps: 298, uid: 104),
        process(2210, nil, "agent", ["/opt/agent/bin/agent", "--config", "/etc/agent.yaml"], vsz: 1200 * mib,
                rss: 88 * mib, maps: nil, uid: 1500, reason: "permission denied"),
        process(3056, "alice", "bash", ["-bash"], vsz: 9 * mib, rss: 5 * mib, maps: 71, uid: 1000),
        process(3190, "alice", "python3", ["/usr/bin/python3", "train.py", "--epochs", "40", "--data",
                                           "/srv/datasets/imagenet-subset/train", "--checkpoint-dir",
                                           "/srv/checkpoints/run-2024-06-01-resnet50-lr0.1-bs256-very-long-name"],
                vsz: 3_400 * mib, rss: 1_900 * mib, maps: 1_204, uid: 1000),
        process(3377, "alice", "defunct", [], vsz: 0, rss: 0, maps: nil, uid: 1000, reason: "zombie", state: "Z"),
        process(4242, "alice", "demo\u{1B}[31m", ["/home/alice/demo\u{1B}[31m", "--rounds", "10"], vsz: 2_900 * kib,
                rss: 1_400 * kib, maps: 21, uid: 1000),
        process(12_001, "root", "vmscope", ["vmscope", "--pick"], vsz: 420 * mib, rss: 38 * mib, maps: 233),
    ]

    /// The list as the session would hand it over: demo and postgres watched, with rates.
    static func rows() -> [PickerRow] {
        listings.map { listing in
            switch listing.pid {
            case 4242: PickerRow(listing, isWatched: true, eventsPerSecond: 1234)
            case 1203: PickerRow(listing, isWatched: true, eventsPerSecond: 3.5)
            default: PickerRow(listing)
            }
        }
    }

    static func state(selecting pid: Int32? = nil) -> PickerState {
        PickerState(rows: rows(), selecting: pid)
    }

    /// `count` worker processes with spread-out sizes, for scrolling.
    static func many(_ count: Int) -> [PickerRow] {
        (0..<count).map { index in
            let pid = Int32(20_000 + index * 7)
            return PickerRow(process(pid, "www-data", "worker", ["/usr/bin/worker", "--id", "\(index)"],
                                     vsz: UInt64(100 + index) * mib, rss: UInt64((index * 37) % 500 + 1) * mib,
                                     maps: 80 + index % 40, uid: 33))
        }
    }
}
