/// An immutable box, compared and hashed by its value: keeps rarely present, large fields out
/// of values copied by the million (a storm's events).
final class ValueBox<Value: Sendable & Hashable>: Sendable, Hashable {
    let value: Value
    init(_ value: Value) { self.value = value }
    static func == (a: ValueBox, b: ValueBox) -> Bool { a.value == b.value }
    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
