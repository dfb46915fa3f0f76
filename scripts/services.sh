#!/usr/bin/env bash
# Installs and starts, idempotently, the servers the test suite runs against, all on 127.0.0.1:
#   PostgreSQL :5432 (Debian package; role and database "reseau", password "reseau")
#   Redis      :6379 (Debian package)
#   Elasticsearch 8.19.x :9200 (Maven Central's integ-test-zip distribution, single node, security off,
#              512 MB heap, run as the system user "elasticsearch", plus the project's analysis plugin
#              search/es_analysis_plugin — see its README for why)
#   Chromium (Debian package, /usr/bin/chromium) and fonts, for the browser tests.
#
# Usage (as root, no systemd needed):
#   scripts/services.sh [start]   install what is missing, start what is not running (default)
#   scripts/services.sh stop      stop the three servers
#   scripts/services.sh status    tell which servers answer
#
# Messages go to stderr, prefixed [services]; stdout gets only the environment to use, so that
#   env_lines="$(scripts/services.sh)" && eval "$env_lines"
# exports DATABASE_URL, REDIS_URL and ELASTICSEARCH_URL. (A bare eval "$(scripts/services.sh)" would hide
# a failure, even under set -e: eval of an empty string succeeds.)
#
# Settings (environment): RESEAU_CACHE (default /var/cache/reseau: Elasticsearch, data, logs),
# ES_VERSION (default below), ES_JAVA_HOME (default: the machine's java), ES_HEAP (default 512m).
set -euo pipefail
shopt -s inherit_errexit

ES_VERSION="${ES_VERSION:-8.19.21}"
CACHE="${RESEAU_CACHE:-/var/cache/reseau}"
ES_HEAP="${ES_HEAP:-512m}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PLUGIN_SRC="$REPO_ROOT/search/es_analysis_plugin"
PLUGIN_NAME="reseau-analysis"

LOG_DIR="$CACHE/logs"
ES_HOME="$CACHE/elasticsearch-$ES_VERSION"
ES_DATA="$CACHE/es-data"
ES_LOGS="$LOG_DIR/elasticsearch"
ES_RUN="$CACHE/es-run"
ES_PID="$ES_RUN/elasticsearch.pid"
ES_USER="elasticsearch"
ES_URL="http://127.0.0.1:9200"
PLUGIN_BUILD="$CACHE/es-plugin-build"
REDIS_DIR="$CACHE/redis"
PG_PORT=5432

APT_PACKAGES=(postgresql redis-server chromium fonts-dejavu-core fonts-liberation fonts-noto-color-emoji gettext curl unzip)

export DEBIAN_FRONTEND=noninteractive
export LANG=C.UTF-8 LC_ALL=C.UTF-8

log() { echo "[services] $*" >&2; }
die() { echo "[services] ERROR: $*" >&2; exit 1; }

print_env() {
    cat <<EOF
export DATABASE_URL=postgres://reseau:reseau@127.0.0.1:$PG_PORT/reseau
export REDIS_URL=redis://127.0.0.1:6379/0
export ELASTICSEARCH_URL=$ES_URL
EOF
}

# ---------------------------------------------------------------------------------------------- packages

pkg_installed() {
    local status
    status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]]
}

ensure_packages() {
    local missing=() p
    for p in "${APT_PACKAGES[@]}"; do
        pkg_installed "$p" || missing+=("$p")
    done
    command -v mvn >/dev/null 2>&1 || missing+=(maven)
    command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
    if ((${#missing[@]} == 0)); then
        log "packages: all present"
        return
    fi
    log "packages: installing ${missing[*]} (log: $LOG_DIR/apt.log)"
    {
        apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"
    } >"$LOG_DIR/apt.log" 2>&1 || { tail -n 30 "$LOG_DIR/apt.log" >&2; die "apt-get failed"; }
}

# ---------------------------------------------------------------------------------------------- PostgreSQL

pg_version() {
    # Debian's server binaries, newest major version installed (not /usr/local/bin's pg_ctl).
    local v
    v="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$v" && -x "/usr/lib/postgresql/$v/bin/postgres" ]] || die "no PostgreSQL server under /usr/lib/postgresql"
    echo "$v"
}

pg_up() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1; }

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -p "$PG_PORT" -d postgres "$@"; }

start_postgres() {
    local v conf_dir conf clusters
    v="$(pg_version)"
    if pg_up; then
        log "postgresql: already accepting connections on 127.0.0.1:$PG_PORT"
    else
        clusters="$(pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}')"
        if [[ "$clusters" != *"$v main"* ]]; then
            log "postgresql: creating cluster $v/main (UTF-8)"
            pg_createcluster --locale C.UTF-8 --encoding UTF8 -p "$PG_PORT" "$v" main >"$LOG_DIR/pg_createcluster.log" 2>&1 \
                || { cat "$LOG_DIR/pg_createcluster.log" >&2; die "pg_createcluster failed"; }
        fi
        conf_dir="/etc/postgresql/$v/main/conf.d"
        mkdir -p "$conf_dir"
        conf="$conf_dir/reseau-test.conf"
        cat >"$conf" <<EOF
# Written by scripts/services.sh: a throw-away test server, durability traded for speed.
listen_addresses = '127.0.0.1'
port = $PG_PORT
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
        chown postgres:postgres "$conf"
        log "postgresql: starting cluster $v/main"
        pg_ctlcluster "$v" main start >"$LOG_DIR/postgresql-start.log" 2>&1 9>&- || {
            cat "$LOG_DIR/postgresql-start.log" >&2
            tail -n 30 "/var/log/postgresql/postgresql-$v-main.log" >&2 2>/dev/null || true
            die "PostgreSQL did not start"
        }
        for _ in $(seq 1 60); do
            pg_up && break
            sleep 0.5
        done
        pg_up || { tail -n 30 "/var/log/postgresql/postgresql-$v-main.log" >&2 2>/dev/null || true; die "PostgreSQL does not answer on $PG_PORT"; }
    fi

    # template1 must be UTF-8: Django creates its test database from it.
    local enc
    enc="$(psql_admin -tAc "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'template1'")"
    if [[ "$enc" != "UTF8" ]]; then
        log "postgresql: template1 is $enc, recreating it as UTF-8"
        psql_admin <<'EOF'
UPDATE pg_database SET datistemplate = FALSE WHERE datname = 'template1';
DROP DATABASE template1;
CREATE DATABASE template1 WITH TEMPLATE = template0 ENCODING = 'UTF8' LC_COLLATE = 'C.UTF-8' LC_CTYPE = 'C.UTF-8';
UPDATE pg_database SET datistemplate = TRUE WHERE datname = 'template1';
EOF
    fi
    psql_admin <<'EOF'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reseau') THEN
    CREATE ROLE reseau LOGIN CREATEDB PASSWORD 'reseau';
  END IF;
END
$$;
EOF
    if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'reseau'")" != "1" ]]; then
        log "postgresql: creating database reseau"
        psql_admin -c "CREATE DATABASE reseau OWNER reseau ENCODING 'UTF8' TEMPLATE template1"
    fi
    PGPASSWORD=reseau psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U reseau -d reseau -tAc "SELECT 1" >/dev/null \
        || die "cannot log in to PostgreSQL as reseau"
    log "postgresql: ready (role and database reseau)"
}

stop_postgres() {
    local v
    v="$(pg_version)"
    if pg_up; then
        log "postgresql: stopping cluster $v/main"
        pg_ctlcluster "$v" main stop -m fast >&2 || true
    else
        log "postgresql: not running"
    fi
}

# ---------------------------------------------------------------------------------------------- Redis

redis_up() {
    local reply
    reply="$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null || true)"
    [[ "$reply" == "PONG" ]]
}

start_redis() {
    if redis_up; then
        log "redis: already answering on 127.0.0.1:6379"
        return
    fi
    local user=redis
    id -u redis >/dev/null 2>&1 || user=root
    mkdir -p "$REDIS_DIR"
    touch "$LOG_DIR/redis.log"
    chown "$user": "$REDIS_DIR" "$LOG_DIR/redis.log"
    cat >"$REDIS_DIR/redis.conf" <<EOF
# Written by scripts/services.sh: test server, nothing persisted.
bind 127.0.0.1
port 6379
protected-mode yes
daemonize yes
pidfile $REDIS_DIR/redis.pid
logfile $LOG_DIR/redis.log
dir $REDIS_DIR
save ""
appendonly no
EOF
    log "redis: starting"
    (cd / && runuser -u "$user" -- redis-server "$REDIS_DIR/redis.conf" 9>&-) || { tail -n 20 "$LOG_DIR/redis.log" >&2; die "redis-server failed"; }
    for _ in $(seq 1 50); do
        redis_up && break
        sleep 0.2
    done
    redis_up || { tail -n 20 "$LOG_DIR/redis.log" >&2; die "Redis does not answer on 6379"; }
    log "redis: ready"
}

stop_redis() {
    if redis_up; then
        log "redis: stopping"
        redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true
    else
        log "redis: not running"
    fi
}

# ---------------------------------------------------------------------------------------------- Elasticsearch

java_home() {
    local jh out major
    if [[ -n "${ES_JAVA_HOME:-}" ]]; then
        jh="$ES_JAVA_HOME"
    else
        command -v java >/dev/null 2>&1 || die "no java on PATH (set ES_JAVA_HOME)"
        jh="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    fi
    # Elasticsearch 8.19 runs on Java 17 or newer (tested here: the machine's OpenJDK 17).
    out="$("$jh/bin/java" -version 2>&1 || true)"
    [[ "$out" =~ version\ \"([0-9]+) ]] || die "cannot tell the version of $jh/bin/java"
    major="${BASH_REMATCH[1]}"
    ((major >= 17)) || die "Elasticsearch $ES_VERSION needs Java 17 or newer; $jh is Java $major (set ES_JAVA_HOME)"
    echo "$jh"
}

# (not "GET /": the bare integ-test-zip answers it 405; the plugin adds it, but a node without it is still "up")
es_up() { curl -fsS -m 3 "$ES_URL/_cluster/health" >/dev/null 2>&1; }

es_pid() {
    local pid
    [[ -f "$ES_PID" ]] || return 1
    pid="$(cat "$ES_PID" 2>/dev/null || true)"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

mvn_quiet() {
    # Offline first (fast, works without network once ~/.m2 holds everything), online otherwise.
    mvn -B -q -o -Dstyle.color=never "$@" || mvn -B -q -Dstyle.color=never "$@"
}

fetch_es() {
    if [[ -x "$ES_HOME/bin/elasticsearch" ]]; then
        return
    fi
    log "elasticsearch: fetching org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION (log: $LOG_DIR/es-fetch.log)"
    local dl="$CACHE/downloads"
    mkdir -p "$dl"
    mvn_quiet org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
        "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
        "-DoutputDirectory=$dl" >"$LOG_DIR/es-fetch.log" 2>&1 \
        || { tail -n 30 "$LOG_DIR/es-fetch.log" >&2; die "could not fetch Elasticsearch $ES_VERSION"; }
    local tmp="$CACHE/.unpack-$$"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    unzip -q "$dl/elasticsearch-$ES_VERSION.zip" -d "$tmp"
    rm -rf "$ES_HOME"
    mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
    rm -rf "$tmp" "$dl/elasticsearch-$ES_VERSION.zip"
}

plugin_stamp() {
    # Changes whenever the plugin's sources or the server version change.
    {
        echo "$ES_VERSION"
        (cd "$PLUGIN_SRC" && find pom.xml src -type f -print0 | sort -z | xargs -0 sha256sum)
    } | sha256sum | cut -d' ' -f1
}

# Builds the plugin if its sources changed; installs it into $ES_HOME/plugins if it differs from the installed one.
build_and_install_plugin() {
    local stamp jh
    stamp="$(plugin_stamp)"
    if [[ "$(cat "$PLUGIN_BUILD/stamp" 2>/dev/null || true)" != "$stamp" || ! -f "$PLUGIN_BUILD/plugin/$PLUGIN_NAME.jar" ]]; then
        log "elasticsearch: building the $PLUGIN_NAME plugin against $ES_VERSION (log: $LOG_DIR/es-plugin-build.log)"
        jh="$(java_home)"
        rm -rf "$PLUGIN_BUILD"
        (cd "$PLUGIN_SRC" && JAVA_HOME="$jh" mvn_quiet -Des.version="$ES_VERSION" -Dplugin.build.dir="$PLUGIN_BUILD" package) \
            >"$LOG_DIR/es-plugin-build.log" 2>&1 \
            || { tail -n 40 "$LOG_DIR/es-plugin-build.log" >&2; die "the analysis plugin did not build"; }
        echo "$stamp" >"$PLUGIN_BUILD/stamp"
    fi
    local dest="$ES_HOME/plugins/$PLUGIN_NAME"
    if [[ "$(cat "$dest/.stamp" 2>/dev/null || true)" != "$stamp" ]]; then
        log "elasticsearch: installing the $PLUGIN_NAME plugin into $dest"
        rm -rf "$dest"
        mkdir -p "$dest"
        cp "$PLUGIN_BUILD/plugin/$PLUGIN_NAME.jar" "$PLUGIN_BUILD/plugin/plugin-descriptor.properties" "$dest/"
        echo "$stamp" >"$dest/.stamp"
    fi
}

# Writes the node's configuration (if it differs from what is there).
write_es_config() {
    local yml="$ES_HOME/config/elasticsearch.yml" new
    new="$(cat <<EOF
# Written by scripts/services.sh: single-node test server on loopback.
cluster.name: reseau-test
node.name: reseau-test-1
path.data: $ES_DATA
path.logs: $ES_LOGS
network.host: 127.0.0.1
http.port: 9200
discovery.type: single-node
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
EOF
)"
    if [[ "$(cat "$yml" 2>/dev/null || true)" != "$new" ]]; then
        printf '%s\n' "$new" >"$yml"
    fi
}

ensure_es_user() {
    if ! id -u "$ES_USER" >/dev/null 2>&1; then
        log "elasticsearch: creating system user $ES_USER"
        useradd --system --user-group --home-dir "$CACHE" --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    fi
}

es_log_tail() {
    echo "---- $ES_LOGS/reseau-test.log (tail) ----" >&2
    tail -n 40 "$ES_LOGS/reseau-test.log" >&2 2>/dev/null || true
    echo "---- $LOG_DIR/elasticsearch.out (tail) ----" >&2
    tail -n 40 "$LOG_DIR/elasticsearch.out" >&2 2>/dev/null || true
}

stop_es() {
    local pid
    if pid="$(es_pid)"; then
        log "elasticsearch: stopping (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 120); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "elasticsearch: still running after 60 s, killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        rm -f "$ES_PID" "$ES_RUN/running.stamp"
    elif es_up; then
        log "elasticsearch: something answers on $ES_URL but was not started by this script; left alone"
    else
        log "elasticsearch: not running"
    fi
}

start_es() {
    ensure_es_user
    fetch_es
    build_and_install_plugin
    write_es_config
    mkdir -p "$ES_DATA" "$ES_LOGS" "$CACHE/es-tmp" "$ES_RUN"
    chown -R "$ES_USER": "$ES_HOME/config" "$ES_HOME/plugins"
    if [[ "$(stat -c %U "$ES_HOME/bin")" != "$ES_USER" ]]; then
        chown -R "$ES_USER": "$ES_HOME"
    fi
    chown "$ES_USER": "$ES_DATA" "$ES_LOGS" "$CACHE/es-tmp" "$ES_RUN"

    # What the node must run with: the plugin build and the configuration.
    local wanted
    wanted="$(cat "$ES_HOME/plugins/$PLUGIN_NAME/.stamp" "$ES_HOME/config/elasticsearch.yml" | sha256sum | cut -d' ' -f1)"
    if es_up; then
        if [[ "$(cat "$ES_RUN/running.stamp" 2>/dev/null || true)" == "$wanted" ]]; then
            log "elasticsearch: already answering on $ES_URL"
            check_es_plugin
            return
        fi
        if es_pid >/dev/null; then
            log "elasticsearch: plugin or configuration changed since it started, restarting"
            stop_es
        else
            die "something not started by this script answers on $ES_URL; stop it first"
        fi
    fi

    local jh
    jh="$(java_home)"
    [[ -x "$jh/bin/java" ]] || die "no java at $jh (set ES_JAVA_HOME)"
    log "elasticsearch: starting $ES_VERSION as $ES_USER (java: $jh, heap $ES_HEAP; logs: $ES_LOGS)"
    rm -f "$ES_PID" "$ES_RUN/running.stamp"
    # -d: the launcher returns once the node has started (or failed); the node keeps running in the background.
    if ! (cd "$ES_HOME" && runuser -u "$ES_USER" -- env \
        ES_JAVA_HOME="$jh" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" ES_TMPDIR="$CACHE/es-tmp" \
        "$ES_HOME/bin/elasticsearch" -d -p "$ES_PID" 9>&-) >>"$LOG_DIR/elasticsearch.out" 2>&1; then
        es_log_tail
        die "Elasticsearch did not start"
    fi
    local health
    if ! health="$(curl -fsS -m 125 "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=120s")" \
        || [[ "$health" == *'"timed_out":true'* ]]; then
        es_log_tail
        die "Elasticsearch is not yellow/green after 120 s"
    fi
    check_es_plugin
    echo "$wanted" >"$ES_RUN/running.stamp"
    log "elasticsearch: ready on $ES_URL"
}

check_es_plugin() {
    local plugins
    plugins="$(curl -fsS -m 10 "$ES_URL/_cat/plugins?h=component" 2>/dev/null || true)"
    [[ "$plugins" == *"$PLUGIN_NAME"* ]] || die "the node on $ES_URL has no $PLUGIN_NAME plugin loaded"
}

# ---------------------------------------------------------------------------------------------- main

status() {
    local rc=0
    if pg_up; then log "postgresql: up on 127.0.0.1:$PG_PORT"; else log "postgresql: down"; rc=1; fi
    if redis_up; then log "redis: up on 127.0.0.1:6379"; else log "redis: down"; rc=1; fi
    if es_up; then log "elasticsearch: up on $ES_URL"; else log "elasticsearch: down"; rc=1; fi
    if [[ -x /usr/bin/chromium ]]; then log "chromium: /usr/bin/chromium"; else log "chromium: not installed"; rc=1; fi
    return $rc
}

main() {
    local cmd="${1:-start}"
    [[ "$(id -u)" == 0 ]] || die "run as root"
    mkdir -p "$CACHE" "$LOG_DIR"
    chmod 755 "$CACHE" "$LOG_DIR"
    # One run at a time (a developer and a test run may start it together). The servers are started
    # with this descriptor closed (9>&-), or they would hold the lock for as long as they run.
    exec 9>"$CACHE/services.lock"
    flock 9
    case "$cmd" in
        start)
            local t0=$SECONDS
            ensure_packages
            start_postgres
            start_redis
            start_es
            log "all services up in $((SECONDS - t0)) s"
            print_env
            ;;
        stop)
            stop_es
            stop_redis
            if command -v pg_ctlcluster >/dev/null 2>&1; then
                stop_postgres
            fi
            ;;
        status)
            status
            ;;
        *)
            die "usage: $0 [start|stop|status]"
            ;;
    esac
}

main "$@"
