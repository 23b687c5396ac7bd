/// What the watch list holds: anything with a process's picture. The run loop's entries carry
/// the engine's side of a process too; tests use `ProcessViewModel` itself.
public protocol WatchListEntry: AnyObject {
    var view: ProcessViewModel { get }
}

extension ProcessViewModel: WatchListEntry {
    public var view: ProcessViewModel { self }
}
