#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// The wide-character API (get_wch, wint_t, cchar_t) is only declared when this is set
// before curses.h; SwiftPM drops pkg-config's -D flags, so define it here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>
// Static-inline shims for macros and globals that do not import into Swift are added
// by EventScopeCurses' owner below this line.
#include <signal.h>
#include <unistd.h>
#include <sys/ioctl.h>
#ifdef __APPLE__
#include <util.h>  /* openpty on macOS */
#else
#include <pty.h>
#endif
#include <termios.h>

// MARK: - Globals (Swift 6 rejects reading curses' mutable globals directly)

static inline WINDOW *es_stdscr(void) { return stdscr; }
static inline int es_lines(void) { return LINES; }
static inline int es_cols(void) { return COLS; }
static inline int es_colors(void) { return COLORS; }
static inline int es_color_pairs(void) { return COLOR_PAIRS; }
static inline int es_getmaxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int es_getmaxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }

// MARK: - Result codes and keys

static inline int es_err(void) { return ERR; }
static inline int es_ok(void) { return OK; }
static inline int es_key_code_yes(void) { return KEY_CODE_YES; }
static inline int es_key_f(int n) { return KEY_F(n); }

// MARK: - Attributes

static inline attr_t es_a_normal(void) { return A_NORMAL; }
static inline attr_t es_a_bold(void) { return A_BOLD; }
static inline attr_t es_a_dim(void) { return A_DIM; }
static inline attr_t es_a_italic(void) { return A_ITALIC; }
static inline attr_t es_a_underline(void) { return A_UNDERLINE; }
static inline attr_t es_a_reverse(void) { return A_REVERSE; }
static inline attr_t es_a_blink(void) { return A_BLINK; }

/// Fills `cc` with a grapheme of up to CCHARW_MAX wide characters, attributes and an
/// extended colour pair (pair numbers above 32767 go through the `opts` pointer).
static inline int es_setcchar(cchar_t *cc, const wchar_t *wch, attr_t attrs, int pair) {
    return setcchar(cc, wch, attrs, (short)(pair > 32767 ? 0 : pair), pair > 32767 ? &pair : NULL);
}
static inline int es_ccharw_max(void) { return CCHARW_MAX; }

// MARK: - Mouse

static inline mmask_t es_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t es_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }
static inline mmask_t es_button_pressed(int b) { return NCURSES_MOUSE_MASK(b, NCURSES_BUTTON_PRESSED); }
static inline mmask_t es_button_released(int b) { return NCURSES_MOUSE_MASK(b, NCURSES_BUTTON_RELEASED); }
static inline mmask_t es_button_clicked(int b) { return NCURSES_MOUSE_MASK(b, NCURSES_BUTTON_CLICKED); }
static inline mmask_t es_button_double_clicked(int b) { return NCURSES_MOUSE_MASK(b, NCURSES_DOUBLE_CLICKED); }
static inline mmask_t es_button_shift(void) { return BUTTON_SHIFT; }
static inline mmask_t es_button_ctrl(void) { return BUTTON_CTRL; }
static inline mmask_t es_button_alt(void) { return BUTTON_ALT; }

// MARK: - Terminal plumbing (variadic ioctl does not import)

static inline int es_set_winsize(int fd, unsigned short rows, unsigned short cols) {
    struct winsize ws = { .ws_row = rows, .ws_col = cols, .ws_xpixel = 0, .ws_ypixel = 0 };
    return ioctl(fd, TIOCSWINSZ, &ws);
}

/// Opens a pseudo-terminal pair of `rows`×`cols` (openpty is in libc since glibc 2.34).
static inline int es_openpty(int *master, int *slave, unsigned short rows, unsigned short cols) {
    struct winsize ws = { .ws_row = rows, .ws_col = cols, .ws_xpixel = 0, .ws_ypixel = 0 };
    return openpty(master, slave, NULL, NULL, &ws);
}

static inline int es_get_winsize(int fd, unsigned short *rows, unsigned short *cols) {
    struct winsize ws;
    int r = ioctl(fd, TIOCGWINSZ, &ws);
    if (r == 0) { *rows = ws.ws_row; *cols = ws.ws_col; }
    return r;
}

// MARK: - Signals
//
// A handler may only do async-signal-safe work: it records the signal and writes one byte
// to the backend's wake pipe; the curses thread then restores the terminal (endwin) and
// re-raises the signal with its default action.

static volatile sig_atomic_t es_pending_signal = 0;
static volatile int es_wake_fd = -1;

static inline void es_signal_handler(int sig) {
    es_pending_signal = sig;
    int fd = es_wake_fd;
    if (fd >= 0) { char c = 's'; ssize_t r = write(fd, &c, 1); (void)r; }
}

/// Installs `es_signal_handler` for `sig` (SA_RESTART off so poll wakes up).
static inline int es_install_signal_handler(int sig) {
    struct sigaction sa;
    sa.sa_handler = es_signal_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    return sigaction(sig, &sa, NULL);
}

/// Restores the default action for `sig`.
static inline int es_default_signal_handler(int sig) {
    struct sigaction sa;
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    return sigaction(sig, &sa, NULL);
}

// MARK: - Crash guard
// A crash (a Swift trap is SIGILL or SIGTRAP; also SIGABRT, SIGSEGV, SIGBUS, SIGFPE) cannot
// wait for the curses thread: the handler puts the terminal back itself with async-signal-
// safe calls only (tcsetattr with the modes saved before curses started, and a write of the
// sequences that leave the alternate screen, show the cursor, reset colours and mouse
// reporting), then lets the signal take its default action.

static struct termios *volatile es_saved_modes = 0;
static volatile int es_crash_in_fd = -1;
static volatile int es_crash_out_fd = -1;

static inline void es_crash_handler(int sig) {
    int in = es_crash_in_fd, out = es_crash_out_fd;
    struct termios *modes = es_saved_modes;
    if (in >= 0 && modes) { tcsetattr(in, TCSANOW, modes); }
    if (out >= 0) {
        static const char restore[] = "\033[0m\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[?25h\033[?1049l\r\n";
        ssize_t r = write(out, restore, sizeof restore - 1); (void)r;
    }
    struct sigaction sa;
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(sig, &sa, NULL);
    raise(sig);
}

/// Saves the terminal modes of `in_fd` into `modes` (storage that lives as long as the
/// process) and arms the crash handlers for `in_fd`/`out_fd`.
static inline void es_crash_guard_arm(int in_fd, int out_fd, struct termios *modes) {
    if (tcgetattr(in_fd, modes) != 0) return;
    es_saved_modes = modes;
    es_crash_in_fd = in_fd;
    es_crash_out_fd = out_fd;
    int sigs[] = { SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        sa.sa_handler = es_crash_handler;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_NODEFER | SA_RESETHAND;
        sigaction(sigs[i], &sa, NULL);
    }
}

/// Disarms the crash handlers (the terminal is restored normally).
static inline void es_crash_guard_disarm(void) {
    es_crash_in_fd = -1;
    es_crash_out_fd = -1;
    int sigs[] = { SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        sa.sa_handler = SIG_DFL;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = 0;
        sigaction(sigs[i], &sa, NULL);
    }
}

static inline int es_take_pending_signal(void) { int s = es_pending_signal; es_pending_signal = 0; return s; }
static inline void es_set_wake_fd(int fd) { es_wake_fd = fd; }
#endif
