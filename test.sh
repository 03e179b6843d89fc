#!/usr/bin/env bash
# The one test command, for developers and CI alike (.ci/run calls it).
#
# Installs what the tests need when it is missing (Chromium, PostgreSQL 15), checks formatting,
# then runs the integration suite on SQLite, the same suite on a throwaway PostgreSQL server, and
# the browser tests. It never skips a leg: if Chromium or PostgreSQL cannot be had, the run fails.
# The last line is "N passed, N failed" over all legs; the exit code is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PGBIN=/usr/lib/postgresql/15/bin
RESULTS="$PWD/TestResults/test-sh"
PGDATA=""
passed=0 failed=0 skipped=0

say() { printf '\n== %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root (or sudo) to run: $*"
    fi
}

apt_updated=0
apt_install() {
    if [ "$apt_updated" -eq 0 ]; then
        as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
        apt_updated=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@"
}

# initdb and postgres refuse to run as root; the server then runs as the postgres account.
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cleanup() {
    if [ -n "$PGDATA" ] && [ -d "$PGDATA" ]; then
        as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$PGDATA"
    fi
}
trap cleanup EXIT

# Adds one leg's counts from its TRX file. A leg that left no results (it did not build, or the
# test host died) or ran no test at all counts as a failure, so nothing passes by saying nothing.
count_leg() {
    local name=$1 rc=$2 trx="$RESULTS/$1.trx" counters p f n total
    if [ ! -f "$trx" ]; then
        echo "test.sh: leg '$name' left no results (exit code $rc)" >&2
        failed=$((failed + 1))
        return
    fi
    counters=$(grep -o '<Counters [^>]*>' "$trx" || true)
    if [ -z "$counters" ]; then
        echo "test.sh: leg '$name' left unreadable results (exit code $rc)" >&2
        failed=$((failed + 1))
        return
    fi
    total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
    echo "test.sh: leg '$name': $p passed, $f failed, $n skipped of $total"
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + n))
    if [ "$total" -eq 0 ]; then
        echo "test.sh: leg '$name' ran no test" >&2
        failed=$((failed + 1))
    elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "test.sh: leg '$name' exited with $rc" >&2
        failed=$((failed + 1))
    fi
}

run_leg() {
    local name=$1 project=$2 rc=0
    shift 2
    say "tests: $name"
    dotnet test "$project" --results-directory "$RESULTS" --logger "trx;LogFileName=$name.trx" \
        --blame-hang-timeout 10m --blame-hang-dump-type none "$@" || rc=$?
    count_leg "$name" "$rc"
}

say "tools"
command -v dotnet >/dev/null || die "the .NET 10 SDK is missing (https://dot.net); it is not in Debian's archive"
if [ ! -x /usr/bin/chromium ]; then apt_install chromium fonts-dejavu-core; fi
if [ ! -x "$PGBIN/initdb" ]; then apt_install postgresql-15; fi
if [ -d tests/Samtale.BrowserTests ] && ! command -v npm >/dev/null; then apt_install npm; fi
# The relay-only call test starts its own coturn (installing the package does not start a server).
if [ ! -x /usr/bin/turnserver ]; then apt_install coturn; fi
[ -x /usr/bin/chromium ] || die "Chromium could not be installed; the browser tests cannot run"
[ -x /usr/bin/turnserver ] || die "coturn could not be installed; the relay-only call test cannot run"
[ -x "$PGBIN/initdb" ] || die "PostgreSQL 15 could not be installed; the PostgreSQL leg cannot run"
dotnet tool restore
dotnet restore Samtale.slnx --locked-mode

say "format"
dotnet format whitespace Samtale.slnx --verify-no-changes --no-restore || die "formatting differs; run: dotnet format Samtale.slnx"
dotnet format style Samtale.slnx --verify-no-changes --no-restore || die "code style differs; run: dotnet format Samtale.slnx"

say "postgresql"
PGDATA=$(mktemp -d /tmp/samtale-pg.XXXXXX)
chmod 700 "$PGDATA"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$PGDATA"; fi
port=5433
while port_taken "$port"; do
    port=$((port + 1))
    [ "$port" -lt 5533 ] || die "no free port for PostgreSQL between 5433 and 5532"
done
as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
# A throwaway server: durability settings off, listening on loopback only.
as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$PGDATA/server.log" >&2; die "PostgreSQL did not start"; }
echo "PostgreSQL 15 on 127.0.0.1:$port"

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
run_leg sqlite tests/Samtale.Tests
export SAMTALE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
run_leg postgres tests/Samtale.Tests --no-build
unset SAMTALE_TEST_POSTGRES
if [ -d tests/Samtale.BrowserTests ]; then
    run_leg browser tests/Samtale.BrowserTests
fi

echo
if [ "$skipped" -gt 0 ]; then
    echo "test.sh: $skipped test(s) skipped; a skip fails the run" >&2
    echo "$passed passed, $failed failed, $skipped skipped"
    exit 1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
