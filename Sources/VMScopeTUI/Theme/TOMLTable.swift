/// A TOML table: keys in the order written, each with its value and line.
public struct TOMLTable: Sendable, Equatable {
    /// How the table came to be, which decides what TOML allows to add to it later.
    public enum Origin: Sendable, Equatable {
        /// The document itself, or a `[header]`.
        case header
        /// A prefix of a `[header]` (`[a.b]` makes `a`); a later `[a]` may still define it.
        case implied
        /// A prefix of a dotted key (`a.b = 1` makes `a`); more dotted keys may add to it.
        case dottedKey
        /// `{ ... }`: closed once written.
        case inline
    }

    public private(set) var keys: [String] = []
    public private(set) var entries: [String: TOMLNode] = [:]
    public var origin: Origin

    public init(origin: Origin) {
        self.origin = origin
    }

    public subscript(key: String) -> TOMLNode? {
        get { entries[key] }
        set {
            if entries[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            entries[key] = newValue
        }
    }

    /// The entries in the order they were written.
    public var ordered: [(key: String, node: TOMLNode)] {
        keys.compactMap { key in entries[key].map { (key, $0) } }
    }
}
