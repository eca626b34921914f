/*
 * fuzz_buf.c - libFuzzer target for src/base/buf.c.
 *
 * Byte 0 chooses the cap and whether memory comes from the heap or from an
 * arena with a small budget; the bytes after it are a program of buffer
 * operations (add, printf of a slice, printf of a wide number, addch,
 * truncate, reset, detach). A plain model runs beside the buffer, and after
 * every operation the buffer must agree with it: same bytes, same length,
 * NUL-terminated, never over the cap, and the same sticky error (the model
 * cannot predict an arena running out, so there ERR_NOMEM is accepted
 * whenever the model would have appended).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ARENA_BUDGET 20000

/* The model: what the buffer should hold. */
struct model {
	char *p;
	size_t len, cap, max;
	int err;
};

static void
model_reserve(struct model *m, size_t n)
{
	if (n <= m->cap)
		return;
	m->cap = n * 2;
	m->p = realloc(m->p, m->cap);
	if (!m->p)
		abort();
}

/*
 * Apply an append of `n` bytes of `s` to the model, given the error the
 * buffer reported afterwards.
 */
static void
model_add(struct model *m, const char *s, size_t n, int buf_err, int arena)
{
	if (m->err)
		return;
	if (n > m->max || m->len > m->max - n) {
		m->err = ERR_TOOBIG;
		return;
	}
	if (arena && buf_err == ERR_NOMEM) {
		m->err = ERR_NOMEM;
		return;
	}
	if (n == 0)
		return;		/* m->p may still be NULL */
	model_reserve(m, m->len + n);
	memcpy(m->p + m->len, s, n);
	m->len += n;
}

static void
check(const struct buf *b, const struct model *m)
{
	if (!b->ptr || b->ptr[b->len] != '\0')
		abort();
	if (b->len > b->max || b->max != m->max)
		abort();
	if (b->cap && (b->len >= b->cap || b->cap > b->max + 1))
		abort();
	if (b->err != m->err || b->len != m->len)
		abort();
	if (m->len && memcmp(b->ptr, m->p, m->len))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m = { 0 };
	struct arena a;
	struct buf b;
	size_t i = 1, k;
	int arena;

	if (size < 1)
		return 0;
	arena = data[0] & 0x80;
	k = data[0] & 0x7f;
	arena_init(&a, ARENA_BUDGET);
	buf_init(&b, arena ? &a : NULL, k * k * 4);
	m.max = b.max;
	check(&b, &m);

	while (i < size) {
		uint8_t op = data[i++] % 7;
		size_t n = i < size ? data[i++] : 0;
		const char *s = (const char *)data + i;
		char *out;

		switch (op) {
		case 0:		/* add the next n bytes */
			if (n > size - i)
				n = size - i;
			buf_add(&b, s, n);
			model_add(&m, s, n, b.err, arena);
			i += n;
			break;
		case 1:		/* printf them: stops at a NUL */
			if (n > size - i)
				n = size - i;
			buf_addf(&b, "%.*s", (int)n, s);
			model_add(&m, s, strnlen(s, n), b.err, arena);
			i += n;
			break;
		case 2: {	/* printf a number n * 64 wide */
			size_t w = n * 64 ? n * 64 : 1;
			char *num = malloc(w);

			if (!num)
				abort();
			memset(num, '0', w);
			num[w - 1] = '7';
			buf_addf(&b, "%0*d", (int)(n * 64), 7);
			model_add(&m, num, w, b.err, arena);
			free(num);
			break;
		}
		case 3: {
			char c = (char)n;

			buf_addch(&b, c);
			model_add(&m, &c, 1, b.err, arena);
			break;
		}
		case 4:
			buf_truncate(&b, n * 3);
			if (n * 3 < m.len)
				m.len = n * 3;
			break;
		case 5:
			buf_reset(&b);
			m.len = 0;
			m.err = 0;
			break;
		case 6: {	/* detach; the buffer starts anew */
			size_t len = 0;

			out = buf_detach(&b, &len);
			if (len != m.len)
				abort();
			if (!out) {
				/* Only an empty arena buffer, past budget. */
				if (!arena || len)
					abort();
			} else if (out[len] != '\0' ||
				   (len && memcmp(out, m.p, len))) {
				abort();
			}
			if (!arena)
				free(out);
			m.len = 0;
			m.err = 0;
			break;
		}
		}
		check(&b, &m);
	}
	buf_release(&b);
	arena_release(&a);
	free(m.p);
	return 0;
}
