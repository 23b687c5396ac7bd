/// Runs `ProcessTableReader.scan()` off the input thread. A scan reads three or four files per
/// process and counts the lines of maps (2.7 ms for 75 processes in release, Benchmarks/README.md,
/// so tens of ms on a busy server and more in debug builds); done in the poll loop it would
/// stall typing in the picker's filter at every rescan.
public final class ProcessScanWorker: Sendable {
    private let reads: BackgroundReader<Int, [ProcessListing]>
    private let reader: ProcessTableReader

    /// Readable when a scan has finished.
    public var pollDescriptor: Int32 { reads.pollDescriptor }

    /// Nil only when vmscope is out of file descriptors; the caller then scans in place.
    public init?(reader: ProcessTableReader = ProcessTableReader()) {
        guard let reads = BackgroundReader<Int, [ProcessListing]>(label: "vmscope.process-scan") else { return nil }
        self.reads = reads
        self.reader = reader
    }

    /// Starts a scan unless one is already running (a slow scan is not queued up behind itself).
    public func request() {
        let reader = self.reader
        reads.request(0) { reader.scan() }
    }

    /// The newest finished scan, once; nil when none has finished since the last take.
    public func take() -> [ProcessListing]? {
        reads.take()[0]
    }
}
