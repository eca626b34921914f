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

static json_t *
kept(struct db_memo *m, uint64_t generation, uint64_t version,
     const char *key)
{
	json_t *out = NULL;

	pthread_mutex_lock(&m->lock);
	for (int i = 0; i < DB_MEMO_SLOTS && !out; i++)
		if (m->slot[i].generation == generation &&
		    m->slot[i].version == version && m->slot[i].text &&
		    !strcmp(m->slot[i].key, key))
			out = json_loads(m->slot[i].text, 0, NULL);
	pthread_mutex_unlock(&m->lock);
	return out;
}

static void
keep(struct db_memo *m, uint64_t generation, uint64_t version,
     const char *key, const json_t *answer)
{
	char *text = json_dumps(answer, JSON_COMPACT);
	int k = -1;

	if (!text)
		return;
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
	free(m->slot[k].text);
	m->slot[k].generation = generation;
	m->slot[k].version = version;
	snprintf(m->slot[k].key, sizeof(m->slot[k].key), "%s", key);
	m->slot[k].text = text;
	pthread_mutex_unlock(&m->lock);
}

void
db_memo_forget(uint64_t generation)
{
	pthread_mutex_lock(&memos_lock);
	for (struct db_memo *m = memos; m; m = m->next_memo) {
		pthread_mutex_lock(&m->lock);
		for (int i = 0; i < DB_MEMO_SLOTS; i++) {
			if (m->slot[i].generation != generation)
				continue;
			free(m->slot[i].text);
			m->slot[i].text = NULL;
			m->slot[i].generation = 0;
			m->slot[i].key[0] = '\0';
		}
		pthread_mutex_unlock(&m->lock);
	}
	pthread_mutex_unlock(&memos_lock);
}

int
db_memo_answer(struct db_memo *m, struct db *db, const char *key,
	       int (*compute)(struct db *db, const char *key, json_t **out),
	       json_t **out)
{
	uint64_t generation = db_generation(db), before = 0, after = 0;
	bool versioned;
	int rc;

	pthread_once(&switch_once, read_switch);
	versioned = !memo_off && strlen(key) < DB_MEMO_KEY &&
		    !db_data_version(db, &before);
	if (versioned && (*out = kept(m, generation, before, key)))
		return 0;
	*out = NULL;
	rc = compute(db, key, out);
	if (rc) {
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	if (versioned && !db_data_version(db, &after) && after == before)
		keep(m, generation, before, key, *out);
	return 0;
}
