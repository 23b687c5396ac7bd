import Foundation
import Testing
@testable import VMScopeCore

/// The picker's background rescan: a request scans on the worker's thread, the descriptor wakes
/// the poll loop, and `take()` hands the result over exactly once.
@Suite struct ProcessScanWorkerTests {
    /// Polls the worker's descriptor as the live view's loop does.
    static func waitReadable(_ worker: ProcessScanWorker, milliseconds: Int32 = 10_000) -> Bool {
        var descriptor = pollfd(fd: worker.pollDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) == 1 && descriptor.revents & Int16(POLLIN) != 0
    }

    @Test func aRequestedScanWakesThePollAndIsTakenOnce() throws {
        let worker = try #require(ProcessScanWorker())
        #expect(!Self.waitReadable(worker, milliseconds: 0), "readable before any scan was asked for")
        #expect(worker.take() == nil)

        worker.request()
        #expect(Self.waitReadable(worker))
        let listings = try #require(worker.take())
        #expect(listings.contains { $0.pid == getpid() })
        #expect(!Self.waitReadable(worker, milliseconds: 0), "take() left the wake-up byte behind")
        #expect(worker.take() == nil)
    }

    @Test func requestsWhileScanningAreNotQueuedBehindIt() throws {
        let worker = try #require(ProcessScanWorker())
        for _ in 0..<20 { worker.request() }
        #expect(Self.waitReadable(worker))
        #expect(worker.take() != nil)
        // At most one more scan can have been started (by a request that came just after the
        // first finished); after it, nothing further arrives.
        if Self.waitReadable(worker, milliseconds: 2_000) { #expect(worker.take() != nil) }
        #expect(!Self.waitReadable(worker, milliseconds: 300))
    }

    @Test func theWorkerScansTheTreeItWasGiven() throws {
        let worker = try #require(ProcessScanWorker(reader: ProcessTableReader(procRoot: "/nonexistent/proc")))
        worker.request()
        #expect(Self.waitReadable(worker))
        #expect(worker.take() == [])
    }
}
