import Foundation

/// The one folder a test process writes its scratch files under (rule files, databases, audit
/// keys, batch output), so that a test run leaves nothing behind in the temporary folder: the
/// folder is private to the user and is removed, with everything in it, when the process exits,
/// whether or not each test removed what it wrote.
public enum ScratchFolder {
    /// `steady-tests-<unique>` in the temporary folder, created (mode 0700) on first use.
    public static let root: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("steady-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        atexit { try? FileManager.default.removeItem(at: ScratchFolder.root) }
        return root
    }()
}
