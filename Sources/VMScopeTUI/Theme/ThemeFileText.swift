import Glibc

/// Reads a theme file's text with plain system calls (the TUI module does without Foundation),
/// saying why not in words a user can act on.
enum ThemeFileText {
    struct Problem: Error {
        var message: String
        /// The file does not exist, or cannot be known to (a user theme of that name is then
        /// simply not there).
        var missing: Bool
    }

    /// Themes are a few kilobytes; anything this big is not one.
    static let sizeLimit = 1 << 20

    /// Whether the file is known to exist. When the path cannot even be looked at (a directory on
    /// it unreadable or not a directory: HOME pointing somewhere unreadable), nobody put a theme
    /// there that we could be failing to use.
    private static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    static func read(_ path: String) -> Result<String, Problem> {
        // O_NONBLOCK: opening a FIFO for reading waits for a writer (forever, if none comes);
        // with it the open returns at once and fstat below refuses anything not a regular file.
        // (It changes nothing for a regular file's reads.)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else {
            let code = errno
            return .failure(Problem(message: "cannot read it (\(String(cString: strerror(code))))",
                                    missing: code == ENOENT || !exists(path)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            return .failure(Problem(message: "cannot read it (not a regular file)", missing: false))
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else {
                return .failure(Problem(message: "cannot read it (\(String(cString: strerror(errno))))", missing: false))
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > sizeLimit {
                return .failure(Problem(message: "too big for a theme (over \(sizeLimit / 1024) KiB)", missing: false))
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(Problem(message: "not UTF-8 text", missing: false))
        }
        return .success(text)
    }
}
