/*
 * availability.c - the search for free slots (facility_int.h): for each
 * resource in service that fits the search, the spans of the days asked
 * in which it is open, under no maintenance, and has the seats asked for
 * free (and its outer resource its share), long enough. The bookings and
 * windows of each resource are read once and swept day by day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "facility/facility.h"
#include "facility/facility_int.h"

/*
 * Resources read per batch (with the ones they lie in, at most what one
 * read of what holds seats takes), the days of it swept at a time, and
 * resources answered per request at most.
 */
#define BATCH (FACILITY_BUSY_IDS / 2)
#define CHUNK 14
#define LIMIT_MAX 100

/* The search as asked, checked. */

/*
 * What holds seats of one resource (and of its outer one), and room for
 * the edges of an open span cut by them.
 */
struct holds {
	const struct facility_busy *self, *outer;
	size_t nself, nouter;
	int64_t seats, outer_seats, share;
	int64_t *cuts;
	size_t cap_cuts;
};

/*
 * What a search for free slots and a centre's week look at: a batch of
 * candidates, the park's calendar, what holds seats of the batch (`all`:
 * `len` rows, `cap` room) and of the candidate in hand (`h`).
 */
struct look {
	struct facility_candidate *batch;
	struct facility_calendar *cal;
	struct facility_busy *all;
	size_t len, cap;
	struct holds h;
};

/* Room for a batch and a calendar: 0 or ERR_NOMEM; look_free() after. */
static int
look_alloc(struct look *l)
{
	l->batch = calloc(BATCH, sizeof(*l->batch));
	l->cal = calloc(1, sizeof(*l->cal));
	return l->batch && l->cal ? 0 : ERR_NOMEM;
}

static void
look_free(struct look *l)
{
	free(l->all);
	free(l->h.cuts);
	free(l->batch);
	free(l->cal);
}

/*
 * Integer argument `name` of `in` (a number, or its decimal text) within
 * [min, max] into *v, `def` when absent or empty: 0 or ERR_INVALID.
 */
static int
int_arg(json_t *in, const char *name, int64_t def, int64_t min, int64_t max,
	int64_t *v, struct problem *pb)
{
	json_t *j = json_object_get(in, name);
	const char *s = json_string_value(j);
	char *end;

	*v = def;
	if (json_is_integer(j)) {
		*v = json_integer_value(j);
	} else if (s && *s) {
		*v = strtoll(s, &end, 10);
		if (*end)
			return problem_key(pb, ERR_INVALID, name,
					   "err.integer",
					   "must be a whole number");
	}
	if (*v < min || *v > max)
		return problem_range(pb, ERR_INVALID, name, "err.range",
				     (long long)min, (long long)max,
				     "out of range");
	return 0;
}

int
facility_search_parse(json_t *in, struct facility_search *s,
		      struct problem *pb)
{
	const char *c = record_text(in, "certified");
	char today[TIME_DATE_LEN + 1];
	bool known = false;
	int rc;

	s->kind = record_text(in, "kind") ? record_text(in, "kind") : "";
	for (const char *const *k = facility_kinds; *k && *s->kind; k++)
		known = known || !strcmp(*k, s->kind);
	if (*s->kind && !known)
		return problem_key(pb, ERR_INVALID, "kind", "err.choice",
				   "kind is not one of the allowed values");
	if ((rc = int_arg(in, "centre_id", 0, 0, INT64_MAX, &s->centre, pb)) ||
	    (rc = int_arg(in, "after", 0, 0, INT64_MAX, &s->after, pb)) ||
	    (rc = int_arg(in, "limit", 20, 1, LIMIT_MAX, &s->limit, pb)) ||
	    (rc = int_arg(in, "minutes", 60, 1, FACILITY_DAY, &s->minutes,
			  pb)) ||
	    (rc = int_arg(in, "seats", 1, 1, 10000, &s->seats, pb)))
		return rc;
	s->certified = c && (!strcmp(c, "1") || !strcmp(c, "true") ||
			     !strcmp(c, "on"));
	s->now = facility_minute_of(time(NULL));
	time_today_beijing(today);
	s->first = facility_day_of(*record_str(in, "from") ?
				   record_str(in, "from") : today);
	if (s->first < 0)
		return problem_key(pb, ERR_INVALID, "from", "err.date",
				   "from must be a date, YYYY-MM-DD");
	s->last = record_text(in, "to") && *record_text(in, "to") ?
		  facility_day_of(record_text(in, "to")) : s->first + 6;
	if (s->last < 0)
		return problem_key(pb, ERR_INVALID, "to", "err.date",
				   "to must be a date, YYYY-MM-DD");
	if (s->last < s->first)
		return problem_key(pb, ERR_INVALID, "to",
				   "err.before_start",
				   "to must not be before from");
	if (s->last - s->first >= FACILITY_DAYS_MAX)
		return problem_range(pb, ERR_INVALID, "to",
				     "facility.err.search_days", 1,
				     FACILITY_DAYS_MAX,
				     "a search covers at most 200 days");
	facility_date_of(s->first, s->from);
	facility_date_of(s->last, s->to);
	return 0;
}

/* Seats of `list` taken over [a, b), which no span of it crosses. */
static int64_t
taken(const struct facility_busy *list, size_t n, int64_t a, int64_t b,
      int64_t all)
{
	int64_t sum = 0;

	for (size_t i = 0; i < n; i++)
		if (list[i].from < b && list[i].to > a)
			sum += list[i].seats < 0 ? all : list[i].seats;
	return sum;
}

static int
cmp_minute(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* Minute `m` as the park's clock shows it, "24:00" at a day's end. */
static void
clock_of(int64_t m, bool end, char out[8])
{
	int64_t of_day = m % FACILITY_DAY;

	if (end && !of_day)
		of_day = FACILITY_DAY;
	snprintf(out, 8, "%02u:%02u", (unsigned)(of_day / 60) % 100,
		 (unsigned)(of_day % 60));
}

/* Slot [from, to) into `slots`, if long enough and room is left. */
static void
add_slot(const struct facility_search *s, int64_t from, int64_t to,
	 json_t *slots, int *left)
{
	char a[TIME_UTC_LEN + 1], b[TIME_UTC_LEN + 1];
	char on[TIME_DATE_LEN + 1], hm[2][8];

	if (to - from < s->minutes || *left <= 0)
		return;
	time_format_utc(facility_time_of(from), a, sizeof(a));
	time_format_utc(facility_time_of(to), b, sizeof(b));
	facility_date_of(from / FACILITY_DAY, on);
	clock_of(from, false, hm[0]);
	clock_of(to, true, hm[1]);
	json_array_append_new(slots, json_pack("{s:s,s:s,s:s,s:s,s:s,s:I}",
		"on", on, "from", hm[0], "to", hm[1], "starts_at", a,
		"ends_at", b, "minutes", (json_int_t)(to - from)));
	(*left)--;
}

/*
 * Add the free spans within open span [a, b) to `slots`: cut it at every
 * edge of what holds seats, and join the pieces that are free.
 */
static void
free_spans(struct holds *h, const struct facility_search *s, int64_t a,
	   int64_t b, json_t *slots, int *left)
{
	int64_t run = -1;
	size_t n = 0;

	h->cuts[n++] = a;
	h->cuts[n++] = b;
	for (size_t i = 0; i < h->nself + h->nouter; i++) {
		const struct facility_busy *e = i < h->nself ? &h->self[i] :
						&h->outer[i - h->nself];

		if (e->from > a && e->from < b)
			h->cuts[n++] = e->from;
		if (e->to > a && e->to < b)
			h->cuts[n++] = e->to;
	}
	qsort(h->cuts, n, sizeof(h->cuts[0]), cmp_minute);
	for (size_t i = 0; i + 1 < n; i++) {
		int64_t x = h->cuts[i], y = h->cuts[i + 1];
		bool free;

		if (x == y)
			continue;
		free = taken(h->self, h->nself, x, y, h->seats) + s->seats <=
		       h->seats && (!h->share || taken(h->outer, h->nouter, x,
		       y, h->outer_seats) + h->share <= h->outer_seats);
		if (free && run < 0)
			run = x;
		if (!free && run >= 0) {
			add_slot(s, run, x, slots, left);
			run = -1;
		}
	}
	if (run >= 0)
		add_slot(s, run, b, slots, left);
}

/* The first of `list` (ordered by resource) that is resource `id`'s. */
static size_t
first_of(const struct facility_busy *list, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (list[mid].resource_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Point `*part`, `*n` at resource `id`'s rows of `all`. */
static void
rows_of(const struct facility_busy *all, size_t len, int64_t id,
	const struct facility_busy **part, size_t *n)
{
	size_t i = first_of(all, len, id), j = i;

	while (j < len && all[j].resource_id == id)
		j++;
	*part = all + i;
	*n = j - i;
}

/*
 * Point `h` at what holds seats of candidate `c` and of its outer one in
 * `all` (`len` rows), with room to cut an open span at their edges.
 */
static void
hold_rows(const struct facility_candidate *c, const struct facility_busy *all,
	  size_t len, struct holds *h)
{
	rows_of(all, len, c->row.id, &h->self, &h->nself);
	h->nouter = 0;
	h->seats = c->row.seats;
	h->share = 0;
	if (c->row.parent_id && c->outer_seats) {
		rows_of(all, len, c->row.parent_id, &h->outer, &h->nouter);
		h->outer_seats = c->outer_seats;
		h->share = c->row.parent_seats;
	}
	if (h->cap_cuts < 2 * (h->nself + h->nouter) + 2) {
		h->cap_cuts = 2 * (h->nself + h->nouter) + 2;
		h->cuts = xreallocarray(h->cuts, h->cap_cuts,
					sizeof(*h->cuts));
	}
}

/*
 * The free slots of candidate `c` on days [first, last] into `slots`,
 * `*left` at most, from `all` (`len` rows): what holds seats of it and
 * of its outer one then.
 */
static void
slots_of(const struct facility_candidate *c, const struct facility_search *s,
	 const struct facility_calendar *cal, int64_t first, int64_t last,
	 const struct facility_busy *all, size_t len, struct holds *h,
	 json_t *slots, int *left)
{
	int64_t spans[FACILITY_HOURS_MAX][2];
	int n;

	hold_rows(c, all, len, h);
	for (int64_t day = first; day <= last && *left > 0; day++) {
		n = facility_open_spans(&c->hours, cal, day, spans);
		for (int i = 0; i < n && *left > 0; i++) {
			int64_t a = spans[i][0] > s->now ?
				    spans[i][0] : s->now;

			if (spans[i][1] - a >= s->minutes)
				free_spans(h, s, a, spans[i][1], slots, left);
		}
	}
}

/*
 * What holds seats of the batch's `n` candidates still looking (left[i] >
 * 0) and of the resources they lie in, on days [first, last], into
 * l->all.
 */
static int
busy_of(struct db *db, struct look *l, int n, const int *left,
	int64_t first, int64_t last)
{
	char from[TIME_UTC_LEN + 1], to[TIME_UTC_LEN + 1];
	int64_t ids[FACILITY_BUSY_IDS];
	int k = 0;

	time_format_utc(facility_time_of(first * FACILITY_DAY), from,
			sizeof(from));
	time_format_utc(facility_time_of((last + 1) * FACILITY_DAY), to,
			sizeof(to));
	for (int i = 0; i < n; i++) {
		if (left[i] <= 0)
			continue;
		ids[k++] = l->batch[i].row.id;
		if (l->batch[i].row.parent_id)
			ids[k++] = l->batch[i].row.parent_id;
	}
	l->len = 0;
	return k ? facility_store_busy(db, ids, k, from, to, &l->all, &l->len,
				       &l->cap) : 0;
}

/* Whether the caller's person may use candidate `c`. */
static int
may_use(struct db *db, const struct principal *p,
	const struct facility_candidate *c, bool *yes)
{
	struct problem ignored = { 0 };
	int rc = facility_holds_certificate(db, &c->row, p->person_id,
					    &ignored);

	*yes = !rc;
	return rc == ERR_FORBIDDEN ? 0 : rc;
}

int
facility_available(struct db *db, const struct principal *p, int64_t id,
		   json_t *in, json_t **out, struct problem *pb)
{
	struct look l = { 0 };
	struct facility_search s;
	json_t *items = NULL, *slots[BATCH];
	int64_t after, found = 0;
	bool more = true, yes = false;
	int left[BATCH], rc, n = 0, want;

	(void)id;
	*out = NULL;
	if ((rc = auth_require(p, PERM_FACILITY_READ, 0)) ||
	    (rc = facility_search_parse(in, &s, pb)))
		return rc;
	if ((rc = look_alloc(&l)) ||
	    (rc = facility_store_calendar(db, s.first, s.last, l.cal)))
		goto out;
	items = json_array();
	after = s.after;
	/* Batch by batch, until the answer is full or none is left. */
	while (more && found < s.limit && !rc) {
		want = s.limit - found < BATCH ? (int)(s.limit - found) : BATCH;
		rc = facility_store_candidates(db, s.kind, s.centre, after,
					       l.batch, want, &n);
		more = n == want;
		for (int i = 0; i < n; i++) {
			left[i] = l.batch[i].row.seats < s.seats ? 0 :
				  FACILITY_SLOTS_MAX;
			slots[i] = json_array();
		}
		for (int i = 0; i < n && s.certified && !rc; i++)
			if (left[i] && !(rc = may_use(db, p, &l.batch[i],
						      &yes)) && !yes)
				left[i] = 0;
		/*
		 * Fortnight by fortnight, while some still look: most find
		 * their slots in the first days of the search.
		 */
		for (int64_t d = s.first; d <= s.last && !rc; d += CHUNK) {
			int64_t e = d + CHUNK - 1 < s.last ? d + CHUNK - 1 :
				    s.last;
			bool looking = false;

			for (int i = 0; i < n; i++)
				looking = looking || left[i] > 0;
			if (!looking ||
			    (rc = busy_of(db, &l, n, left, d, e)))
				break;
			for (int i = 0; i < n; i++)
				if (left[i] > 0)
					slots_of(&l.batch[i], &s, l.cal, d, e,
						 l.all, l.len, &l.h, slots[i],
						 &left[i]);
		}
		for (int i = 0; i < n; i++) {
			const struct facility_candidate *c = &l.batch[i];

			if (rc || found == s.limit ||
			    !json_array_size(slots[i])) {
				json_decref(slots[i]);
				continue;
			}
			after = c->row.id;
			json_array_append_new(items, json_pack(
				"{s:{s:I,s:s,s:s,s:I,s:I,s:s},s:o}",
				"resource", "id", (json_int_t)c->row.id,
				"name", c->row.name, "kind", c->row.kind,
				"seats", (json_int_t)c->row.seats,
				"centre_id", (json_int_t)c->centre_id,
				"place", c->place, "slots", slots[i]));
			found++;
		}
		if (n && found < s.limit)
			after = l.batch[n - 1].row.id;
	}
	if (!rc) {
		/* A full answer tells where the next one starts. */
		*out = json_pack("{s:s,s:s,s:I,s:I,s:o,s:o}", "from", s.from,
				 "to", s.to, "minutes", (json_int_t)s.minutes,
				 "seats", (json_int_t)s.seats, "items", items,
				 "next_after", found == s.limit ?
				 json_integer(after) : json_null());
		items = NULL;
	}
out:
	json_decref(items);
	look_free(&l);
	return rc;
}

/* ---- a centre's week ---- */

/* Free minutes of candidate `c` for one seat over open span [a, b). */
static int64_t
free_minutes(struct holds *h, int64_t a, int64_t b)
{
	struct facility_search one = { .minutes = 1, .seats = 1 };
	json_t *spans = json_array(), *span;
	int64_t sum = 0;
	int left = (int)FACILITY_DAY;
	size_t i;

	free_spans(h, &one, a, b, spans, &left);
	json_array_foreach(spans, i, span)
		sum += record_int(span, "minutes");
	json_decref(spans);
	return sum;
}

/* The cell of candidate `c` on day `day`: its state and what it holds. */
static json_t *
day_cell(const struct facility_candidate *c, int64_t day,
	 const struct facility_calendar *cal, struct holds *h)
{
	int64_t spans[FACILITY_HOURS_MAX][2], open = 0, free = 0, taken = 0;
	char date[TIME_DATE_LEN + 1];
	const char *state;
	int n = facility_open_spans(&c->hours, cal, day, spans);

	for (size_t i = 0; i < h->nself; i++)
		if (h->self[i].seats >= 0 && h->self[i].from <
		    (day + 1) * FACILITY_DAY && h->self[i].to >
		    day * FACILITY_DAY)
			taken++;
	for (int i = 0; i < n; i++) {
		open += spans[i][1] - spans[i][0];
		free += free_minutes(h, spans[i][0], spans[i][1]);
	}
	state = !n ? "closed" : free == open && !taken ? "free" :
		!free ? "full" : "partly";
	facility_date_of(day, date);
	return json_pack("{s:s,s:s,s:I,s:I,s:I}", "date", date, "state", state,
			 "bookings", (json_int_t)taken, "open_minutes",
			 (json_int_t)open, "free_minutes", (json_int_t)free);
}

int
facility_centre_week(struct db *db, const struct principal *p, int64_t id,
		     json_t *in, json_t **out, struct problem *pb)
{
	struct look l = { 0 };
	char today[TIME_DATE_LEN + 1], d[3][TIME_DATE_LEN + 1];
	const char *asked = record_text(in, "from");
	int64_t monday, day;
	json_t *days = NULL, *rows = NULL, *cells;
	int left[BATCH], rc, n = 0;

	*out = NULL;
	if ((rc = auth_require(p, PERM_FACILITY_READ, 0)))
		return rc;
	time_today_beijing(today);
	day = facility_day_of(asked && *asked ? asked : today);
	if (day < 0)
		return problem_key(pb, ERR_INVALID, "from", "err.date",
				   "from must be a date, YYYY-MM-DD");
	monday = day - (day + 3) % 7;
	if ((rc = look_alloc(&l)) ||
	    (rc = facility_store_candidates(db, "", id, 0, l.batch, BATCH,
					    &n)) ||
	    (rc = facility_store_calendar(db, monday, monday + 6, l.cal)))
		goto out;
	for (int i = 0; i < n; i++)
		left[i] = 1;
	if ((rc = busy_of(db, &l, n, left, monday, monday + 6)))
		goto out;
	days = json_array();
	for (int k = 0; k < 7; k++) {
		facility_date_of(monday + k, d[0]);
		json_array_append_new(days, json_pack("{s:s,s:i}", "date",
					d[0], "weekday", k + 1));
	}
	rows = json_array();
	for (int i = 0; i < n; i++) {
		const struct facility_candidate *c = &l.batch[i];

		hold_rows(c, l.all, l.len, &l.h);
		cells = json_array();
		for (int k = 0; k < 7; k++)
			json_array_append_new(cells, day_cell(c, monday + k,
						l.cal, &l.h));
		json_array_append_new(rows, json_pack(
			"{s:{s:I,s:s,s:s,s:I},s:o}", "resource", "id",
			(json_int_t)c->row.id, "name", c->row.name, "kind",
			c->row.kind, "seats", (json_int_t)c->row.seats,
			"cells", cells));
	}
	facility_date_of(monday, d[0]);
	facility_date_of(monday - 7, d[1]);
	facility_date_of(monday + 7, d[2]);
	*out = json_pack("{s:I,s:s,s:s,s:s,s:o,s:o}", "centre_id",
			 (json_int_t)id, "from", d[0], "prev", d[1], "next",
			 d[2], "days", days, "rows", rows);
	days = rows = NULL;
out:
	json_decref(days);
	json_decref(rows);
	look_free(&l);
	return rc;
}
