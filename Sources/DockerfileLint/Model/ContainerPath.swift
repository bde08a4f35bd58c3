/// Paths inside the image, as the WORKDIR and COPY rules judge them.
enum ContainerPath {
    /// Whether `path` (unquoted) lands wherever the working directory is: not absolute
    /// (`/app`), not a variable's value, which may be absolute (`$HOME/app`), and not a
    /// Windows drive path (`C:\app`).
    static func isRelative(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.hasPrefix("$") { return false }
        var characters = path.makeIterator()
        guard let drive = characters.next(), let colon = characters.next() else { return true }
        return !(drive.isLetter && colon == ":")
    }
}
