import Foundation
import VMScopeCore

public enum PausedChildError: Error, CustomStringConvertible {
    case emptyCommand
    case forkFailed(errno: Int32)
    case execFailed(command: String, errno: Int32)

    public var description: String {
        switch self {
        case .emptyCommand:
            "no command given after --: put the program to run after it, e.g. `-- ./myprog arg`"
        case .forkFailed(let e):
            "could not start a process: \(String(cString: strerror(e))); free some processes or memory and retry"
        case .execFailed(let command, let e):
            "cannot run '\(SafeText.escape(command))': \(String(cString: strerror(e))); check the name and that it is executable"
        }
    }
}
