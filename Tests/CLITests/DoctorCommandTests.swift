import Foundation
import Testing
import TestSupport

/// `dockerlings doctor` on this machine's real engine, on an engine that is down or hangs,
/// and on a course whose exercise names an image the engine lacks.
@Suite struct DoctorCommandTests {
    let binary = RepoPaths.product("dockerlings")
    let course = RepoPaths.root.path

    func doctor(_ arguments: [String], environment: [String: String] = [:], db: URL) throws -> (status: Int32, checks: [String: [String: Any]], document: [String: Any]) {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        // A workspace of the test's own unless it names one: the machine's ~/dockerlings is not the test's.
        let workspace = arguments.contains("--workspace") ? [] : ["--workspace", db.deletingLastPathComponent().appendingPathComponent("workspace").path]
        let result = try runProcess(binary, ["doctor", "--format", "json", "--db", db.path] + workspace + arguments, environment: env)
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stdoutText)\n\(result.stderrText)")
        let list = try #require(document["checks"] as? [[String: Any]])
        var checks: [String: [String: Any]] = [:]
        for check in list { checks[try #require(check["id"] as? String)] = check }
        return (result.status, checks, document)
    }

    @Test func usageErrorsExitTwoAndSayWhy() throws {
        let format = try runProcess(binary, ["doctor", "--format", "xml"])
        #expect(format.status == 2)
        #expect(format.stderrText.contains("text") && format.stderrText.contains("json"))
        let timeout = try runProcess(binary, ["doctor", "--timeout", "0"])
        #expect(timeout.status == 2)
        #expect(timeout.stderrText.contains("--timeout takes 1 to 3600 seconds"))
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func onTheRealEngineEverythingNeededWorks() throws {
        let dir = try RepoPaths.temporaryDirectory("doctor-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, checks, document) = try doctor(["--course", course], db: dir.appendingPathComponent("progress.sqlite"))
        #expect(status == 0, "\(checks.values.filter { $0["status"] as? String == "problem" })")
        #expect(document["healthy"] as? Bool == true)
        #expect(document["problems"] as? Int == 0)
        for id in ["docker-cli", "engine", "builder", "storage-driver", "disk", "course", "database", "database-integrity", "database-chain", "workspace",
                   "base-image:python:3.12-slim", "base-image:python:3.12", "base-image:busybox:latest"] {
            #expect(checks[id] != nil, "no \(id) check")
        }
        for (id, check) in checks {
            #expect(Set(check.keys) == ["id", "title", "status", "found", "fix"], "\(id)")
            let state = check["status"] as? String
            #expect(state == "ok" || state == "warning", "\(id): \(check)")
            // A check that is not ok says what to do; an ok one has nothing to fix.
            #expect((state == "ok") == (check["fix"] is NSNull), "\(id)")
        }
        #expect(checks["engine"]?["status"] as? String == "ok")
        #expect((checks["engine"]?["found"] as? String)?.contains("API 1.") == true)
        let builder = checks["builder"]?["found"] as? String ?? ""
        #expect(builder.hasPrefix("BuildKit") || builder.hasPrefix("the classic builder"), "\(builder)")
        // The database is only looked at: it does not exist, and the doctor did not create it.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("progress.sqlite").path))

        let text = try runProcess(binary, ["doctor", "--course", course, "--db", dir.appendingPathComponent("progress.sqlite").path,
                                           "--workspace", dir.appendingPathComponent("workspace").path])
        #expect(text.status == 0)
        #expect(text.stdoutText.contains("✓ Docker engine: Docker "))
        #expect(text.stdoutText.contains("Ready: everything the course needs works"))
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func anEngineThatIsDownIsAProblemAndEverythingElseIsStillChecked() throws {
        let dir = try RepoPaths.temporaryDirectory("doctor-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let socket = "unix://" + dir.appendingPathComponent("nothing-listens.sock").path
        let (status, checks, _) = try doctor(["--course", course], environment: ["DOCKER_HOST": socket], db: dir.appendingPathComponent("progress.sqlite"))
        #expect(status == 1)
        let engine = try #require(checks["engine"])
        #expect(engine["status"] as? String == "problem")
        #expect((engine["found"] as? String)?.contains(socket) == true)
        #expect((engine["fix"] as? String)?.contains("DOCKER_HOST") == true)
        #expect(checks["docker-cli"]?["status"] as? String == "ok")
        #expect(checks["course"]?["status"] as? String == "ok")
        #expect(checks["database"]?["status"] as? String == "ok")
        let image = try #require(checks["base-image:python:3.12-slim"])
        #expect(image["status"] as? String == "warning")
        #expect((image["found"] as? String)?.contains("not checked") == true)

        let text = try runProcess(binary, ["doctor", "--course", course, "--db", dir.appendingPathComponent("progress.sqlite").path,
                                           "--workspace", dir.appendingPathComponent("workspace").path],
                                  environment: ProcessInfo.processInfo.environment.merging(["DOCKER_HOST": socket]) { $1 })
        #expect(text.status == 1)
        #expect(text.stdoutText.contains("✗ Docker engine (problem): no engine answers at \(socket)"))
        #expect(text.stdoutText.contains("fix: Start the engine at DOCKER_HOST="))
        #expect(text.stdoutText.contains("Not ready"))
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func anEngineThatHangsCannotHangTheDoctor() throws {
        let dir = try RepoPaths.temporaryDirectory("doctor-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A socket that accepts connections and never answers: the docker CLI waits forever.
        let path = dir.appendingPathComponent("hangs.sock").path
        let listener = try #require(SilentSocket(path: path))
        defer { listener.close() }
        let started = Date()
        let (status, checks, _) = try doctor(["--course", course, "--timeout", "3"], environment: ["DOCKER_HOST": "unix://" + path],
                                             db: dir.appendingPathComponent("progress.sqlite"))
        #expect(Date().timeIntervalSince(started) < 60, "not stuck")
        #expect(status == 1)
        #expect(checks["engine"]?["status"] as? String == "problem")
        #expect((checks["engine"]?["found"] as? String)?.contains("within 3 s") == true, "\(checks["engine"] ?? [:])")
        #expect(checks["course"]?["status"] as? String == "ok")
    }

    @Test func theWorkspaceIsLookedAtLastFromNotMadeToSetUpToDamaged() throws {
        let dir = try RepoPaths.temporaryDirectory("doctor-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = dir.appendingPathComponent("my-workspace")
        let db = dir.appendingPathComponent("progress.sqlite")
        func workspace() throws -> [String: Any] {
            let (_, checks, document) = try doctor(["--course", course, "--workspace", root.path], db: db)
            #expect(((document["checks"] as? [[String: Any]])?.last?["id"] as? String) == "workspace")
            return try #require(checks["workspace"])
        }
        let notMade = try workspace()
        #expect(notMade["status"] as? String == "ok")
        #expect((notMade["found"] as? String)?.contains("not made yet; `dockerlings init \(root.path)`") == true, "\(notMade)")

        let made = try runProcess(binary, ["init", root.path, "--course", course])
        #expect(made.status == 0, "\(made.stderrText)")
        let setUp = try workspace()
        #expect(setUp["status"] as? String == "ok")
        #expect((setUp["found"] as? String)?.contains("exercise folders, writable") == true, "\(setUp)")

        try FileManager.default.removeItem(at: root.appendingPathComponent("first-dockerfile"))
        let missing = try workspace()
        #expect(missing["status"] as? String == "warning")
        #expect((missing["found"] as? String)?.contains("missing: first-dockerfile") == true, "\(missing)")
        #expect((missing["fix"] as? String)?.contains("dockerlings init \(root.path)") == true)

        try FileManager.default.removeItem(at: root)
        try Data("not a folder".utf8).write(to: root)
        let file = try workspace()
        #expect(file["status"] as? String == "problem")
        #expect((file["fix"] as? String)?.contains("--workspace") == true)
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func aBaseImageTheEngineLacksIsNamedWithHowToGetIt() throws {
        let dir = try RepoPaths.temporaryDirectory("doctor-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A course of one exercise, copied from the real one, whose starter names an image no engine has.
        let exercise = dir.appendingPathComponent("course/Exercises/first-dockerfile")
        try FileManager.default.createDirectory(at: exercise.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: RepoPaths.root.appendingPathComponent("Exercises/first-dockerfile"), to: exercise)
        let missing = "dockerlings-doctor-missing-\(UUID().uuidString.prefix(8).lowercased()):1.0"
        let dockerfile = exercise.appendingPathComponent("Dockerfile")
        let original = try String(contentsOf: dockerfile, encoding: .utf8)
        try original.replacingOccurrences(of: #"(?m)^FROM \S+"#, with: "FROM \(missing)", options: .regularExpression)
            .write(to: dockerfile, atomically: true, encoding: .utf8)

        let (status, checks, _) = try doctor(["--course", exercise.deletingLastPathComponent().deletingLastPathComponent().path],
                                             db: dir.appendingPathComponent("progress.sqlite"))
        #expect(status == 1)
        let check = try #require(checks["base-image:\(missing)"])
        #expect(check["status"] as? String == "problem")
        #expect((check["found"] as? String)?.contains("first-dockerfile") == true)
        let fix = check["fix"] as? String ?? ""
        #expect(fix.contains("make base-images") && fix.contains("docker pull \(missing)"), "\(fix)")
        // The solution's image is still there.
        #expect(checks["base-image:python:3.12-slim"]?["status"] as? String == "ok")
    }
}

/// A unix socket that accepts connections into its backlog and never reads or answers.
final class SilentSocket {
    private let fd: Int32
    private let path: String

    init?(path: String) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            Glibc.close(fd)
            return nil
        }
        self.fd = fd
        self.path = path
    }

    func close() {
        Glibc.close(fd)
        unlink(path)
    }
}

/// The engine is named the way the docker CLI chooses it: DOCKER_HOST, else DOCKER_CONTEXT,
/// else the context `docker context use` saved. The contexts live in a config folder of the
/// test's own (DOCKER_CONFIG), so the machine's are untouched.
@Suite struct DoctorEngineEndpointTests {
    let binary = RepoPaths.product("dockerlings")

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func theEngineIsNamedWithWhatChoseIt() throws {
        let dir = try RepoPaths.temporaryDirectory("doctor-contexts")
        defer { try? FileManager.default.removeItem(at: dir) }
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_HOST"] = nil
        environment["DOCKER_CONTEXT"] = nil
        environment["DOCKER_CONFIG"] = dir.appendingPathComponent("config").path
        let docker = URL(fileURLWithPath: "/usr/bin/env")
        let dead = "unix://" + dir.appendingPathComponent("nothing.sock").path
        #expect(try runProcess(docker, ["docker", "context", "create", "dead-one", "--docker", "host=\(dead)"], environment: environment).status == 0)
        #expect(try runProcess(docker, ["docker", "context", "use", "dead-one"], environment: environment).status == 0)

        func engine(_ extra: [String: String]) throws -> (status: String?, found: String, fix: String?) {
            let result = try runProcess(binary, ["doctor", "--format", "json", "--course", RepoPaths.root.path,
                                                 "--db", dir.appendingPathComponent("progress.sqlite").path],
                                        environment: environment.merging(extra) { $1 })
            let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
            let check = try #require((document["checks"] as? [[String: Any]])?.first { $0["id"] as? String == "engine" })
            return (check["status"] as? String, check["found"] as? String ?? "", check["fix"] as? String)
        }
        let saved = try engine([:])
        #expect(saved.status == "problem")
        #expect(saved.found.contains("\(dead) (context dead-one, chosen with `docker context use`)"), "\(saved.found)")
        #expect(saved.fix?.contains("docker context use default") == true)
        let named = try engine(["DOCKER_CONTEXT": "default"])
        #expect(named.status == "ok", "\(named.found)")
        #expect(named.found.contains("unix:///var/run/docker.sock (context default, from DOCKER_CONTEXT)"), "\(named.found)")
        let host = try engine(["DOCKER_HOST": "unix:///var/run/docker.sock", "DOCKER_CONTEXT": "dead-one"])
        #expect(host.status == "ok")
        #expect(host.found.contains("(from DOCKER_HOST)"))
    }
}
