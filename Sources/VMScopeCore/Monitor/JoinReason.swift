/// Why a process is watched.
public enum JoinReason: Sendable, Hashable {
    /// Named by the user (a pid, a name, the picker).
    case attached
    /// A command vmscope started and watched before it exec'd.
    case launched
    /// Forked by a watched process while children are followed; watched from its first
    /// instruction where the source follows children itself.
    case forked(parent: Int32)
    /// Found running under a watched process when following was switched on, or (without
    /// fork events) at a periodic scan of parent links.
    case found
}
