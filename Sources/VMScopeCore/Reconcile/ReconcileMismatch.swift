/// How a predicted layout and a snapshot disagree over one range.
public enum ReconcileMismatch: Sendable, Hashable, CustomStringConvertible {
    /// The events say something is mapped here; the snapshot has nothing.
    case onlyPredicted(permissions: Permissions, pathname: String)
    /// The snapshot has a mapping the events did not announce.
    case onlyInSnapshot(permissions: Permissions, pathname: String)
    /// Both have a mapping, with different permissions.
    case permissions(predicted: Permissions, actual: Permissions)

    /// Short machine-friendly name for JSON records.
    public var label: String {
        switch self {
        case .onlyPredicted: "only-predicted"
        case .onlyInSnapshot: "only-in-snapshot"
        case .permissions: "permissions"
        }
    }

    public var description: String {
        switch self {
        case let .onlyPredicted(permissions, pathname):
            "predicted \(permissions) \(Self.name(pathname)) but not in snapshot"
        case let .onlyInSnapshot(permissions, pathname):
            "snapshot has \(permissions) \(Self.name(pathname)) the events did not predict"
        case let .permissions(predicted, actual):
            "permissions \(actual), predicted \(predicted)"
        }
    }

    private static func name(_ pathname: String) -> String {
        pathname.isEmpty ? "anonymous" : SafeText.escape(pathname)
    }
}
