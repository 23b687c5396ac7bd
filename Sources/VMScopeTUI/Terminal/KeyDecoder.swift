import CNcursesw

/// Pure mapping from what `wget_wch`/`getmouse` return to `Key`/`MouseKind`, kept apart from
/// the terminal so it can be tested without one.
enum KeyDecoder {
    /// A function-key code (`wget_wch` returned KEY_CODE_YES).
    static func key(forKeyCode code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        // Home/End have several codes: keypad (A1/C1), and the "find"/"select" names some
        // terminfo entries (rxvt, screen) give them.
        case KEY_HOME, KEY_A1, KEY_FIND: return .home
        case KEY_END, KEY_C1, KEY_SELECT: return .end
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_F0 + 1 ... KEY_F0 + 63: return .function(Int(code - KEY_F0))
        default: return .unknown(code)
        }
    }

    /// A character (`wget_wch` returned OK): controls become named keys, the rest printable.
    static func key(forCharacter value: UInt32) -> Key {
        switch value {
        case 0x09: return .tab
        case 0x0A, 0x0D: return .enter
        case 0x1B: return .escape
        case 0x08, 0x7F: return .backspace
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(UInt8(value) + 0x60)))
        case 0x00, 0x1C...0x1F, 0x80...0x9F: return .unknown(Int32(bitPattern: value))
        default:
            // Surrogates and values past U+10FFFF are not characters.
            guard let scalar = Unicode.Scalar(value) else { return .unknown(Int32(bitPattern: value)) }
            return .character(Character(scalar))
        }
    }

    /// Button 1 pressed, clicked or double-clicked: each is a click to us.
    static var clickMask: mmask_t {
        cncurses_button1_pressed() | cncurses_button1_clicked() | cncurses_button1_double_clicked()
    }

    /// The mouse buttons we ask for, in ncurses' mask.
    static var mouseMask: mmask_t { clickMask | cncurses_button4_pressed() | cncurses_button5_pressed() }

    /// What a `getmouse` button state means for us; nil for anything else (releases, motion).
    static func mouseKind(buttonState: mmask_t) -> MouseKind? {
        if buttonState & cncurses_button4_pressed() != 0 { return .wheelUp }
        let wheelDown = cncurses_button5_pressed()
        if wheelDown != 0, buttonState & wheelDown != 0 { return .wheelDown }
        if buttonState & clickMask != 0 { return .click }
        return nil
    }
}
