/*
 * log.h - one line per event on stderr, with a UTC timestamp and a level.
 *
 *	2026-11-29T08:00:00Z info listening on http://127.0.0.1:8080
 *
 * Lines are written whole (one write per line), so lines from several
 * threads never interleave. A message is one line whatever it quotes:
 * control bytes (a newline in a requested path, an escape sequence in a
 * name) and backslashes are written as \xHH, so nothing a client sends
 * can forge a line. The access log of the HTTP server uses
 * log_info(). Set the threshold with log_set_level() (default LOG_INFO);
 * JIANGGU_LOG=debug|info|warn|error in the environment sets it at start-up.
 */
#ifndef JG_LOG_H
#define JG_LOG_H

enum log_level {
	LOG_DEBUG,
	LOG_INFO,
	LOG_WARN,
	LOG_ERROR,
};

void log_set_level(enum log_level level);

/* Read JIANGGU_LOG, if set. */
void log_init_from_env(void);

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
