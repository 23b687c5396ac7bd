import VMScopeCore

/// Process lists as `ProcessTableReader.scan()` returns them, for the picker.
public enum ProcessTable {
    /// `count` processes of a busy host: about one in twelve a kernel thread, the rest a mix of
    /// database backends, web workers, Python jobs, JVMs, shells and daemons under a handful of
    /// users, some not watchable (another user's, zombies), sizes spread over four orders of
    /// magnitude, command lines from one word to a couple of hundred bytes.
    public static func listings(count: Int) -> [ProcessListing] {
        let mib: UInt64 = 1024 * 1024
        let users: [(UInt32, String?)] = [(0, "root"), (33, "www-data"), (104, "postgres"), (1000, "alice"),
                                          (1001, "bob"), (1500, nil)]
        return (0..<count).map { index in
            let pid = Int32(2 + index * 3)
            let (uid, user) = users[index % users.count]
            let size = UInt64(1 + (index * 7_919) % 4_000) * mib
            if index % 12 == 0 {
                return ProcessListing(pid: pid, parentPid: 2, userId: 0, userName: "root",
                                      command: "kworker/\(index % 2):\(index % 97)-events", startTimeTicks: UInt64(index),
                                      isKernelThread: true, unreadableReason: "kernel thread")
            }
            let command: String
            let commandLine: [String]
            switch index % 7 {
            case 0:
                command = "postgres"
                commandLine = ["postgres: 15/main: app app_db 10.0.\(index % 256).\(index % 251)(5\(index % 1000)) idle"]
            case 1:
                command = "python3"
                commandLine = ["/usr/bin/python3", "-m", "jobs.worker", "--queue", "ingest-\(index % 40)",
                               "--concurrency", "\(index % 16 + 1)", "--log-file", "/var/log/jobs/worker-\(index).log"]
            case 2:
                command = "nginx"
                commandLine = ["nginx: worker process"]
            case 3:
                command = "java"
                commandLine = ["/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "-Xmx\(index % 8 + 1)g",
                               "-XX:+UseG1GC", "-Dservice.instance=\(index)", "-jar", "/opt/services/orders/orders.jar"]
            case 4:
                command = "bash"
                commandLine = ["-bash"]
            case 5:
                command = "node"
                commandLine = ["node", "/srv/app/dist/server.js", "--port", "\(3000 + index % 100)"]
            default:
                command = "sshd"
                commandLine = ["sshd: \(user ?? "user") [priv]"]
            }
            let unreadable: String? = uid == 1500 ? "permission denied" : index % 97 == 5 ? "zombie" : nil
            return ProcessListing(pid: pid, parentPid: 1, userId: uid, userName: user, command: command,
                                  commandLine: unreadable == "zombie" ? [] : commandLine,
                                  state: ProcessState(letter: unreadable == "zombie" ? "Z" : index % 5 == 0 ? "R" : "S"),
                                  virtualSize: size, residentSize: size / UInt64(2 + index % 9),
                                  mappingCount: unreadable == nil ? 40 + (index * 31) % 2_000 : nil,
                                  startTimeTicks: UInt64(1_000 + index * 13), unreadableReason: unreadable)
        }
    }
}
