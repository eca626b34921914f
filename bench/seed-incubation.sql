-- bench/seed-incubation.sql: nine more copies of the demo park's
-- incubation history (ten times the data), for bench/incubation.sh. Run
-- with Debian's sqlite3 shell on a database `jianggu demo` loaded. Each
-- copy k of a startup is a new organisation named "NAME·k" with the same
-- incubation record, events, sessions and investments.
BEGIN;
CREATE TEMP TABLE k (k INTEGER PRIMARY KEY);
INSERT INTO k (k) VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9);
CREATE TEMP TABLE copy (old_id INTEGER, k INTEGER, new_id INTEGER,
    PRIMARY KEY (old_id, k));
INSERT INTO org (kind, name, founded_on, address, created_at, updated_at)
    SELECT o.kind, o.name || '·' || k.k, o.founded_on, o.address,
           o.created_at, o.updated_at
    FROM org o JOIN incubation i ON i.org_id = o.id, k;
INSERT INTO copy (old_id, k, new_id)
    SELECT o.id, k.k, n.id FROM org o JOIN incubation i ON i.org_id = o.id
    JOIN k JOIN org n ON n.name = o.name || '·' || k.k;
INSERT INTO incubation (org_id, field, admitted_on, agreement_from,
        agreement_to, monthly_fee, deposit, fee_note, space_requested,
        space_assigned, created_at, updated_at)
    SELECT c.new_id, i.field, i.admitted_on, i.agreement_from,
           i.agreement_to, i.monthly_fee, i.deposit, i.fee_note,
           i.space_requested, i.space_assigned, i.created_at, i.updated_at
    FROM incubation i JOIN copy c ON c.old_id = i.org_id;
INSERT INTO incubation_event (org_id, kind, exit_reason, basis, on_date,
        reason, actor_id, created_at)
    SELECT c.new_id, e.kind, e.exit_reason, e.basis, e.on_date, e.reason,
           e.actor_id, e.created_at
    FROM incubation_event e JOIN copy c ON c.old_id = e.org_id;
INSERT INTO inc_session (expert_id, org_id, on_date, minutes, topic, notes,
        created_at, updated_at)
    SELECT s.expert_id, c.new_id, s.on_date, s.minutes, s.topic, s.notes,
           s.created_at, s.updated_at
    FROM inc_session s JOIN copy c ON c.old_id = s.org_id;
INSERT INTO investment (investor_id, target_id, kind, amount, on_date, note,
        created_at, updated_at)
    SELECT v.investor_id, c.new_id, v.kind, v.amount, v.on_date, v.note,
           v.created_at, v.updated_at
    FROM investment v JOIN copy c ON c.old_id = v.target_id;
COMMIT;
