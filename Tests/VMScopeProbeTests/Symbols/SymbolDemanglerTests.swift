import Testing
@testable import VMScopeProbe

@Suite struct SymbolDemanglerTests {
    @Test func cPlusPlusNamesReadAsSource() {
        #expect(SymbolDemangler.readable("_ZN7storage5Table4growEm") == "storage::Table::grow(unsigned long)")
        #expect(SymbolDemangler.readable("_Z10grow_tablev") == "grow_table()")
    }

    @Test func swiftNamesReadAsSourceWithoutThePrivateDiscriminator() {
        #expect(SymbolDemangler.readable("$s7vmscope12DemoWorkloadC3runs5NeverOyF")
                == "vmscope.DemoWorkload.run() -> Swift.Never")
        #expect(SymbolDemangler.readable("$s7vmscope12DemoWorkloadC5cycle33_AECF90E2DC76C97BFB5DF23CB8449D6FLLyyF")
                == "vmscope.DemoWorkload.cycle() -> ()")
    }

    @Test func cNamesAndNamesThatDoNotDemangleStayAsTheyAre() {
        #expect(SymbolDemangler.readable("grow_table") == "grow_table")
        #expect(SymbolDemangler.readable("_Znot_mangled!") == "_Znot_mangled!")
        #expect(SymbolDemangler.readable("$sgarbage\u{1b}[31m") == "$sgarbage\u{1b}[31m")
        #expect(SymbolDemangler.readable("") == "")
    }

    @Test func onlyAHexDiscriminatorIsDropped() {
        #expect(SymbolDemangler.simplified("a.(b in _12AB)() -> ()") == "a.b() -> ()")
        #expect(SymbolDemangler.simplified("a.(b in _xyz)() -> ()") == "a.(b in _xyz)() -> ()")
        #expect(SymbolDemangler.simplified("f(x in _1)") == "fx")
    }
}
