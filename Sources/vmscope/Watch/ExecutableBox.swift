/// The watched program's path, shared by reference with the Timeline's classifier closure so
/// an exec can update it.
final class ExecutableBox {
    var path: String?
}
