/// Receives raw ring-buffer records from libbpf's C callback. A class so it can travel through
/// the callback's `void *ctx` as an unretained pointer; `BPFProgram` keeps it alive.
final class RecordSink {
    var receive: (UnsafeRawBufferPointer) -> Void
    /// Records still allowed in the current `consume()`. libbpf 1.1's consume loops for as long
    /// as new records keep arriving, which under a steady producer could be forever; running
    /// out of budget makes the callback stop it (the rest waits for the next drain).
    var budget = 0

    init(receive: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.receive = receive
    }
}
