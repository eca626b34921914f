/*
 * secret.c - password hashing and tokens on libsodium (see secret.h).
 */
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "auth/secret.h"
#include "base/err.h"

int
secret_init(void)
{
	return sodium_init() < 0 ? ERR_IO : 0;
}

int
secret_hash_password(const char *password, char out[SECRET_HASH_MAX])
{
	_Static_assert(SECRET_HASH_MAX >= crypto_pwhash_STRBYTES,
		       "room for an argon2id string");
	if (crypto_pwhash_str_alg(out, password, strlen(password),
				  crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13))
		return ERR_NOMEM;
	return 0;
}

bool
secret_check_password(const char *hash, const char *password)
{
	if (!hash || strncmp(hash, "$argon2id$", 10))
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* The dummy hash: made once, on first use, by make_dummy(). */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[SECRET_HASH_MAX];

static void
make_dummy(void)
{
	char password[SECRET_TOKEN_LEN];

	secret_new_token(password);
	if (secret_hash_password(password, dummy_hash))
		dummy_hash[0] = '\0';
	sodium_memzero(password, sizeof(password));
}

const char *
secret_dummy_hash(void)
{
	pthread_once(&dummy_once, make_dummy);
	return dummy_hash;
}

bool
secret_check_dummy(const char *password)
{
	const char *hash = secret_dummy_hash();

	if (*hash)
		(void)secret_check_password(hash, password);
	return false;
}

int
secret_password_problem(const char *account, const char *password,
			struct problem *pb)
{
	size_t len = strlen(password), chars = 0;
	bool letter = false, digit = false;

	for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			chars++;
		if (isalpha(*p) || *p >= 0x80)
			letter = true;
		else if (isdigit(*p))
			digit = true;
	}
	if (chars < 8)
		return problem_key(pb, ERR_INVALID, "password",
				   "account.err.password_short",
				   "password must be at least 8 characters "
				   "long");
	if (len > 128)
		return problem_key(pb, ERR_INVALID, "password",
				   "account.err.password_long",
				   "password must be at most 128 bytes long");
	if (!letter || !digit)
		return problem_key(pb, ERR_INVALID, "password",
				   "account.err.password_weak",
				   "password must contain a letter and a "
				   "digit");
	if (account && !strcmp(account, password))
		return problem_key(pb, ERR_INVALID, "password",
				   "account.err.password_is_name",
				   "password must not be the account name");
	return 0;
}

void
secret_new_token(char out[SECRET_TOKEN_LEN])
{
	unsigned char raw[32];

	_Static_assert(SECRET_TOKEN_LEN ==
		       sodium_base64_ENCODED_LEN(32,
			sodium_base64_VARIANT_URLSAFE_NO_PADDING),
		       "token length");
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SECRET_TOKEN_LEN, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
secret_digest(const char *token, char out[SECRET_DIGEST_LEN])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
			   strlen(token), NULL, 0);
	sodium_bin2hex(out, SECRET_DIGEST_LEN, h, sizeof(h));
}

bool
secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}
