-- 0022_selection_scope (PostgreSQL; see sql/sqlite/0022_selection_scope.sql):
-- a round scoped to cohorts or to a region, and the basis 'listed' of a
-- regional fair's candidates.
ALTER TABLE selection_round DROP CONSTRAINT selection_round_scope_check;
ALTER TABLE selection_round ADD CONSTRAINT selection_round_scope_check
    CHECK (scope IN ('park', 'order_class', 'cohorts', 'region'));
ALTER TABLE selection_candidate DROP CONSTRAINT selection_candidate_basis_check;
ALTER TABLE selection_candidate ADD CONSTRAINT selection_candidate_basis_check
    CHECK (basis IN ('completed', 'cohort', 'certificate', 'listed'));

-- The cohorts of a round scoped to cohorts.
CREATE TABLE selection_round_cohort (
    round_id BIGINT NOT NULL REFERENCES selection_round (id),
    cohort_id BIGINT NOT NULL REFERENCES training_cohort (id),
    PRIMARY KEY (round_id, cohort_id)
);
CREATE INDEX selection_round_cohort_cohort ON selection_round_cohort
    (cohort_id);
