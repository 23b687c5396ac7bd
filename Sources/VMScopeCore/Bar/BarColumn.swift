/// One column of the address bar.
public struct BarColumn: Sendable, Hashable {
    /// The dominant content: the fill covering most of the column.
    public var fill: BarFill
    /// The addresses the column stands for. Columns are contiguous and increasing, so a fault
    /// or event address finds its column by binary search (`AddressBarLayout.column(containing:)`).
    public var addresses: Range<UInt64>
    /// Index into the layout's `regions` of the region covering most of this column, if any
    /// region touches it: lets the table's selection highlight its columns.
    public var regionIndex: Int?

    public init(fill: BarFill, addresses: Range<UInt64>, regionIndex: Int? = nil) {
        self.fill = fill
        self.addresses = addresses
        self.regionIndex = regionIndex
    }
}
