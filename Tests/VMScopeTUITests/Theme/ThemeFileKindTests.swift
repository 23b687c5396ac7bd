import Foundation
import Glibc
import Testing
@testable import VMScopeTUI

/// `--theme` names something that is not a regular file: a FIFO used to block open(2) until a
/// writer came (forever); it must fail at once with one line naming the file.
@Suite struct ThemeFileKindTests {
    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vmscope-fifo-\(UUID().uuidString).toml").path
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }

        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var loaded: LoadedTheme?
        Thread {
            loaded = ThemeCatalog(userDirectory: nil).load(path)
            done.signal()
        }.start()
        if done.wait(timeout: .now() + 3) == .timedOut {
            // Unblock the reader so the test process can finish, then fail.
            let writer = open(path, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            _ = done.wait(timeout: .now() + 3)
            Issue.record("loading a FIFO as a theme blocked for 3 s")
            return
        }
        let warning = try #require(loaded?.warning)
        #expect(warning.contains(path))
        #expect(warning.contains("not a regular file"))
        #expect(!warning.contains("\n"))
    }

    @Test func aDirectoryIsRefusedWithOneLine() throws {
        let warning = try #require(ThemeCatalog(userDirectory: nil).load("/tmp/").warning)
        #expect(warning.contains("not a regular file"))
    }
}
