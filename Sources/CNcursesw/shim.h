#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE for ncursesw, so ask for the wide-character API
// explicitly before curses.h.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// glibc declares wcwidth only under _XOPEN_SOURCE, which the Swift Glibc module was built without.
extern int wcwidth(wchar_t c);

/// Terminal columns taken by the Unicode scalar `c` (-1 for non-printable), by the UTF-8 width
/// tables whatever the process locale: screens are laid out (and tested) before or without the
/// terminal's setlocale, and in the C locale every non-ASCII scalar is -1. glibc's UTF-8 locales
/// share one width table, so this is what ncurses itself uses once the locale is UTF-8.
static inline int cncurses_wcwidth(unsigned int c) {
    static locale_t utf8 = (locale_t)0;
    if (!utf8) utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (!utf8) return wcwidth((wchar_t)c);
    locale_t previous = uselocale(utf8);
    int width = wcwidth((wchar_t)c);
    uselocale(previous);
    return width;
}

/// Macros and globals Swift cannot see or use directly, as functions.
static inline WINDOW *cncurses_stdscr(void) { return stdscr; }
static inline void cncurses_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }
static inline attr_t cncurses_a_bold(void) { return A_BOLD; }
static inline attr_t cncurses_a_reverse(void) { return A_REVERSE; }
static inline attr_t cncurses_a_dim(void) { return A_DIM; }
static inline attr_t cncurses_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cncurses_a_italic(void) { return A_ITALIC; }
static inline attr_t cncurses_a_normal(void) { return A_NORMAL; }
static inline int cncurses_key_resize(void) { return KEY_RESIZE; }
static inline int cncurses_key_mouse(void) { return KEY_MOUSE; }
static inline mmask_t cncurses_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t cncurses_button5_pressed(void) {
#ifdef BUTTON5_PRESSED
    return BUTTON5_PRESSED;
#else
    return 0;
#endif
}
/// Draws one wide character (a UTF-8-independent cchar_t) with attributes and a colour pair.
static inline int cncurses_put_wide(WINDOW *w, int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t c;
    if (setcchar(&c, text, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(w, y, x, &c);
}

// ---- Backend helpers (NcursesTerminal) ----
#include <langinfo.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/// The current locale's character set name ("UTF-8", "ANSI_X3.4-1968", ...).
static inline const char *cncurses_codeset(void) { return nl_langinfo(CODESET); }
/// ncurses' colour globals (mutable C globals Swift 6 will not read directly).
static inline int cncurses_colors(void) { return COLORS; }
static inline int cncurses_color_pairs(void) { return COLOR_PAIRS; }
static inline int cncurses_key_code_yes(void) { return KEY_CODE_YES; }
static inline mmask_t cncurses_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t cncurses_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t cncurses_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }

/// The terminal's size as the kernel knows it (TIOCGWINSZ is a variadic ioctl). 0 or -1.
static inline int cncurses_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}

// Fatal-signal restore. The handler lives in C so it runs no Swift code at all; the previous
// actions are kept so the handler can hand the signal on to whoever was there before (e.g.
// Swift's crash backtracer), which then prints onto a terminal endwin has already restored.
// The storage is a static local of a static inline function, so each object file that uses
// these functions gets its own copy: call catch/release from ONE Swift file (NcursesTerminal).
// (A weak global here does not work: Swift never emits its definition and it resolves to 0.)
static inline struct sigaction *cncurses_previous_actions(void) {
    static struct sigaction previous[65];
    return previous;
}

static inline void cncurses_fatal_signal_handler(int sig) {
    // endwin is not async-signal-safe; it is what every curses program does, and the
    // alternative is leaving the user's terminal in raw mode on the alternate screen.
    if (!isendwin()) endwin();
    if (sig > 0 && sig < 65) sigaction(sig, &cncurses_previous_actions()[sig], NULL);
    // Blocked while this handler runs: delivered to the previous action when we return.
    raise(sig);
}

/// Installs the restore handler for `sig`, remembering the previous action. Idempotent.
static inline int cncurses_catch_fatal_signal(int sig) {
    if (sig <= 0 || sig >= 65) return -1;
    struct sigaction current;
    if (sigaction(sig, NULL, &current) != 0) return -1;
    if (current.sa_handler == cncurses_fatal_signal_handler) return 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = cncurses_fatal_signal_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_ONSTACK; // a stack overflow's SIGSEGV needs the alternate stack
    return sigaction(sig, &action, &cncurses_previous_actions()[sig]);
}

/// Puts back the action that was there before `cncurses_catch_fatal_signal(sig)`.
static inline int cncurses_release_fatal_signal(int sig) {
    if (sig <= 0 || sig >= 65) return -1;
    struct sigaction current;
    if (sigaction(sig, NULL, &current) != 0) return -1;
    if (current.sa_handler != cncurses_fatal_signal_handler) return 0;
    return sigaction(sig, &cncurses_previous_actions()[sig], NULL);
}

/// Restores the terminal at exit (atexit): a no-op once `endwin` has run or before `newterm`.
static inline void cncurses_exit_hook(void) { if (!isendwin()) endwin(); }
static inline int cncurses_install_exit_hook(void) { return atexit(cncurses_exit_hook); }
#endif
