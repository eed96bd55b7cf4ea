#!/usr/bin/env bash
# Runs every test of every module, on every loop, in both drive modes.
# GUI loops (SWT, JavaFX under Xvfb) need a display: this script installs Xvfb and GTK 3
# when they are missing (Debian/Ubuntu, as root) and runs the build under xvfb-run.
# As root it also installs libpoe-perl (real POE 1.370) for PerlPoeInteropTest.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb xauth)
dpkg -s libgtk-3-0 >/dev/null 2>&1 || need+=(libgtk-3-0)
dpkg -s libxtst6 >/dev/null 2>&1 || need+=(libxtst6)
dpkg -s libpangoft2-1.0-0 >/dev/null 2>&1 || need+=(libpangoft2-1.0-0)
# PerlPoeInteropTest talks to real POE (Debian libpoe-perl); without it that test is skipped
# with its reason, so it is installed only where we can (root with apt-get), never required.
if ! perl -MPOE -e 1 >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  need+=(libpoe-perl)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]} for the GUI loops' and the POE interop tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  else
    echo "missing packages for the GUI loops' tests: ${need[*]} (install them, e.g. sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
fi

# curl, for the HTTP server example's interop test (skipped, with the reason, without it)
if ! command -v curl >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing curl for HttpServerTest's interop test"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl
  else
    echo "curl is missing: HttpServerTest's curl interop test will be skipped" >&2
  fi
fi

export NO_AT_BRIDGE=1
exec xvfb-run -a -s "-screen 0 1280x1024x24" ./mvnw -B "$@" verify
