/*
 * db_pg.c - the PostgreSQL back end of db.h, on libpq.
 *
 * Statements are sent with PQexecParams: parameters travel apart from the SQL
 * text, in text format, so nothing is ever formatted into a query. db.h's `?`
 * placeholders are rewritten to $1, $2, ... once, at prepare time; a `?`
 * inside a string literal, a quoted identifier or a comment is left alone.
 * Results are read in text format; a boolean column reads as 0 or 1.
 */
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "db/db_int.h"

struct pg_db {
	struct db base;
	PGconn *conn;
};

struct pg_stmt {
	struct db_stmt base;
	char *sql;		/* with $n placeholders */
	int nparams;
	char **values;		/* nparams bound values (NULL = SQL NULL) */
	PGresult *res;		/* NULL until the first step */
	int row;		/* the current row, -1 before the first */
	int64_t changes;
};

static const struct db_ops pg_ops;

static PGconn *
conn_of(struct db *db)
{
	return ((struct pg_db *)db)->conn;
}

/* Map a failed result's SQLSTATE to our codes, keeping the message. */
static int
fail_result(struct db *db, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	db_set_error(db, "%s", res ? PQresultErrorMessage(res)
				   : PQerrorMessage(conn_of(db)));
	/*
	 * The connection's failure, not the statement's (db_lost()): it broke
	 * (class 08, the server shutting down: 57P01..57P03), or it is a
	 * standby, which refuses to write (25006).
	 */
	db->lost = PQstatus(conn_of(db)) != CONNECTION_OK ||
		   (state && (!strncmp(state, "08", 2) ||
			      !strncmp(state, "57P0", 4) ||
			      !strcmp(state, "25006")));
	if (!state)
		return ERR_DB;
	if (!strcmp(state, "23505") || !strcmp(state, "23P01"))
		return ERR_CONFLICT;	/* unique, exclusion */
	if (!strncmp(state, "23", 2) || !strncmp(state, "22", 2))
		return ERR_INVALID;	/* integrity or data exception */
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") ||
	    !strcmp(state, "55P03"))
		return ERR_BUSY;	/* serialization, deadlock, lock */
	if (!strcmp(state, "54000"))
		return ERR_TOOBIG;
	return ERR_DB;
}

/*
 * The session settings no SQL of ours may take from the server's
 * defaults, set on every new session: at open and after each reset, since
 * PQreset() starts a new session with the server's. Times are UTC (DESIGN
 * §4) and dates ISO 8601, so a timestamptz reads back as text the same
 * whatever the server's TimeZone and DateStyle say. Returns 0 or an error.
 */
static int
session_setup(struct db *db)
{
	PGresult *res = PQexec(conn_of(db), "SET TIME ZONE 'UTC'; "
			       "SET DateStyle = 'ISO, YMD'; "
			       "SET client_min_messages = warning");
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = fail_result(db, res);
	PQclear(res);
	return rc;
}

int
db_pg_open(struct db **out, const char *url)
{
	struct pg_db *pdb = xcalloc(1, sizeof(*pdb));

	pdb->base.ops = &pg_ops;
	*out = &pdb->base;
	pdb->conn = PQconnectdb(url);
	if (PQstatus(pdb->conn) != CONNECTION_OK) {
		db_set_error(&pdb->base, "cannot connect to PostgreSQL: %s",
			     PQerrorMessage(pdb->conn));
		return ERR_DB;
	}
	return session_setup(&pdb->base);
}

static int
pg_exec(struct db *db, const char *sql)
{
	PGresult *res = PQexec(conn_of(db), sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = 0;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK &&
	    s != PGRES_EMPTY_QUERY)
		rc = fail_result(db, res);
	PQclear(res);
	return rc;
}

/*
 * Copy `sql` into `out` with each `?` outside literals, quoted identifiers
 * and comments replaced by $1, $2, ...; returns how many there were.
 */
static int
rewrite_placeholders(const char *sql, struct buf *out)
{
	int n = 0;

	for (const char *p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			const char *q = strchr(p + 1, *p);

			if (!q)
				q = p + strlen(p) - 1;
			buf_add(out, p, (size_t)(q - p + 1));
			p = q;
		} else if (p[0] == '-' && p[1] == '-') {
			const char *q = strchr(p, '\n');

			if (!q)
				q = p + strlen(p) - 1;
			buf_add(out, p, (size_t)(q - p + 1));
			p = q;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *q = strstr(p + 2, "*/");

			q = q ? q + 1 : p + strlen(p) - 1;
			buf_add(out, p, (size_t)(q - p + 1));
			p = q;
		} else if (*p == '?') {
			buf_addf(out, "$%d", ++n);
		} else {
			buf_addch(out, *p);
		}
	}
	return n;
}

static int
pg_prepare(struct db *db, struct db_stmt **out, const char *sql)
{
	struct pg_stmt *s = xcalloc(1, sizeof(*s));
	struct buf b;

	buf_init(&b, NULL, 0);
	s->base.db = db;
	s->nparams = rewrite_placeholders(sql, &b);
	s->sql = buf_detach(&b, NULL);
	s->values = xcalloc(s->nparams ? (size_t)s->nparams : 1,
			    sizeof(*s->values));
	s->row = -1;
	*out = &s->base;
	return 0;
}

static int
bind_value(struct db_stmt *st, int idx, char *v)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	if (idx < 1 || idx > s->nparams) {
		db_set_error(st->db, "bind index %d out of range 1..%d",
			     idx, s->nparams);
		free(v);
		return ERR_INVALID;
	}
	free(s->values[idx - 1]);
	s->values[idx - 1] = v;
	return 0;
}

static int
pg_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	return bind_value(st, idx, xstrdup(num));
}

static int
pg_bind_text(struct db_stmt *st, int idx, const char *v)
{
	return bind_value(st, idx, xstrdup(v));
}

static int
pg_bind_null(struct db_stmt *st, int idx)
{
	return bind_value(st, idx, NULL);
}

static int
pg_step(struct db_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	ExecStatusType status;

	if (!s->res) {
		s->res = PQexecParams(conn_of(st->db), s->sql, s->nparams, NULL,
				      (const char *const *)s->values, NULL, NULL, 0);
		status = PQresultStatus(s->res);
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			int rc = fail_result(st->db, s->res);

			PQclear(s->res);
			s->res = NULL;
			return rc;
		}
		s->changes = strtoll(PQcmdTuples(s->res), NULL, 10);
	}
	if (s->row + 1 < PQntuples(s->res)) {
		s->row++;
		return DB_ROW;
	}
	return DB_DONE;
}

static int
pg_column_count(struct db_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	return s->res ? PQnfields(s->res) : 0;
}

static bool
pg_column_null(struct db_stmt *st, int col)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	return PQgetisnull(s->res, s->row, col);
}

static const char *
pg_column_text(struct db_stmt *st, int col)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	if (PQgetisnull(s->res, s->row, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

static int64_t
pg_column_int(struct db_stmt *st, int col)
{
	const char *v = pg_column_text(st, col);

	if (!v)
		return 0;
	if (!strcmp(v, "t"))
		return 1;
	if (!strcmp(v, "f"))
		return 0;
	return strtoll(v, NULL, 10);
}

static const char *
pg_column_name(struct db_stmt *st, int col)
{
	return PQfname(((struct pg_stmt *)st)->res, col);
}

/* Type OIDs of the integer types (pg_type.h is not part of libpq-dev). */
enum {
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
};

static enum db_type
pg_column_type(struct db_stmt *st, int col)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	Oid t;

	if (PQgetisnull(s->res, s->row, col))
		return DB_TYPE_NULL;
	t = PQftype(s->res, col);
	if (t == OID_INT8 || t == OID_INT2 || t == OID_INT4)
		return DB_TYPE_INTEGER;
	return DB_TYPE_TEXT;
}

static int64_t
pg_changes(struct db_stmt *st)
{
	return ((struct pg_stmt *)st)->changes;
}

static void
pg_finalize(struct db_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	PQclear(s->res);
	for (int i = 0; i < s->nparams; i++)
		free(s->values[i]);
	free(s->values);
	free(s->sql);
	free(s);
}

/* A new session on the same URL, with our settings again. */
static int
reconnect(struct db *db)
{
	PGconn *conn = conn_of(db);

	PQreset(conn);
	if (PQstatus(conn) != CONNECTION_OK) {
		db_set_error(db, "cannot reconnect to PostgreSQL: %s",
			     PQerrorMessage(conn));
		db->lost = true;
		return ERR_DB;
	}
	return session_setup(db);
}

static int
pg_reset(struct db *db)
{
	PGconn *conn = conn_of(db);

	if (PQstatus(conn) != CONNECTION_OK)
		return reconnect(db);
	if (PQtransactionStatus(conn) != PQTRANS_IDLE)
		return pg_exec(db, "ROLLBACK");
	return 0;
}

/*
 * Whether an idle connection is still good, without a round trip: an
 * idle backend sends nothing, so input waiting on it is its last word
 * (the FATAL of a pg_terminate_backend() or a restart, then end of file).
 * Such a connection, or one libpq already knows is broken, is reset.
 */
static int
pg_check(struct db *db)
{
	PGconn *conn = conn_of(db);
	struct pollfd p = { .fd = PQsocket(conn), .events = POLLIN };

	if (PQstatus(conn) == CONNECTION_OK && p.fd >= 0 &&
	    PQtransactionStatus(conn) == PQTRANS_IDLE && poll(&p, 1, 0) == 0)
		return 0;
	return reconnect(db);
}

static void
pg_close(struct db *db)
{
	PQfinish(conn_of(db));
	free(db);
}

/*
 * The snapshot a statement would take now, as one number: what it sees is
 * every transaction that ended before its xmax (one past the latest to
 * end) but those it lists as running. While xmax stays, no transaction
 * that could join that list starts below it, so the list only shrinks:
 * xmax and the list's length name the snapshot. A commit becomes visible
 * exactly when it leaves the list or moves xmax, so the number moves then
 * too (the WAL position used before could lag a commit other sessions
 * already saw: with synchronous_commit off, the WAL is written later).
 * Nothing is written and nothing locked; an abort or a commit in another
 * database of the cluster moves it as well, which only costs a kept
 * answer.
 */
static int
pg_data_version(struct db *db, uint64_t *out)
{
	unsigned long long xmax, running;
	PGresult *res;
	int rc = 0;

	if (PQtransactionStatus(conn_of(db)) != PQTRANS_IDLE)
		return ERR_INVALID;
	res = PQexec(conn_of(db), "SELECT CAST(CAST(pg_snapshot_xmax(s) AS "
		     "text) AS bigint), (SELECT count(*) FROM "
		     "pg_snapshot_xip(s)) FROM pg_current_snapshot() AS s");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		rc = fail_result(db, res);
		goto out;
	}
	xmax = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	running = strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	if (xmax >> 47 || running > 0xffff) {
		db_set_error(db, "the snapshot does not fit a version");
		rc = ERR_BUSY;
		goto out;
	}
	*out = (uint64_t)xmax << 16 | running;
out:
	PQclear(res);
	return rc;
}

static const struct db_ops pg_ops = {
	.dialect = DB_POSTGRES,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_count = pg_column_count,
	.column_null = pg_column_null,
	.column_int = pg_column_int,
	.column_text = pg_column_text,
	.column_name = pg_column_name,
	.column_type = pg_column_type,
	.changes = pg_changes,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.check = pg_check,
	.data_version = pg_data_version,
	.close = pg_close,
};
