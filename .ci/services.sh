# Starts (installing when missing, as root, with apt) the PostgreSQL and Redis the tests use.
# Sourced by .ci/run; sets PG_TEST_URL when a system PostgreSQL answers.

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "cannot install $* (not root or no apt-get)" >&2; return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_answers() { psql "$1" -tAc 'select 1' >/dev/null 2>&1; }

start_postgres() {
  local trust="postgresql://postgres@127.0.0.1:5432/postgres"
  local withpw="postgresql://postgres:postgres@127.0.0.1:5432/postgres"
  if ! command -v pg_ctlcluster >/dev/null; then
    apt_install postgresql postgresql-client || { echo "WARN: no system PostgreSQL; tests run on the embedded one only"; return 0; }
  fi
  if ! pg_answers "$trust" && ! pg_answers "$withpw"; then
    for v in $(ls /etc/postgresql 2>/dev/null); do
      pg_ctlcluster --skip-systemctl-redirect "$v" main start >/dev/null 2>&1 || true
    done
    for _ in $(seq 1 30); do pg_answers "$trust" || pg_answers "$withpw" && break; sleep 1; done
  fi
  install_extension_packages
  if pg_answers "$trust"; then PG_TEST_URL="$trust"; install_hypopg "$trust"; return 0; fi
  if ! pg_answers "$withpw" && [ "$(id -u)" = 0 ]; then
    # A fresh Debian install allows only password logins over TCP: give the test user a password.
    runuser -u postgres -- psql -qc "ALTER USER postgres PASSWORD 'postgres'" >/dev/null 2>&1 || true
  fi
  if pg_answers "$withpw"; then PG_TEST_URL="$withpw"; install_hypopg "$withpw"; return 0; fi
  echo "WARN: the system PostgreSQL does not answer; tests run on the embedded one only"
}

# Extensions DataFlow uses when present, for the system server's major version (tests cover both paths).
install_extension_packages() {
  local major
  major=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$major" ] || return 0
  [ -x "/usr/lib/postgresql/$major/bin/pg_repack" ] || apt_install "postgresql-$major-repack" \
    || echo "WARN: postgresql-$major-repack not installed; pg_repack tests take the VACUUM FULL path"
}

# HypoPG (hypothetical indexes) for the plan tests' what-if path; the embedded server has none, so
# the suite covers both paths. Tests create the extension in their own databases; it is created in
# the server's default database here so that `status` shows it. Failure only warns.
install_hypopg() {
  local url="$1" major
  major="$(psql "$url" -tAc 'show server_version_num' 2>/dev/null | cut -c1-2)"
  [ -n "$major" ] || return 0
  if ! psql "$url" -tAc "select 1 from pg_available_extensions where name = 'hypopg'" 2>/dev/null | grep -q 1; then
    apt_install "postgresql-$major-hypopg" || { echo "WARN: no hypopg for PostgreSQL $major; what-if tests use rolled-back indexes only"; return 0; }
  fi
  psql "$url" -qc 'CREATE EXTENSION IF NOT EXISTS hypopg' >/dev/null 2>&1 \
    || echo "WARN: CREATE EXTENSION hypopg failed on the system PostgreSQL"
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return 0; fi
  command -v redis-server >/dev/null || apt_install redis-server redis-tools
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/dataflow-ci-redis.log
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "Redis did not start" >&2; return 1
}

# A PgBouncer in transaction mode on 127.0.0.1:6432 in front of the system PostgreSQL (trust auth),
# with its own config under /tmp: the prepared-statement tests run behind it. Debian's package may
# start its own instance (session mode, md5) on 6432; that one is stopped first.
start_pgbouncer() {
  local dir=/tmp/dataflow-pgbouncer
  if [ -f "$dir/pgbouncer.pid" ] && kill -0 "$(cat "$dir/pgbouncer.pid")" 2>/dev/null; then return 0; fi
  if [ ! -x /usr/sbin/pgbouncer ]; then
    apt_install pgbouncer || { echo "WARN: no pgbouncer; the PgBouncer test skips"; return 0; }
  fi
  if [ -f /var/run/postgresql/pgbouncer.pid ]; then
    kill "$(cat /var/run/postgresql/pgbouncer.pid)" 2>/dev/null || true
    sleep 1
  fi
  mkdir -p "$dir"
  cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = 6432
unix_socket_dir = $dir
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 500
ignore_startup_parameters = extra_float_digits,options
pidfile = $dir/pgbouncer.pid
logfile = $dir/pgbouncer.log
INI
  echo '"postgres" ""' > "$dir/userlist.txt"
  # pgbouncer refuses to run as root: run it as postgres (created by the postgresql package).
  if [ "$(id -u)" = 0 ]; then
    { chown -R postgres "$dir" && runuser -u postgres -- /usr/sbin/pgbouncer -d "$dir/pgbouncer.ini"; } \
      || { echo "WARN: PgBouncer did not start; the PgBouncer test skips" >&2; return 0; }
  else
    /usr/sbin/pgbouncer -d "$dir/pgbouncer.ini" || { echo "WARN: PgBouncer did not start; the PgBouncer test skips" >&2; return 0; }
  fi
  for _ in $(seq 1 20); do pg_answers "postgresql://postgres@127.0.0.1:6432/postgres" && return 0; sleep 0.5; done
  echo "WARN: PgBouncer did not answer on 127.0.0.1:6432; see $dir/pgbouncer.log" >&2
}

# An S3-compatible server (the npm package s3rver) on 127.0.0.1:4568 with a bucket 'archive', for the
# partition archive tests (access key and secret: S3RVER / S3RVER). Installs Node.js and s3rver when
# missing; the test fixture starts the same command when nothing answers.
S3RVER_VERSION=3.7.1
start_s3rver() {
  local dir=/tmp/dataflow-s3rver
  if (exec 3<>/dev/tcp/127.0.0.1/4568) 2>/dev/null; then return 0; fi
  command -v npm >/dev/null || apt_install nodejs npm || { echo "WARN: no npm; the S3 archive tests start nothing and fail" >&2; return 0; }
  command -v s3rver >/dev/null || npm install -g --silent "s3rver@$S3RVER_VERSION" >/dev/null 2>&1 \
    || { echo "WARN: npm install s3rver failed" >&2; return 0; }
  mkdir -p "$dir/data"
  nohup s3rver -d "$dir/data" -a 127.0.0.1 -p 4568 -s --configure-bucket archive >"$dir/s3rver.log" 2>&1 &
  echo $! > "$dir/s3rver.pid"
  for _ in $(seq 1 40); do (exec 3<>/dev/tcp/127.0.0.1/4568) 2>/dev/null && return 0; sleep 0.25; done
  echo "WARN: s3rver did not answer on 127.0.0.1:4568; see $dir/s3rver.log" >&2
}

# A Redis Cluster of three masters (no replicas) on 127.0.0.1:7379-7381, for the cache suite's
# cluster run. Data lives under /tmp/dataflow-redis-cluster; idempotent (returns when the cluster is ok).
REDIS_CLUSTER_PORTS="7379 7380 7381"
redis_cluster_ok() { redis-cli -h 127.0.0.1 -p 7379 cluster info 2>/dev/null | grep -q 'cluster_state:ok'; }

start_redis_cluster() {
  if redis_cluster_ok; then return 0; fi
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || apt_install redis-server redis-tools || return 1
  local dir=/tmp/dataflow-redis-cluster nodes="" p
  mkdir -p "$dir"
  for p in $REDIS_CLUSTER_PORTS; do
    if ! redis-cli -h 127.0.0.1 -p "$p" ping >/dev/null 2>&1; then
      rm -f "$dir/nodes-$p.conf"
      redis-server --daemonize yes --bind 127.0.0.1 --port "$p" --cluster-enabled yes \
        --cluster-config-file "$dir/nodes-$p.conf" --cluster-node-timeout 2000 --save "" --appendonly no \
        --dir "$dir" --logfile "$dir/redis-$p.log" --pidfile "$dir/redis-$p.pid"
    fi
    nodes="$nodes 127.0.0.1:$p"
  done
  for p in $REDIS_CLUSTER_PORTS; do
    for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p "$p" ping >/dev/null 2>&1 && break; sleep 0.25; done
  done
  # A half-made cluster (a node already knows others, or holds keys) is reset before creating it anew.
  if ! redis-cli --cluster check 127.0.0.1:7379 >/dev/null 2>&1; then
    for p in $REDIS_CLUSTER_PORTS; do
      redis-cli -h 127.0.0.1 -p "$p" flushall >/dev/null 2>&1 || true
      redis-cli -h 127.0.0.1 -p "$p" cluster reset hard >/dev/null 2>&1 || true
    done
    # shellcheck disable=SC2086
    redis-cli --cluster create $nodes --cluster-replicas 0 --cluster-yes >"$dir/create.log" 2>&1 \
      || { echo "WARN: redis-cli --cluster create failed; see $dir/create.log" >&2; return 1; }
  fi
  for _ in $(seq 1 40); do redis_cluster_ok && return 0; sleep 0.25; done
  echo "Redis Cluster did not reach cluster_state:ok" >&2; return 1
}

# Debian's chromium and its driver for the dashboard's browser tests (they point at /usr/bin/chromedriver
# explicitly, so nothing downloads a browser); without them those tests skip and say why.
start_chromium() {
  if [ -x /usr/bin/chromedriver ] && [ -x /usr/bin/chromium ]; then return 0; fi
  apt_install chromium chromium-driver || { echo "WARN: no chromium; the dashboard's browser tests will skip" >&2; return 0; }
}
