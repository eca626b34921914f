/*
 * auth.c - who is asking (auth.h): the caller a request carries, and the
 * CSRF token its forms must send back.
 */
#include <string.h>

#include "auth/auth.h"
#include "auth/secret.h"
#include "base/arena.h"
#include "http/http.h"

const struct principal *
auth_principal(const struct request *r)
{
	return r->principal;
}

bool
auth_is_staff(const struct principal *p)
{
	return p && (p->roles & ROLE_ADMIN);
}

/*
 * The CSRF token a page's forms carry: the session's, else the browser's
 * own (auth.h).
 */
const char *
auth_csrf_token(struct request *r)
{
	const struct principal *p = r->principal;
	const char *c = http_cookie(r, AUTH_CSRF_COOKIE);
	char token[SECRET_TOKEN_LEN];

	if (p && p->csrf_token)
		return p->csrf_token;
	if (c && strlen(c) == SECRET_TOKEN_LEN - 1)
		return c;
	secret_new_token(token);
	if (http_set_cookie(r, AUTH_CSRF_COOKIE, token, 0))
		return NULL;
	return arena_strdup(&r->arena, token);
}
