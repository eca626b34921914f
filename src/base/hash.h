/*
 * hash.h - a fast 64-bit digest of bytes, for tags that say "the same
 * bytes": the ETag of every API answer and of the OpenAPI document. (The
 * embedded files' tags are made once, at build time, by tools/embed.c.)
 *
 * The digest is XXH64 with seed 0 (Yann Collet's xxHash, whose
 * specification is public): it reads eight bytes at a step in four
 * independent lanes, about eight times the speed of hashing a byte at a
 * time, which mattered once every API answer was tagged (a page of a list
 * is 8 KB). It is not a cryptographic hash: a tag only has to change when
 * the bytes change, and nobody gains by making two answers collide, since
 * a client only ever compares tags of answers it was itself given.
 *
 * The digest is the same on every machine and every server, so a tag made
 * by one server is recognised by another.
 */
#ifndef JG_HASH_H
#define JG_HASH_H

#include <stddef.h>
#include <stdint.h>

/* "\"" + 16 hex digits + "\"" + NUL: an ETag as hash_etag() writes it. */
#define HASH_ETAG_SIZE 19

/* The XXH64 digest (seed 0) of the `len` bytes at `p`. */
uint64_t hash64(const void *p, size_t len);

/*
 * Write the strong ETag of the `len` bytes at `p` into `out`: the digest
 * in 16 lower-case hex digits, in double quotes ("0123456789abcdef").
 */
void hash_etag(char out[HASH_ETAG_SIZE], const void *p, size_t len);

#endif
