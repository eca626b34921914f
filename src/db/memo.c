/*
 * memo.c - answers kept while the database stands still (memo.h).
 *
 * Every memo that has kept an answer is on one list, so that closing a
 * connection can drop its answers from all of them. Locks are taken in
 * one order: the list's, then a memo's.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"
#include "db/memo.h"

static pthread_mutex_t memos_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db_memo *memos;

static pthread_once_t switch_once = PTHREAD_ONCE_INIT;
static bool memo_off;

static void
read_switch(void)
{
	const char *v = getenv("JIANGGU_MEMO");

	memo_off = v && (!strcmp(v, "off") || !strcmp(v, "0"));
}

/* The text kept for `key` at `version`, copied into `out`; whether any. */
static bool
kept(struct db_memo *m, uint64_t generation, uint64_t version,
     const char *key, struct buf *out)
{
	bool found = false;

	pthread_mutex_lock(&m->lock);
	for (int i = 0; i < DB_MEMO_SLOTS && !found; i++)
		if (m->slot[i].generation == generation &&
		    m->slot[i].version == version && m->slot[i].text &&
		    !strcmp(m->slot[i].key, key)) {
			buf_add(out, m->slot[i].text, m->slot[i].len);
			found = true;
		}
	pthread_mutex_unlock(&m->lock);
	return found;
}

static void
clear_slot(struct db_memo *m, int i)
{
	free(m->slot[i].text);
	free(m->slot[i].key);
	m->slot[i].text = NULL;
	m->slot[i].key = NULL;
	m->slot[i].len = 0;
	m->slot[i].generation = 0;
}

static void
keep(struct db_memo *m, uint64_t generation, uint64_t version,
     const char *key, const char *answer, size_t len)
{
	char *text = malloc(len + 1), *key_copy = strdup(key);
	int k = -1;

	if (!text || !key_copy) {
		free(text);
		free(key_copy);
		return;
	}
	memcpy(text, answer, len);
	text[len] = '\0';
	pthread_mutex_lock(&memos_lock);
	pthread_mutex_lock(&m->lock);
	if (!m->listed) {
		m->next_memo = memos;
		memos = m;
		m->listed = true;
	}
	pthread_mutex_unlock(&memos_lock);
	for (int i = 0; i < DB_MEMO_SLOTS && k < 0; i++)
		if (m->slot[i].generation == generation &&
		    !strcmp(m->slot[i].key, key))
			k = i;
	if (k < 0)
		k = (int)(m->next++ % DB_MEMO_SLOTS);
	clear_slot(m, k);
	m->slot[k].generation = generation;
	m->slot[k].version = version;
	m->slot[k].key = key_copy;
	m->slot[k].text = text;
	m->slot[k].len = len;
	pthread_mutex_unlock(&m->lock);
}

void
db_memo_forget(uint64_t generation)
{
	pthread_mutex_lock(&memos_lock);
	for (struct db_memo *m = memos; m; m = m->next_memo) {
		pthread_mutex_lock(&m->lock);
		for (int i = 0; i < DB_MEMO_SLOTS; i++)
			if (m->slot[i].generation == generation)
				clear_slot(m, i);
		pthread_mutex_unlock(&m->lock);
	}
	pthread_mutex_unlock(&memos_lock);
}

int
db_memo_text(struct db_memo *m, struct db *db, const char *key,
	     int (*compute)(struct db *db, void *ctx, struct buf *out),
	     void *ctx, struct buf *out)
{
	uint64_t generation = db_generation(db), before = 0, after = 0;
	size_t start = out->len;
	bool versioned;
	int rc;

	pthread_once(&switch_once, read_switch);
	/*
	 * The version of a moment ago answers what is kept; what is computed
	 * now is kept only if a fresh one still equals it.
	 */
	versioned = !memo_off && !db_data_version_recent(db, &before);
	if (versioned && kept(m, generation, before, key, out))
		return buf_error(out);
	rc = compute(db, ctx, out);
	if (!rc)
		rc = buf_error(out);
	if (!rc && versioned && !db_data_version(db, &after) &&
	    after == before)
		keep(m, generation, before, key, out->ptr ? out->ptr + start
						       : "", out->len - start);
	return rc;
}

/* db_memo_answer() through db_memo_text(): the JSON answer as text. */
struct json_compute {
	const char *key;
	int (*compute)(struct db *db, const char *key, json_t **out);
};

static int
compute_json_text(struct db *db, void *ctx, struct buf *out)
{
	const struct json_compute *jc = ctx;
	json_t *answer = NULL;
	char *text;
	int rc = jc->compute(db, jc->key, &answer);

	if (!rc) {
		text = json_dumps(answer, JSON_COMPACT);
		if (text)
			buf_addstr(out, text);
		else
			rc = ERR_NOMEM;
		free(text);
	}
	json_decref(answer);
	return rc;
}

int
db_memo_answer(struct db_memo *m, struct db *db, const char *key,
	       int (*compute)(struct db *db, const char *key, json_t **out),
	       json_t **out)
{
	struct json_compute jc = { key, compute };
	struct buf text;
	int rc;

	*out = NULL;
	buf_init(&text, NULL, 0);
	rc = db_memo_text(m, db, key, compute_json_text, &jc, &text);
	if (!rc && !(*out = json_loadb(text.ptr, text.len, 0, NULL)))
		rc = ERR_NOMEM;
	buf_release(&text);
	return rc;
}
