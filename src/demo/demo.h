/*
 * demo.h - the demo park (`jianggu demo`): the parties of the park in the
 * seed article, loaded into an empty ledger in one transaction.
 *
 * What it holds, and why it looks the way it does, is described at the top
 * of demo.c and in README.md ("The demo park"). In short: the organisations
 * the article names keep their real names and have no credit code (their
 * real codes are unknown, DESIGN §12); every other organisation and every
 * person is invented, with plausible Simplified Chinese names, valid
 * unified social credit codes and valid mobile numbers. Everything comes
 * from a fixed-seed generator, so every run loads the same records.
 *
 * The generators are public so that their properties can be tested.
 */
#ifndef JG_DEMO_H
#define JG_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct audit_actor;

/* The date the demo park's figures are as of (the article's, DESIGN §4). */
#define DEMO_AS_OF "2019-11-18"

/*
 * A small deterministic generator: splitmix64 (Steele, Lea and Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014). The
 * caller owns the struct; seed it by setting `state`.
 */
struct demo_rng {
	uint64_t state;
};

/* The next 64 random bits. */
uint64_t demo_rng_next(struct demo_rng *r);

/* A number in [0, n), n > 0, without modulo bias. */
uint32_t demo_rng_below(struct demo_rng *r, uint32_t n);

/*
 * The check character of an organisation code (GB 11714-1997): the 9th
 * character for the 8 in `first8` (digits and upper-case letters), '0' to
 * '9' or 'X'; '\0' if one of them is neither a digit nor a letter.
 */
char demo_org_code_check(const char *first8);

/*
 * A unified social credit code (GB 32100-2015) into out (19 bytes, NUL
 * terminated): `head` (8 characters: registration authority, category and
 * the administrative division, e.g. "91220113" for a firm registered in
 * Changchun's Jiutai district), then a 9-character organisation code with
 * its GB 11714 check character — 8 random digits, or "MA" and 6 random
 * characters for a registration after the 2015 reform (`ma`) — then the
 * GB 32100 check character. Never fails for a valid `head`.
 */
void demo_credit_code(struct demo_rng *r, const char *head, bool ma,
		      char out[19]);

/*
 * A Chinese person's name (a common surname and a one- or two-character
 * given name, Simplified Chinese, UTF-8) into out (at least 16 bytes).
 */
void demo_person_name(struct demo_rng *r, char *out, size_t size);

/*
 * The mobile number of the `serial`th invented person into out (12 bytes):
 * a mainland prefix chosen by `pick`, then 8 digits that are a bijection
 * of `serial` (below 10^8), so distinct serials never share a number.
 */
void demo_mobile(uint32_t serial, uint32_t pick, char out[12]);

/* What demo_load() loaded; the counts in the order of party.h's lists. */
enum { DEMO_KINDS = 8, DEMO_ROLES = 9 };
struct demo_summary {
	int64_t orgs, people, affiliations;
	int64_t orgs_by_kind[DEMO_KINDS];	/* party_org_kinds[] order */
	int64_t affiliations_by_role[DEMO_ROLES]; /* party_roles[] order */
	char error[256];	/* why it failed, when it did */
};

/*
 * Load the demo park into `db` (migrated, and holding no organisation and
 * no person) in one transaction, every record audited as `actor`. Fills
 * *sum. Returns 0; ERR_CONFLICT when the ledger is not empty (sum->error
 * says what it holds; nothing is written); or the error of the record or
 * statement that failed (sum->error names it), after rolling everything
 * back. Allocates only while it runs. Once it has committed, it
 * sets the portal's today (setting portal.today) to DEMO_AS_OF, so that
 * figures, badges and workbenches tell the park's story.
 */
int demo_load(struct db *db, const struct audit_actor *actor,
	      struct demo_summary *sum);

#endif
