#!/usr/bin/env bash
# Adds a migration for every database provider, so the two migration sets never drift apart.
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
cd src/Samtale.Web
dotnet ef migrations add "$name" --context SqliteAppDbContext --output-dir Data/Migrations/Sqlite
dotnet ef migrations add "$name" --context PostgresAppDbContext --output-dir Data/Migrations/Postgres
