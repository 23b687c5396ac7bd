/// Why an ELF file's symbols could not be read.
public struct ELFReadError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
