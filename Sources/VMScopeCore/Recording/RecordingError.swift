/// A recording that cannot be read: one line naming the file and the byte offset where it
/// went wrong (`FILE: byte N: what is wrong`), never a crash.
public struct RecordingError: Error, CustomStringConvertible, Sendable, Hashable {
    public var path: String
    /// Offset in the file of the field or record at fault (nil: the file as a whole).
    public var offset: Int?
    public var message: String

    public init(path: String, offset: Int?, message: String) {
        self.path = path
        self.offset = offset
        self.message = message
    }

    public var description: String {
        let name = SafeText.escape(path)
        guard let offset else { return "\(name): \(message)" }
        return "\(name): byte \(offset): \(message)"
    }
}
