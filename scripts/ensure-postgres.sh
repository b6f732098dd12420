#!/bin/sh
# Make sure PostgreSQL's server binaries are installed; the test fixture starts its own cluster with them.
set -eu
if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    exit 0
fi
if [ -n "${STUDYBOT_TEST_POSTGRES_URL:-}" ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing PostgreSQL (needed by the storage and engine tests)..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    exit 0
fi
echo "PostgreSQL server binaries (initdb) are missing. Install PostgreSQL (e.g. 'sudo apt-get install postgresql'" >&2
echo "or 'brew install postgresql'), or point STUDYBOT_TEST_POSTGRES_URL at a server you may create databases on." >&2
exit 1
