import Glibc
import VMScopeCore

/// The command after `--`, as the bytes the user gave. argument-parser hands out Strings, built
/// from argv with invalid UTF-8 replaced (`a\xffb` becomes `a\u{FFFD}b`): passed on, that would
/// run another command than the one typed, or none (a path with such bytes does not exist).
struct CommandArguments: Equatable {
    /// Each argument's bytes, exactly as they reach the child's exec.
    let raw: [[UInt8]]

    init(raw: [[UInt8]]) { self.raw = raw }

    /// Arguments that are text already (the demo's own command line).
    init(_ strings: [String]) { raw = strings.map { Array($0.utf8) } }

    /// The original bytes of `parsed` (the arguments after `--`, as argument-parser decoded
    /// them): the same number of arguments at the end of this process's argv. Each is checked
    /// to decode to the parsed String; if any does not (never expected), the Strings are used.
    static func recovering(_ parsed: [String],
                           argv: [[UInt8]] = CommandArguments.processArguments()) -> CommandArguments {
        guard parsed.count <= argv.count else { return CommandArguments(parsed) }
        let tail = Array(argv.suffix(parsed.count))
        for (bytes, string) in zip(tail, parsed) where String(decoding: bytes, as: UTF8.self) != string {
            return CommandArguments(parsed)
        }
        return CommandArguments(raw: tail)
    }

    /// This process's argv, byte for byte.
    static func processArguments() -> [[UInt8]] {
        (0..<Int(CommandLine.argc)).compactMap { index in
            CommandLine.unsafeArgv[index].map { pointer in
                Array(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                                          count: strlen(pointer)))
            }
        }
    }

    var isEmpty: Bool { raw.isEmpty }

    /// For showing: text as it is (writers escape control characters where they show it), and
    /// an argument that is not UTF-8 with its bad bytes as `\xNN`.
    var display: [String] {
        raw.map { String(validating: $0, as: UTF8.self) ?? SafeText.escape(bytes: $0) }
    }
}
