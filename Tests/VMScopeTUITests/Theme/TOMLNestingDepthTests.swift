import Testing
@testable import VMScopeTUI

/// Nesting in a theme file — dotted keys, table headers, arrays, inline tables — is read by
/// recursion. A file of a megabyte (the size limit) can nest half a million deep; that must be
/// a one-line error, not a stack overflow. (Found by reading the fuzzer's blind spot: random
/// mutation rarely builds a long run of `[` or `a.`.)
@Suite struct TOMLNestingDepthTests {
    static let depth = 200_000

    @Test func aDeepDottedKeyIsRefused() {
        let text = Array(repeating: "a", count: Self.depth).joined(separator: ".") + " = 1\n"
        #expect(throws: TOMLSyntaxError.self) { try TOMLSubsetReader.read(text) }
    }

    @Test func aDeepTableHeaderIsRefused() {
        let text = "[" + Array(repeating: "a", count: Self.depth).joined(separator: ".") + "]\n"
        #expect(throws: TOMLSyntaxError.self) { try TOMLSubsetReader.read(text) }
    }

    @Test func deeplyNestedArraysAreRefused() {
        let text = "a = " + String(repeating: "[", count: Self.depth) + String(repeating: "]", count: Self.depth) + "\n"
        #expect(throws: TOMLSyntaxError.self) { try TOMLSubsetReader.read(text) }
    }

    @Test func deeplyNestedInlineTablesAreRefused() {
        let text = "a = " + String(repeating: "{b = ", count: Self.depth) + "1" + String(repeating: "}", count: Self.depth) + "\n"
        #expect(throws: TOMLSyntaxError.self) { try TOMLSubsetReader.read(text) }
    }

    /// What a theme really uses (`[roles.bar.heap]`, `fg = [1, 2]`) stays well inside the limit.
    @Test func ordinaryNestingIsRead() throws {
        let text = "[a.b.c.d.e.f.g.h]\nx.y.z = [[1, 2], [3]]\nw = {p = {q = 1}}\n"
        _ = try TOMLSubsetReader.read(text)
    }
}
