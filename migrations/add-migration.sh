#!/usr/bin/env bash
# Adds one named migration to both providers, so they never drift apart.
# Usage: migrations/add-migration.sh AddSomething
set -euo pipefail
name=${1:?usage: $0 MigrationName}
cd "$(dirname "$0")/.."
command -v dotnet-ef >/dev/null || export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-ef >/dev/null || dotnet tool install --global dotnet-ef --version 10.0.15
for p in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project "migrations/UcPortal.Migrations.$p" --output-dir Migrations
done
echo "Added $name to both providers. Read both generated files before committing."
