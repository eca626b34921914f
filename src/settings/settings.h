/*
 * settings.h - runtime settings (参数设置): typed keys with defaults, edited by
 * admins, audited, effective without a restart.
 *
 * Every key is declared once, in the table in settings.c, with its type,
 * default, bounds and unit; its label and help, in both languages, are
 * the catalogs' "settings.defs.KEY.label" and ".help" (web/i18n/LANG/
 * settings.json). The database holds only the values an admin changed.
 * Readers ask the database each time (a primary-key look-up), so a change
 * made on one server is seen by every server at once.
 *
 * To add a setting: add a row to the table (key "module.name") and its
 * label and help to both catalogs, then read it with settings_get_int()
 * or settings_get_text() in the module's rules.
 */
#ifndef JG_SETTINGS_H
#define JG_SETTINGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/time.h"

struct audit_actor;
struct db;
struct request;

enum setting_type {
	SETTING_INT,
	SETTING_BOOL,
	SETTING_TEXT,
	/*
	 * Text: a comma-separated list of the values a module declared with
	 * settings_set_choices() ("pdf,png"), each at most once; the page
	 * offers them as a multiple choice.
	 */
	SETTING_LIST,
};

/*
 * What an integer counts, for people: its label at "settings.units.NAME"
 * (settings_unit_name()). Bytes are shown and entered in MB on the page;
 * the API and the database keep bytes.
 */
enum setting_unit {
	SETTING_UNIT_NONE,
	SETTING_UNIT_TIMES,
	SETTING_UNIT_SECONDS,
	SETTING_UNIT_MINUTES,
	SETTING_UNIT_HOURS,
	SETTING_UNIT_DAYS,
	SETTING_UNIT_MONTHS,
	SETTING_UNIT_PERCENT,
	SETTING_UNIT_POINTS,
	SETTING_UNIT_PEOPLE,
	SETTING_UNIT_BYTES,
};

struct setting_def {
	const char *key;
	enum setting_type type;
	const char *default_value;
	int64_t min, max;	/* SETTING_INT bounds; max text length else */
	enum setting_unit unit;
	/*
	 * An extra check of a TEXT value: NULL when it is fine, else why
	 * not (a constant). May be NULL.
	 */
	const char *(*check)(const char *value);
};

/* The unit's name: "" for none, "minutes", "bytes", ... */
const char *settings_unit_name(enum setting_unit unit);

/*
 * The values list setting `key` may hold (NULL-terminated; it must
 * outlive the program), labelled at catalog keys `label_prefix` + VALUE
 * (NULL: each value is its own label), told by the module that knows
 * them through cli at start-up, before serving. A key not declared as a
 * list is a programming error (assert). Until told, any value of at most
 * the setting's length is taken.
 */
void settings_set_choices(const char *key, const char *const *values,
			  const char *label_prefix);

/* The values and label prefix settings_set_choices() gave `d`, or NULL. */
const char *const *settings_choices(const struct setting_def *d,
				    const char **label_prefix);

/*
 * The check of a list of weights, "label:weight,label:weight,...": 1 to 12
 * labels of 1 to 128 bytes of UTF-8 without ':' or ',', each weight a whole
 * number from 1 to 100, the weights adding up to 100 (a rubric).
 */
const char *settings_check_weights(const char *value);

/*
 * The check of a public base URL: empty, or "http://" or "https://", a
 * host (letters, digits, '.', '-', ':' and the brackets of an IPv6
 * address) and optionally a path, without a query, a fragment, white
 * space or a trailing '/': "https://park.example.cn".
 */
const char *settings_check_base_url(const char *value);

/*
 * The full URL of local path `path` ("/verify/CODE") as people outside
 * reach it, in r's arena: the setting site.public_base_url and the path;
 * while the setting is empty, the scheme and Host the request came with
 * (https behind a trusted proxy that says so), or "http://localhost".
 * 0 or a database error.
 */
int settings_public_url(struct request *r, const char *path,
			const char **out);

/* The declared settings, sorted by key; *n receives how many. */
const struct setting_def *settings_defs(size_t *n);

/* The declaration of `key`, or NULL. */
const struct setting_def *settings_find(const char *key);

/*
 * The value of an INT or BOOL setting (BOOL reads 0 or 1). A key that is not
 * declared is a programming error (assert). Returns 0 or a database error
 * (*out then holds the default).
 */
int settings_get_int(struct db *db, const char *key, int64_t *out);

/* The value of a TEXT or LIST setting, copied into `a`. 0 or an error. */
int settings_get_text(struct db *db, struct arena *a, const char *key,
		      const char **out);

/*
 * The portal's "today" into `out`: the date of setting portal.today when
 * an admin set one (the demo sets the park's own, 2019-11-18), else the
 * real date in Beijing (time_today_beijing()). The default as-of date of
 * figures, rule badges (a report late, a startup past its limits) and
 * workbenches, and nothing else: what is stored, sessions, throttles,
 * check-in windows and jobs keep the real clock. *fixed (may be NULL)
 * says whether the setting gave it. Returns 0 or a database error (`out`
 * then holds the real date).
 */
int settings_today(struct db *db, char out[TIME_DATE_LEN + 1], bool *fixed);

/*
 * Set `key` to `value` (text as a form would send it: "30", "true"), after
 * checking it against the declaration; writes the audit row in the same
 * transaction. Returns 0, ERR_NOTFOUND for an undeclared key, ERR_INVALID
 * with the reason in *why (a constant) for a bad value, or a database error.
 */
int settings_set(struct db *db, const struct audit_actor *actor,
		 const char *key, const char *value, const char **why);

/*
 * Every setting as a JSON array of {key, type, value, default, min, max,
 * unit, choices, label, help} (owned by the caller): the label in
 * Chinese and the help in English, from the catalogs. Returns 0 or an
 * error.
 */
int settings_list(struct db *db, json_t **out);

#endif
