/*
 * arena.h - a region allocator: one per request, freed all at once.
 *
 * Everything whose lifetime is "this request" (parsed parameters, query
 * results copied out of the database, the response body) comes from the
 * request's arena; handlers never call free() (nginx's pool, h2o's
 * mem_pool). Non-memory resources register a cleanup hook with arena_defer()
 * and are released when the arena is reset or released, last registered
 * first.
 *
 * An arena may have a budget: allocations that would take it past the budget
 * return NULL, which callers report as ERR_NOMEM. Heap exhaustion aborts (see
 * xalloc.h), so with no budget arena_alloc() never returns NULL.
 *
 * Not thread-safe: an arena belongs to one request on one thread.
 */
#ifndef JG_ARENA_H
#define JG_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena_defer;

struct arena {
	struct arena_block *head;	/* block being carved, newest first */
	struct arena_defer *defers;	/* cleanup hooks, newest first */
	size_t used;			/* bytes taken from the heap so far */
	size_t budget;			/* most bytes to take; 0 = no limit */
};

/* Make `a` an empty arena with a budget in bytes (0: none). Allocates nothing. */
void arena_init(struct arena *a, size_t budget);

/*
 * `size` bytes aligned to `align` (a power of two), uninitialised, valid until
 * the arena is reset or released. NULL only when the budget is exceeded.
 */
void *arena_alloc(struct arena *a, size_t size, size_t align);

/* Like arena_alloc() for `n` zeroed elements; NULL on overflow or budget. */
void *arena_calloc(struct arena *a, size_t n, size_t size, size_t align);

/* Typed helper: an array of n zeroed T. */
#define arena_new(a, T, n) ((T *)arena_calloc((a), (n), sizeof(T), _Alignof(T)))

/* Copies of strings in the arena, NUL-terminated; NULL only past the budget. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Call fn(arg) when the arena is next reset or released. Returns 0, or
 * ERR_NOMEM past the budget (fn is then not registered: the caller must
 * release the resource itself).
 */
int arena_defer(struct arena *a, void (*fn)(void *), void *arg);

/* Run the cleanup hooks and free every block; the arena is empty again. */
void arena_release(struct arena *a);

#endif
