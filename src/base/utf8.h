/*
 * utf8.h - is this text well-formed UTF-8?
 *
 * jianggu keeps text in UTF-8 throughout (DESIGN.md §4); input from outside
 * (CSV files, form fields, JSON) is checked once at the edge with these
 * functions and trusted afterwards.
 *
 * "Well-formed" is RFC 3629 / Unicode §3.9 table 3-7: no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated
 * sequence. U+0000 is well-formed UTF-8; callers that cannot hold NUL bytes
 * must refuse it themselves.
 *
 * None of these functions allocate or fail; all run in O(len) and read
 * nothing outside s[0 .. len).
 */
#ifndef JG_UTF8_H
#define JG_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True if the `len` bytes at `s` are well-formed UTF-8 (true when len is 0). */
bool utf8_valid(const char *s, size_t len);

/*
 * The length of the longest well-formed prefix of s[0 .. len): len when the
 * whole text is valid, otherwise the byte offset of the first sequence that
 * is not (to point a user at it).
 */
size_t utf8_valid_len(const char *s, size_t len);

/*
 * The length (1 to 4) of the well-formed sequence that starts at s[0], or 0
 * when s[0 .. len) does not start with one (including len == 0). Use it to
 * step through text that has not been checked yet, one character at a time.
 */
size_t utf8_seq_len(const char *s, size_t len);

#endif
