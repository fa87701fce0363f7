#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Locale set-up for the wide-character curses API.
enum CursesLocale {
    /// Adopts the user's locale; when that yields C/POSIX (common in containers), switches the
    /// character type to `C.UTF-8` so `get_wch` decodes UTF-8 and wide characters draw.
    static func ensureUTF8() {
        setlocale(LC_ALL, "")
        let ctype = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "C"
        if ctype == "C" || ctype == "POSIX" {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil {
                setlocale(LC_CTYPE, "C.utf8")
            }
        }
    }
}
