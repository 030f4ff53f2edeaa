#!/usr/bin/env bash
# Creates the SIP core's PostgreSQL role and database and loads Kamailio's tables (Debian's SQL
# files), plus the columns UcPortal's kamailio.cfg and KamailioStateWriter use. Safe to run again:
# tables that exist are left alone, the added columns use IF NOT EXISTS.
#
# Settings (environment):
#   PGHOST, PGPORT, PGUSER, PGPASSWORD  a superuser connection (default 127.0.0.1:5432 postgres)
#   KAMAILIO_DB           database name      (default kamailio)
#   KAMAILIO_DB_USER      owner role         (default kamailio)
#   KAMAILIO_DB_PASSWORD  the role's password (default: none, for trust/peer setups only)
#   KAMAILIO_SQL_DIR      Debian's SQL files (default /usr/share/kamailio/postgres)
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db="${KAMAILIO_DB:-kamailio}"
role="${KAMAILIO_DB_USER:-kamailio}"
password="${KAMAILIO_DB_PASSWORD:-}"
sql_dir="${KAMAILIO_SQL_DIR:-/usr/share/kamailio/postgres}"

[ -f "$sql_dir/standard-create.sql" ] || { echo "create-schema: $sql_dir/standard-create.sql missing (apt-get install kamailio-postgres-modules)" >&2; exit 1; }

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }

if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" ]; then
  if [ -n "$password" ]; then
    psql_admin -c "CREATE ROLE \"$role\" LOGIN PASSWORD '${password//\'/\'\'}'"
  else
    psql_admin -c "CREATE ROLE \"$role\" LOGIN"
  fi
fi
if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
  psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$role\" ENCODING 'UTF8' TEMPLATE template0"
fi

# Tables are created by the superuser inside the database, then handed to the role.
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
if [ -z "$(psql_db -tAc "SELECT 1 FROM information_schema.tables WHERE table_name = 'version'")" ]; then
  # standard first: it creates the version table every other file inserts into.
  for module in standard auth_db domain alias_db usrloc acc dialog htable permissions; do
    psql_db -f "$sql_dir/$module-create.sql"
  done
fi

psql_db <<SQL
-- Accounting columns filled by kamailio.cfg's acc db_extra: which tenant, who called whom.
ALTER TABLE acc ADD COLUMN IF NOT EXISTS tenant VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE acc ADD COLUMN IF NOT EXISTS src_user VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE acc ADD COLUMN IF NOT EXISTS dst_user VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE acc ADD COLUMN IF NOT EXISTS dst_kind VARCHAR(16) DEFAULT '' NOT NULL;
-- The customer's trunk a call came from (empty for phones and the carrier): its calls out are outbound.
ALTER TABLE acc ADD COLUMN IF NOT EXISTS src_trunk VARCHAR(64) DEFAULT '';
CREATE INDEX IF NOT EXISTS acc_tenant_idx ON acc (tenant, time);
-- Dialog CDRs (acc cdr_extra): one row per ended call, also for calls the SIP core ended itself
-- (a limit or the maximum duration reached, no BYE from either phone): the usage import bills those to end_time.
ALTER TABLE acc_cdrs ADD COLUMN IF NOT EXISTS callid VARCHAR(255) DEFAULT '' NOT NULL;
ALTER TABLE acc_cdrs ADD COLUMN IF NOT EXISTS tenant VARCHAR(64) DEFAULT '' NOT NULL;
CREATE INDEX IF NOT EXISTS acc_cdrs_callid_idx ON acc_cdrs (callid);
-- htable rows carry their tenant so the portal can replace one tenant's rows (Kamailio ignores
-- the column); keys hold a domain, so they need more than the stock 64 characters.
ALTER TABLE htable ADD COLUMN IF NOT EXISTS tenant_domain VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE htable ALTER COLUMN key_name TYPE VARCHAR(255);
CREATE INDEX IF NOT EXISTS htable_tenant_idx ON htable (tenant_domain);
CREATE UNIQUE INDEX IF NOT EXISTS htable_key_idx ON htable (key_name);
CREATE INDEX IF NOT EXISTS address_tag_idx ON address (tag);
-- An IP trunk's addresses are tagged "<domain>:<trunk id>": longer than 64, and found by domain.
-- The stock SMALLINT port cannot hold ports above 32767, which PBXes behind NAT often send from.
ALTER TABLE address ALTER COLUMN tag TYPE VARCHAR(255);
ALTER TABLE address ALTER COLUMN port TYPE INTEGER;
CREATE INDEX IF NOT EXISTS address_tenant_idx ON address ((split_part(tag, ':', 1)));
SQL

# Hand everything to the role Kamailio and the portal connect as (serial sequences follow their table).
psql_db -tAc "SELECT format('ALTER TABLE %I OWNER TO \"$role\";', tablename) FROM pg_tables WHERE schemaname = 'public'" | psql_db
echo "create-schema: database $db ready for role $role on $PGHOST:$PGPORT" >&2
