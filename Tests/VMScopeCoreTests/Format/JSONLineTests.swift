import Foundation
import Testing
@testable import VMScopeCore

/// The byte-level JSON builder `trace --json` and `layout --json` write with: what it writes must
/// parse, and untrusted text must never leave a raw control character in the line.
@Suite struct JSONLineTests {
    func parse(_ line: JSONLine) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.rendered.utf8)) as? [String: Any])
    }

    @Test func integersOfEveryKindAndSize() throws {
        var line = JSONLine()
        line.add("zero", 0)
        line.add("nine", 9)
        line.add("ten", 10)
        line.add("negative", Int32(-42))
        line.add("min", Int64.min + 1)
        line.add("max", UInt64.max)
        line.add("none", Int?.none)
        line.add("list", integers: [Int32(1), -2, 300])
        #expect(line.rendered == #"{"zero":0,"nine":9,"ten":10,"negative":-42,"min":-9223372036854775807,"max":18446744073709551615,"none":null,"list":[1,-2,300]}"#)
        _ = try parse(line)
    }

    @Test func secondsFromNanosecondsAreExactAndShort() throws {
        var line = JSONLine()
        line.add("a", nanoseconds: 0)
        line.add("b", nanoseconds: 1)
        line.add("c", nanoseconds: 26_341_717)
        line.add("d", nanoseconds: -1_500_000_000)
        line.add("e", nanoseconds: 12_000_000_000)
        #expect(line.rendered == #"{"a":0.0,"b":0.000000001,"c":0.026341717,"d":-1.5,"e":12.0}"#)
        let object = try parse(line)
        #expect((object["c"] as? NSNumber)?.doubleValue == 0.026341717)
    }

    @Test func untrustedTextIsEscapedAndParsesBack() throws {
        let hostile = "a\"b\\c\nd\re\tf\u{1B}[31mg\u{7F}h\u{85}i\u{9F}j漢😀/e\u{301}"
        var line = JSONLine()
        line.add("path", hostile)
        line.add("names", [hostile, ""])
        let text = line.rendered
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) },
                "a control character reached the line raw: \(text.debugDescription)")
        #expect(text.contains(#"\u001b[31m"#) && text.contains(#"\u0085"#) && text.contains(#"\u009f"#))
        let object = try parse(line)
        #expect(object["path"] as? String == hostile)
        #expect(object["names"] as? [String] == [hostile, ""])
    }

    @Test func objectsNestAndBooleansAndNulls() throws {
        var inner = JSONLine()
        inner.add("x", true)
        var line = JSONLine()
        line.add("one", object: inner)
        line.add("many", objectsOf: [1, 2]) { object, n in
            object.add("n", n)
            object.add("x", n == 2)
        }
        line.add("none", objectsOf: [Int]()) { object, n in object.add("n", n) }
        line.add("missing", String?.none)
        line.add("flag", false)
        #expect(line.rendered == #"{"one":{"x":true},"many":[{"n":1,"x":false},{"n":2,"x":true}],"none":[],"missing":null,"flag":false}"#)
    }
}
