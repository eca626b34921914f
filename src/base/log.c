/*
 * log.c - timestamped log lines on stderr (see log.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/time.h"

static enum log_level threshold = LOG_INFO;

static const char *const level_names[] = { "debug", "info", "warn", "error" };

void
log_set_level(enum log_level level)
{
	threshold = level;
}

void
log_init_from_env(void)
{
	const char *v = getenv("JIANGGU_LOG");

	if (!v)
		return;
	for (int i = 0; i < 4; i++)
		if (!strcmp(v, level_names[i]))
			threshold = (enum log_level)i;
}

/*
 * Append msg[0 .. len) to line at *n (at most cap - 2 bytes in all, room
 * kept for the newline), each control byte (below 0x20, and 0x7f) and
 * each backslash written as \xHH: a logged path or name can never start
 * a line of its own or pass for something the server wrote (nginx's
 * access log escapes the same way). A sequence that would not fit whole
 * is dropped with everything after it.
 */
static void
put_escaped(char *line, size_t *n, size_t cap, const char *msg, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)msg[i];

		if (c >= 0x20 && c != 0x7f && c != '\\') {
			if (*n + 1 > cap - 2)
				return;
			line[(*n)++] = (char)c;
			continue;
		}
		if (*n + 4 > cap - 2)
			return;
		line[(*n)++] = '\\';
		line[(*n)++] = 'x';
		line[(*n)++] = hex[c >> 4];
		line[(*n)++] = hex[c & 15];
	}
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char line[2048], msg[2048];
	size_t n;
	va_list ap;
	int k;

	if (level < threshold)
		return;
	time_now_utc(line);
	n = strlen(line);
	n += (size_t)snprintf(line + n, sizeof(line) - n, " %s ",
			      level_names[level]);
	va_start(ap, fmt);
	k = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (k < 0)
		k = 0;
	put_escaped(line, &n, sizeof(line), msg, (size_t)k < sizeof(msg) ?
		    (size_t)k : sizeof(msg) - 1);
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0)
		return;
}
