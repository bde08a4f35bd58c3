/// What the renderer may use: how wide to lay out, whether to colour, whether the
/// terminal understands OSC 8 hyperlinks (otherwise links become numbered references).
public struct RenderOptions: Sendable, Equatable {
    public var width: Int
    public var colors: Bool
    public var hyperlinks: Bool

    public init(width: Int = 80, colors: Bool = false, hyperlinks: Bool = false) {
        self.width = max(RenderOptions.minimumWidth, width)
        self.colors = colors
        self.hyperlinks = hyperlinks
    }

    /// Below this, frames and tables cannot show anything useful.
    public static let minimumWidth = 20
    /// Lines longer than this are hard to read, however wide the terminal.
    public static let readableWidth = 100

    public static func plain(width: Int = 80) -> RenderOptions {
        RenderOptions(width: width, colors: false, hyperlinks: false)
    }
}
