/*
 * cnid.h - Chinese identifiers checked for real: the unified social credit
 * code of organisations (统一社会信用代码, GB 32100-2015) and mainland
 * mobile numbers.
 *
 * Pure functions: no allocation, no failure modes besides "not valid".
 */
#ifndef JG_CNID_H
#define JG_CNID_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Whether `s` is a unified social credit code: 18 characters from
 * "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z), the last being the
 * check character of GB 32100-2015: with weights 3^i mod 31 over the first
 * 17, check = (31 - sum mod 31) mod 31. Upper case only.
 */
bool cn_credit_code_valid(const char *s);

/*
 * The check character for the first 17 characters of a code, or '\0' if
 * one of them is not in the code's alphabet. For making valid codes (the
 * demo park) and for telling a user what the last character should be.
 */
char cn_credit_code_check(const char *first17);

/*
 * A mainland mobile number in its canonical form: 11 digits starting with
 * 1 and a second digit 3-9, written into out (12 bytes). The input may
 * carry spaces or hyphens between digits and a "+86" or "86" prefix.
 * Returns true if it is one.
 */
bool cn_mobile_normalize(const char *in, char out[12]);

#endif
