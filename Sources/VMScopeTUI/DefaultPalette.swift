import VMScopeCore

/// The built-in colours. Kept as tables so a theme can replace any of them wholesale.
///
/// Region kinds get well-separated hues on 256-colour terminals (heap orange, anonymous green,
/// files cyan, libraries light blue/purple, stacks red/pink, guard grey); on 16 colours some
/// kinds share a hue, and the table and legend still name them. Heat is a green-yellow-red ramp.
/// Flashes are bright backgrounds so they show over any region colour. Without colour, roles
/// that must stand out (selection, flashes, header/footer bars) use reverse/bold.
public enum DefaultPalette {
    private static func color(_ xterm: Int16, _ basic: Int16) -> PaletteColor { PaletteColor(xterm, basic: basic) }
    private static func fg(_ xterm: Int16, _ basic: Int16, _ attributes: TextAttributes = [],
                           mono: TextAttributes = []) -> PaletteStyle {
        PaletteStyle(foreground: color(xterm, basic), attributes: attributes, monochrome: mono)
    }
    private static func bar(_ fgX: Int16, _ fgB: Int16, on bgX: Int16, _ bgB: Int16,
                            _ attributes: TextAttributes = [], mono: TextAttributes = [.reverse]) -> PaletteStyle {
        PaletteStyle(foreground: color(fgX, fgB), background: color(bgX, bgB), attributes: attributes, monochrome: mono)
    }

    /// Region kind → (xterm-256, basic-16).
    public static let regionColors: [RegionKind: PaletteStyle] = [
        .text: fg(33, 4),
        .rodata: fg(67, 4),
        .data: fg(141, 5),
        .bss: fg(98, 13),
        .heap: fg(208, 3, [.bold], mono: [.bold]),
        .anonymous: fg(42, 2),
        .file: fg(38, 6),
        .libraryText: fg(111, 12),
        .libraryData: fg(183, 5),
        .stack: fg(196, 1, [], mono: [.bold]),
        .threadStack: fg(174, 9),
        .vdso: fg(229, 11),
        .vvar: fg(187, 11),
        .vsyscall: fg(187, 11),
        .guardPage: fg(240, 8, [], mono: [.dim]),
        .sharedMemory: fg(44, 14),
    ]

    /// Heat 0 (no faults) ... 8 (hottest).
    public static let heatRamp: [PaletteStyle] = [
        fg(238, 8, [], mono: [.dim]),
        fg(22, 2), fg(28, 2), fg(34, 10), fg(100, 3),
        fg(142, 3), fg(178, 11), fg(208, 11, [.bold], mono: [.bold]), fg(196, 9, [.bold], mono: [.bold]),
    ]

    public static let eventColors: [EventLogCategory: PaletteStyle] = [
        .brk: fg(208, 3),
        .mmap: fg(42, 2),
        .munmap: fg(203, 1),
        .mremap: fg(141, 5),
        .mprotect: fg(75, 4),
        .fault: fg(226, 3),
        .failure: fg(196, 9, [.bold], mono: [.bold]),
        .process: fg(117, 6, [.bold], mono: [.bold]),
        .lost: fg(196, 9, [.bold, .reverse], mono: [.reverse]),
    ]

    public static let chrome: [ThemeRole: PaletteStyle] = [
        .normal: PaletteStyle(),
        .dim: fg(244, 8, [.dim], mono: [.dim]),
        .title: fg(255, 15, [.bold], mono: [.bold]),
        .border: fg(240, 8, [], mono: [.dim]),
        .header: bar(250, 7, on: 236, 0),
        .headerValue: bar(231, 15, on: 236, 0, [.bold], mono: [.reverse, .bold]),
        .footer: bar(250, 7, on: 236, 0),
        .footerKey: bar(214, 11, on: 236, 0, [.bold], mono: [.reverse, .bold]),
        .selection: bar(16, 0, on: 117, 6, [], mono: [.reverse]),
        .warning: fg(214, 11, [.bold], mono: [.bold]),
        .error: fg(196, 9, [.bold], mono: [.bold, .underline]),
        .unmapped: fg(237, 8, [], mono: [.dim]),
        .gapBreak: fg(244, 7, [], mono: [.dim]),
        .gapLabel: fg(250, 7),
        .heapMarker: fg(208, 11, [.bold], mono: [.bold]),
        .mmapMarker: fg(42, 10, [.bold], mono: [.bold]),
        .convergenceGap: fg(226, 11, [.bold], mono: [.bold, .underline]),
        .flashMapped: bar(16, 0, on: 46, 10, [.bold], mono: [.reverse, .bold]),
        .flashUnmapped: bar(16, 0, on: 203, 9, [.bold], mono: [.reverse]),
        .flashFaulted: bar(16, 0, on: 226, 11, [.bold], mono: [.reverse]),
    ]

    public static let palette: Palette = {
        var styles = chrome
        for (kind, style) in regionColors { styles[.region(kind)] = style }
        for (level, style) in heatRamp.enumerated() { styles[.heat(level)] = style }
        for (category, style) in eventColors { styles[.event(category)] = style }
        return Palette(name: "default", styles: styles)
    }()
}
