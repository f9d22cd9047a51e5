# Sourced by the scripts: where the tools live.
export PATH="$HOME/.cargo/bin:$PWD/e2e/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
