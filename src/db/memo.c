/*
 * memo.c - answers kept while the database stands still (memo.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/memo.h"

static json_t *
kept(struct db_memo *m, const struct db *db, uint64_t version,
     const char *key)
{
	json_t *out = NULL;

	pthread_mutex_lock(&m->lock);
	for (int i = 0; i < DB_MEMO_SLOTS && !out; i++)
		if (m->slot[i].db == db && m->slot[i].version == version &&
		    m->slot[i].text && !strcmp(m->slot[i].key, key))
			out = json_loads(m->slot[i].text, 0, NULL);
	pthread_mutex_unlock(&m->lock);
	return out;
}

static void
keep(struct db_memo *m, const struct db *db, uint64_t version,
     const char *key, const json_t *answer)
{
	char *text = json_dumps(answer, JSON_COMPACT);
	int k = -1;

	if (!text)
		return;
	pthread_mutex_lock(&m->lock);
	for (int i = 0; i < DB_MEMO_SLOTS && k < 0; i++)
		if (m->slot[i].db == db && !strcmp(m->slot[i].key, key))
			k = i;
	if (k < 0)
		k = (int)(m->next++ % DB_MEMO_SLOTS);
	free(m->slot[k].text);
	m->slot[k].db = db;
	m->slot[k].version = version;
	snprintf(m->slot[k].key, sizeof(m->slot[k].key), "%s", key);
	m->slot[k].text = text;
	pthread_mutex_unlock(&m->lock);
}

int
db_memo_answer(struct db_memo *m, struct db *db, const char *key,
	       int (*compute)(struct db *db, const char *key, json_t **out),
	       json_t **out)
{
	uint64_t before = 0, after = 0;
	bool versioned = strlen(key) < DB_MEMO_KEY &&
			 !db_data_version(db, &before);
	int rc;

	if (versioned && (*out = kept(m, db, before, key)))
		return 0;
	*out = NULL;
	rc = compute(db, key, out);
	if (rc) {
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	if (versioned && !db_data_version(db, &after) && after == before)
		keep(m, db, before, key, *out);
	return 0;
}
