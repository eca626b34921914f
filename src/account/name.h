/*
 * name.h - account names: what a name may be, and the key under which two
 * names are the same account.
 *
 * A name is 2 to ACCOUNT_NAME_MAX characters of UTF-8 with nothing
 * invisible in it: no control, format (Unicode category Cf: U+200B ZERO
 * WIDTH SPACE, U+200D, U+2060, U+FEFF and kin), surrogate, private-use or
 * unassigned code point, no space or separator of any kind, and no
 * Default_Ignorable_Code_Point (U+3164 HANGUL FILLER and kin).
 *
 * Its key is its Unicode NFKC_Casefold (the normalisation Unicode defines
 * for caseless matching of identifiers, UAX #31, as ICU computes it):
 * "ＷａｎｇＦａｎｇ", "WangFang" and "wangfang" have one key, so they are
 * one account. Names are kept as they were typed; the key is what is
 * unique (the account table's name_key) and what sign-in and throttling
 * look up.
 */
#ifndef JG_ACCOUNT_NAME_H
#define JG_ACCOUNT_NAME_H

#include "base/err.h"

/* The most characters (code points) a name may have. */
#define ACCOUNT_NAME_MAX 64
/* Room for a key: its UTF-8 bytes and a NUL. */
#define ACCOUNT_KEY_MAX 257

/*
 * Check `name` (NUL-terminated, any bytes) and write its key to
 * key[ACCOUNT_KEY_MAX]. Returns 0, or ERR_INVALID with the problem of
 * field "name" in *pb (may be NULL; constant strings): missing, not
 * UTF-8, too short or too long, an invisible or space character, or a key
 * that would not fit. Allocates nothing; safe from any thread.
 */
int account_name_key(const char *name, char key[ACCOUNT_KEY_MAX],
		     struct problem *pb);

#endif
