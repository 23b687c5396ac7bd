/// An error the user can cause or fix, shown as one line: `vmscope: <message>`.
struct CommandError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
