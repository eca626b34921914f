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

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char line[2048];
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
	k = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	if (k < 0)
		k = 0;
	n = n + (size_t)k < sizeof(line) - 2 ? n + (size_t)k : sizeof(line) - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0)
		return;
}
