import HummingbirdBcrypt

/// Passwords are stored as bcrypt hashes, never as text.
public enum Passwords {
    /// The bcrypt cost of new hashes: about a quarter of a second per check on this project's
    /// machines, which makes guessing slow.
    public static let cost: UInt8 = 12

    /// The shortest password an account may have.
    public static let minimumLength = 10

    /// The bcrypt hash of `password` (`cost` lower only in tests).
    public static func hash(_ password: String, cost: UInt8 = Passwords.cost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// Why `password` is refused, or nil.
    public static func problem(_ password: String) -> String? {
        guard password.count >= minimumLength else { return "a password has at least \(minimumLength) characters" }
        guard password.utf8.count <= 72 else { return "bcrypt reads at most 72 bytes of a password" }
        return nil
    }
}
