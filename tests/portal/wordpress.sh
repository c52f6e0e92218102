#!/usr/bin/env bash
# The real portal for the sync tests: Debian's WordPress on MariaDB, served by PHP's built-in
# server on 127.0.0.1, with an administrator, an editor (our supervisors' account), an author
# and a contributor, each with an application password, and the categories the office uses.
#
#   tests/portal/wordpress.sh start   starts it (or finds it running) and prints site.json's path
#   tests/portal/wordpress.sh stop    stops the PHP server, and MariaDB if `start` started it
#
# site.json holds the URL and each account's user name and application password: test
# fixtures for a throwaway local site, never real secrets. Safe to run twice.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PORT=${TOASOAN_WP_PORT:-8089}
HOST=127.0.0.1
URL="http://$HOST:$PORT"
RUN="$ROOT/target/wordpress"
SITE="$RUN/site.json"
DB=toasoan_wp
DB_USER=toasoan_wp
DB_PASSWORD=toasoan-wp-test
WP=/usr/share/wordpress

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else echo "run as root or install sudo: $*" >&2; exit 1; fi
}
fail() { echo "wordpress.sh: $*" >&2; exit 1; }

# The REST index, which only an installed site serves (a fresh one redirects to the installer).
answers() { curl -fsS --max-time 5 "$URL/?rest_route=/" 2>/dev/null | grep -q '"namespaces"'; }
serving() { curl -sS -o /dev/null --max-time 2 "$URL/wp-login.php" 2>/dev/null; }

start() {
  [ -f "$WP/wp-load.php" ] || fail "Debian's wordpress package is missing: run scripts/test (or apt-get install wordpress mariadb-server php-cli php-mysql)"
  command -v php >/dev/null || fail "php-cli is missing"
  mkdir -p "$RUN/wp-content/uploads" "$RUN/wp-content/plugins" "$RUN/wp-content/themes"
  # Test binaries run at once may all ask: one starts it, the others wait and find it running.
  exec 9>"$RUN/.lock"
  flock 9

  if [ -f "$SITE" ] && answers; then
    flock -u 9
    echo "$SITE"
    return 0
  fi

  # MariaDB, the database and its user.
  if ! as_root mysqladmin ping >/dev/null 2>&1; then
    # 9>&-: the daemons must not inherit the lock's descriptor, or they would hold it forever.
    as_root service mariadb start </dev/null >/dev/null 2>&1 9>&- || as_root service mysql start </dev/null >/dev/null 2>&1 9>&- ||
      fail "MariaDB does not start"
    # Started here, so stopped here too (`stop`); a MariaDB that was already running stays.
    touch "$RUN/mariadb.started"
  fi
  # A new site folder starts from an empty database: the uploads of an earlier folder are gone,
  # and media rows pointing at them would send the tests files that are not there.
  if [ ! -f "$SITE" ]; then
    as_root mysql -e "DROP DATABASE IF EXISTS $DB;"
  fi
  as_root mysql -e "CREATE DATABASE IF NOT EXISTS $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
    CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
    GRANT ALL ON $DB.* TO '$DB_USER'@'localhost';
    GRANT ALL ON $DB.* TO '$DB_USER'@'127.0.0.1';"

  # Debian's wp-config.php reads /etc/wordpress/config-<host>.php, chosen by the request's host.
  local config
  config=$(mktemp)
  cat > "$config" <<PHP
<?php
define('DB_NAME', '$DB');
define('DB_USER', '$DB_USER');
define('DB_PASSWORD', '$DB_PASSWORD');
define('DB_HOST', '127.0.0.1');
define('WP_CONTENT_DIR', '$RUN/wp-content');
define('WP_HOME', '$URL');
define('WP_SITEURL', '$URL');
// Application passwords over plain http are allowed only on a local site.
define('WP_ENVIRONMENT_TYPE', 'local');
define('FS_METHOD', 'direct');
PHP
  as_root install -m 644 "$config" "/etc/wordpress/config-$HOST.php"
  rm -f "$config"

  # PHP's server, with room for camera-size uploads (the CLI default is 2 MB).
  if ! serving; then
    # exec: no shell stays behind holding the caller's stdout (a test reading it to the end
    # would wait forever); 9>&-: nor the lock.
    # The router serves the uploads, which live in the site's own folder.
    (cd "$RUN" && TOASOAN_WP_UPLOADS="$RUN/wp-content/uploads" PHP_CLI_SERVER_WORKERS=4 exec php \
      -d upload_max_filesize=64M -d post_max_size=64M -d memory_limit=256M \
      -S "$HOST:$PORT" -t "$WP" "$ROOT/tests/portal/wp-router.php" </dev/null >"$RUN/php.log" 2>&1 9>&-) &
    echo $! >"$RUN/php.pid"
    for _ in $(seq 1 100); do
      serving && break
      sleep 0.1
    done
  fi

  # Install the site once (a POST, as the installer's form does).
  if ! answers; then
    local admin="quantri-$RANDOM-$RANDOM"
    curl -fsS --max-time 120 -o "$RUN/install.html" "$URL/wp-admin/install.php?step=2" \
      --data-urlencode "weblog_title=Cổng thông tin điện tử xã (thử nghiệm)" \
      --data-urlencode "user_name=quantri" \
      --data-urlencode "admin_password=$admin" --data-urlencode "admin_password2=$admin" --data "pw_weak=1" \
      --data-urlencode "admin_email=quantri@example.test" --data "blog_public=0" \
      || fail "the WordPress installer failed: see $RUN/php.log"
    answers || fail "WordPress did not install: see $RUN/install.html"
  fi

  # Accounts, application passwords and categories.
  local json
  json=$(cd "$RUN" && WP_SETUP_HOST="$HOST:$PORT" php -d memory_limit=256M "$ROOT/tests/portal/wp-setup.php") \
    || fail "setting up the accounts failed: $json"
  printf '%s\n' "$json" > "$SITE.tmp"
  mv "$SITE.tmp" "$SITE"
  answers || fail "WordPress does not answer at $URL: see $RUN/php.log"
  flock -u 9
  echo "$SITE"
}

stop() {
  # The server and its workers, whoever started them (another checkout's run included).
  pkill -f -- "-S $HOST:$PORT -t $WP" 2>/dev/null || true
  rm -f "$RUN/php.pid"
  if [ -f "$RUN/mariadb.started" ]; then
    as_root service mariadb stop </dev/null >/dev/null 2>&1 || true
    rm -f "$RUN/mariadb.started"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) fail "usage: $0 start|stop" ;;
esac
