/// An image platform, `os/architecture[/variant]`, normalised as containerd's `platforms`
/// package does (`aarch64` → `arm64`, `x86_64` → `amd64`, `armhf` → `arm/v7`, …) so
/// the spellings an engine, a registry and a Dockerfile use compare equal.
public struct ImagePlatform: Sendable, Hashable, CustomStringConvertible {
    public var os: String
    public var architecture: String
    public var variant: String

    public init(os: String, architecture: String, variant: String = "") {
        let (arch, v) = Self.normalize(architecture: architecture.lowercased(), variant: variant.lowercased())
        let lowered = os.lowercased()
        self.os = lowered == "macos" ? "darwin" : lowered
        self.architecture = arch
        self.variant = v
    }

    /// Reads `linux/arm64`, `linux/arm/v7`, or one part (`arm64`, `linux`), the missing
    /// half taken from `default` as BuildKit takes it from the machine it runs on.
    /// An empty trailing variant (`linux/amd64/`, as `docker image inspect` prints) is allowed.
    public init?(_ text: String, default fallback: ImagePlatform? = nil) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, parts.count <= 3, !parts[0].isEmpty, parts.dropFirst().dropLast().allSatisfy({ !$0.isEmpty }) else { return nil }
        let fallback = fallback ?? .host
        if parts.count == 1 {
            let word = parts[0].lowercased()
            if Self.knownOS.contains(word) {
                self.init(os: word, architecture: fallback.architecture, variant: fallback.variant)
            } else if Self.knownArchitectures.contains(word) {
                self.init(os: fallback.os, architecture: word)
            } else {
                return nil
            }
            return
        }
        guard !parts[1].isEmpty else { return nil }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : "")
    }

    /// `os/architecture[/variant]`, as `docker buildx` and BuildKit's messages print it.
    public var description: String {
        variant.isEmpty ? "\(os)/\(architecture)" : "\(os)/\(architecture)/\(variant)"
    }

    /// The platform this program was built for (Linux, or macOS for a Mac build).
    public static var host: ImagePlatform {
        #if arch(arm64)
        let arch = "arm64"
        #elseif arch(x86_64)
        let arch = "amd64"
        #elseif arch(arm)
        let arch = "arm"
        #elseif arch(i386)
        let arch = "386"
        #else
        let arch = "unknown"
        #endif
        #if os(macOS)
        return ImagePlatform(os: "darwin", architecture: arch)
        #elseif os(Windows)
        return ImagePlatform(os: "windows", architecture: arch)
        #else
        return ImagePlatform(os: "linux", architecture: arch)
        #endif
    }

    static let knownOS: Set<String> = [
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux",
        "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos", "macos",
    ]
    static let knownArchitectures: Set<String> = [
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64",
        "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64",
        "s390", "s390x", "sparc", "sparc64", "wasm", "aarch64", "x86_64", "x86-64", "i386", "armhf", "armel",
    ]

    static func normalize(architecture: String, variant: String) -> (String, String) {
        switch architecture {
        case "i386": return ("386", "")
        case "x86_64", "x86-64", "amd64": return ("amd64", variant == "v1" ? "" : variant)
        case "aarch64", "arm64": return ("arm64", ["8", "v8", "8.0", "v8.0"].contains(variant) ? "" : variant)
        case "armhf": return ("arm", "v7")
        case "armel": return ("arm", "v6")
        case "arm":
            switch variant {
            case "", "7": return ("arm", "v7")
            case "5", "6", "8": return ("arm", "v" + variant)
            default: return ("arm", variant)
            }
        default: return (architecture, variant)
        }
    }
}
