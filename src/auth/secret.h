/*
 * secret.h - passwords and tokens: argon2id hashes, random tokens, and the
 * hashes under which tokens are stored (libsodium).
 *
 * A password is stored as an argon2id string ("$argon2id$v=19$m=...") that
 * carries its own salt and cost. A session or API token is 32 random bytes,
 * shown to its holder once as URL-safe base64 and stored only as the hex
 * BLAKE2b-256 hash of that text: a stolen database yields no usable token.
 *
 * secret_init() must run once before any other call (main() does it).
 */
#ifndef JG_SECRET_H
#define JG_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* Room for an argon2id string, with its NUL. */
#define SECRET_HASH_MAX 128
/* A token as text: 43 base64url characters and a NUL. */
#define SECRET_TOKEN_LEN 44
/* A token's stored hash: 64 hex digits and a NUL. */
#define SECRET_DIGEST_LEN 65

/* Initialise libsodium. Returns 0 or ERR_IO. */
int secret_init(void);

/*
 * Hash `password` with argon2id into out (SECRET_HASH_MAX bytes). Slow on
 * purpose (interactive limits: ~64 MiB, a fraction of a second). Returns 0 or
 * ERR_NOMEM when the memory for the hash cannot be had.
 */
int secret_hash_password(const char *password, char out[SECRET_HASH_MAX]);

/* Whether `password` matches the stored argon2id string `hash`. */
bool secret_check_password(const char *hash, const char *password);

/*
 * Check `password` against a dummy hash and return false: for a name that
 * has no account, so that the answer takes as long as for one that has
 * (OWASP Authentication Cheat Sheet, "authentication responses"). The
 * dummy is an argon2id hash of a random password with the cost of
 * secret_hash_password(), made on first use (thread-safe).
 */
bool secret_check_dummy(const char *password);

/* The dummy hash itself, for tests; "" if it could not be made. */
const char *secret_dummy_hash(void);

/*
 * Whether `password` is acceptable for `account`: 0 if it is, else
 * ERR_INVALID with the problem of field "password" in *pb (constant
 * strings; pb may be NULL). At least 8 characters (at most 128 bytes), a
 * letter and a digit, and not the account name itself.
 */
int secret_password_problem(const char *account, const char *password,
			    struct problem *pb);

/* A new random token as text (SECRET_TOKEN_LEN bytes with the NUL). */
void secret_new_token(char out[SECRET_TOKEN_LEN]);

/* The stored form of `token`: hex BLAKE2b-256 (SECRET_DIGEST_LEN bytes). */
void secret_digest(const char *token, char out[SECRET_DIGEST_LEN]);

/* Compare two NUL-terminated strings in time independent of their content. */
bool secret_equal(const char *a, const char *b);

#endif
