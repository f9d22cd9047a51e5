#!/usr/bin/env bash
# Builds the widget (release) and serves it on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
source scripts/env.sh
exec trunk serve --no-autoreload
