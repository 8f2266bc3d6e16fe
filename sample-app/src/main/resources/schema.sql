-- The sample's tables, for H2 and PostgreSQL alike. Instants are kept as ISO-8601 text, exactly as rendered,
-- so a build read back renders byte for byte as it did when created.
CREATE TABLE IF NOT EXISTS sample_release (
	id VARCHAR(64) NOT NULL PRIMARY KEY,
	version VARCHAR(64) NOT NULL,
	created_at VARCHAR(40) NOT NULL
);

CREATE TABLE IF NOT EXISTS sample_build (
	id VARCHAR(64) NOT NULL PRIMARY KEY,
	name VARCHAR(200) NOT NULL,
	release_id VARCHAR(64),
	owner VARCHAR(255) NOT NULL,
	created_at VARCHAR(40) NOT NULL,
	ready_at VARCHAR(40) NOT NULL
);

CREATE INDEX IF NOT EXISTS sample_build_owner_idx ON sample_build (owner);
