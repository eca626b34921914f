/*
 * pages.h - the account module's pages: sign-in, one's account, tokens and
 * devices (pages.c), and the admin pages for users, sessions and the
 * sign-in log (admin_pages.c).
 */
#ifndef JG_ACCOUNT_PAGES_H
#define JG_ACCOUNT_PAGES_H

#include "http/http.h"
#include "page/page.h"

extern const struct route account_page_routes[];
extern const struct route account_admin_routes[];

/*
 * Accounts picked by name on another module's page (pick.c), as the kit
 * picks records: account_picker() is the data of record/picker.html for
 * the value `v` (an account's id, or the text typed and refused, with
 * `refused` the accounts it matches), a new reference;
 * account_pick_id() reads what the picker of form field `name` sent
 * (`name`, `name`_text) into *id (0: none), or answers ERR_INVALID with
 * *why (a static English sentence the catalogs translate), or a
 * database error.
 */
struct form;
json_t *account_picker(struct request *r, json_t *v, bool refused);
int account_pick_id(struct request *r, const struct form *f,
		    const char *name, int64_t *id, const char **why);

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item account_menu[];

/*
 * Every role as {name, label, FLAG} for a form's role choices, in the
 * caller's language: FLAG (the member named `flag`, "checked" or
 * "selected") true for the roles of the mask `marked`. A new array, the
 * caller's.
 */
json_t *account_role_choices(struct request *r, unsigned marked,
			     const char *flag);

#endif
