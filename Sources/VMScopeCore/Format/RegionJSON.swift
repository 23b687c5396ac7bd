/// A region as JSON, the same in `trace --json` snapshot records and `layout --json`.
public enum RegionJSON {
    /// The region's keys added to `line` (an object being built, e.g. an element of
    /// `add(_:objectsOf:_:)`).
    public static func add(to line: inout JSONLine, _ region: Region) {
        line.add("start", region.start)
        line.add("end", region.end)
        line.add("perms", region.permissions.description)
        line.add("offset", region.offset)
        line.add("dev", String(region.deviceMajor, radix: 16) + ":" + String(region.deviceMinor, radix: 16))
        line.add("inode", region.inode)
        line.add("path", region.pathname)
        line.add("deleted", region.isDeleted)
        line.add("kind", region.kind.label)
    }
}
