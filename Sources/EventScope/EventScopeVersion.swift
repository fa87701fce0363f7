/// The version of EventScope, the one place it is written: `eventscope --version` prints it,
/// and the release's git tag and the top entry of CHANGELOG.md carry the same number.
public enum EventScopeVersion {
    /// The version, `MAJOR.MINOR.PATCH` (semantic versioning; below 1.0, a minor version
    /// may change public API).
    public static let current = "0.2.2"
}
