/// Receives raw ring-buffer records from libbpf's C callback. A class so it can travel through
/// the callback's `void *ctx` as an unretained pointer; `BPFProgram` keeps it alive.
final class RecordSink {
    var receive: (UnsafeRawBufferPointer) -> Void

    init(receive: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.receive = receive
    }
}
