#!/usr/bin/env bash
# Runs a command with a real OS keyring of its own: a private D-Bus session and gnome-keyring's
# Secret Service, unlocked with a throwaway password. The portal's application passwords live
# there during the tests, exactly as they do in a desktop session's keyring.
#   tests/portal/with-keyring.sh cargo test
set -euo pipefail
if [ "${TOASOAN_KEYRING_READY:-}" = 1 ]; then exec "$@"; fi
command -v dbus-run-session >/dev/null || { echo "with-keyring.sh: dbus-run-session is missing (Debian package dbus)" >&2; exit 1; }
command -v gnome-keyring-daemon >/dev/null || { echo "with-keyring.sh: gnome-keyring is missing" >&2; exit 1; }
export TOASOAN_KEYRING_READY=1
# A throwaway home for the keyring's files, so a developer's own keyring is never touched.
KEYRING_HOME=$(mktemp -d)
trap 'rm -rf "$KEYRING_HOME"' EXIT
XDG_DATA_HOME="$KEYRING_HOME" dbus-run-session -- bash -c '
  printf "toasoan-tests" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' with-keyring "$@"
