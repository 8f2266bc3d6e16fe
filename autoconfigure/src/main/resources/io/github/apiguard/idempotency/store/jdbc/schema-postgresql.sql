-- apiguard idempotency records, schema version 1, for PostgreSQL 9.5 or later.
-- Usable as is in a Flyway or Liquibase migration; the table name is apiguard.idempotency.jdbc.table-name.
-- Times are milliseconds since the epoch, set and compared with the database's clock.
CREATE TABLE IF NOT EXISTS apiguard_idempotency (
	record_key VARCHAR(255) NOT NULL PRIMARY KEY,
	fingerprint VARCHAR(255) NOT NULL,
	owner_token VARCHAR(255) NOT NULL,
	state CHAR(1) NOT NULL,
	lease_until BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	ttl_millis BIGINT NOT NULL,
	status INTEGER,
	headers TEXT,
	body BYTEA,
	body_omitted BOOLEAN
);

-- The purge deletes expired records oldest first, in batches.
CREATE INDEX IF NOT EXISTS apiguard_idempotency_expires_at_idx ON apiguard_idempotency (expires_at);
