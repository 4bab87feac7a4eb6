#!/usr/bin/env bash
# shellcheck shell=bash
#
# Shared helpers for scripts/serve and scripts/test.
#
#   source scripts/lib.sh; ensure_tools     # from another script
#   scripts/lib.sh                          # run ensure_tools directly
#
# ensure_tools installs whatever is missing (Rust wasm target, Trunk,
# wasm-bindgen-cli matching Cargo.lock, Debian chromium + chromedriver, npm
# devDependencies incl. wasm-opt) and is fast (a few hundred ms) when everything
# is already present. It never prompts, so it works with CI=true and no stdin.

TRUNK_VERSION="0.21.14"
WASM_TARGET="wasm32-unknown-unknown"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Tools on PATH: wasm-opt (npm binaryen) for Trunk, cargo-installed binaries.
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive
export CARGO_TERM_PROGRESS_WHEN=never
export NPM_CONFIG_UPDATE_NOTIFIER=false
export NPM_CONFIG_FUND=false
export NPM_CONFIG_AUDIT=false

say() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# Version of a package pinned in Cargo.lock, e.g. `lock_version wasm-bindgen`.
lock_version() {
	awk -v want="name = \"$1\"" '
		$0 == want { found = 1; next }
		found && /^version = / { gsub(/"/, "", $3); print $3; exit }
		/^\[\[package\]\]/ { found = 0 }
	' "$ROOT/Cargo.lock"
}

# Wait while another process runs `cargo install <crate>` (e.g. a background
# install started elsewhere), instead of starting a second concurrent one.
wait_for_cargo_install() {
	local crate="$1" waited=0
	while pgrep -f -- "^([^ ]*/)?cargo install $crate( |\$)" >/dev/null 2>&1; do
		if ((waited % 60 == 0)); then
			say "waiting for an already running 'cargo install $crate' to finish (${waited}s so far)"
		fi
		sleep 5
		waited=$((waited + 5))
	done
}

# Run a command holding an exclusive lock, so two scripts started at the same
# time do not install the same tool twice.
with_lock() {
	local name="$1"
	shift
	local dir="${XDG_CACHE_HOME:-$HOME/.cache}/debate-drill"
	mkdir -p "$dir"
	if command -v flock >/dev/null 2>&1; then
		(
			flock 9
			"$@"
		) 9>"$dir/$name.lock"
	else
		"$@"
	fi
}

ensure_node() {
	command -v node >/dev/null 2>&1 || die "node is not installed (Node >= 20 required)"
	command -v npm >/dev/null 2>&1 || die "npm is not installed"
	local major
	major="$(node -p 'process.versions.node.split(".")[0]')"
	((major >= 20)) || die "Node >= 20 required, found $(node --version)"
}

ensure_rust() {
	command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust with rustup first"
	if ! rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
		say "adding Rust target $WASM_TARGET"
		rustup target add "$WASM_TARGET"
	fi
	if ! cargo clippy --version >/dev/null 2>&1 || ! cargo fmt --version >/dev/null 2>&1; then
		say "adding rustup components clippy and rustfmt"
		rustup component add clippy rustfmt
	fi
}

trunk_ok() {
	[[ "$(trunk --version 2>/dev/null)" == "trunk $TRUNK_VERSION" ]]
}

install_trunk() {
	trunk_ok && return 0
	wait_for_cargo_install trunk
	trunk_ok && return 0
	say "installing trunk $TRUNK_VERSION (first time, ~9 min)"
	cargo install trunk --version "$TRUNK_VERSION" --locked
}

ensure_trunk() {
	trunk_ok && return 0
	with_lock trunk install_trunk
	trunk_ok || die "trunk $TRUNK_VERSION is not on PATH after installing (found: $(trunk --version 2>&1 || true))"
}

WASM_BINDGEN_VERSION=""

wasm_bindgen_ok() {
	[[ "$(wasm-bindgen --version 2>/dev/null)" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]] &&
		command -v wasm-bindgen-test-runner >/dev/null 2>&1
}

install_wasm_bindgen() {
	wasm_bindgen_ok && return 0
	wait_for_cargo_install wasm-bindgen-cli
	wasm_bindgen_ok && return 0
	say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (matches Cargo.lock, ~2 min)"
	# Not --locked: the published lockfile of some versions does not build.
	cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
}

ensure_wasm_bindgen() {
	if [[ ! -f "$ROOT/Cargo.lock" ]]; then
		say "generating Cargo.lock"
		(cd "$ROOT" && cargo generate-lockfile)
	fi
	WASM_BINDGEN_VERSION="$(lock_version wasm-bindgen)"
	[[ -n "$WASM_BINDGEN_VERSION" ]] || die "no wasm-bindgen entry in Cargo.lock"
	export WASM_BINDGEN_VERSION
	wasm_bindgen_ok && return 0
	with_lock wasm-bindgen install_wasm_bindgen
	wasm_bindgen_ok || die "wasm-bindgen $WASM_BINDGEN_VERSION is not on PATH after installing (found: $(wasm-bindgen --version 2>&1 || true))"
}

# wasm-split-cli: cuts the app's WebAssembly at its split points (scripts/split-wasm.mjs, run
# by every Trunk build).
WASM_SPLIT_VERSION="0.2.4"

wasm_split_ok() {
	# It has no --version; cargo's list of installed crates says which one is there.
	command -v wasm-split-cli >/dev/null 2>&1 &&
		cargo install --list 2>/dev/null | grep -qxF "wasm_split_cli_support v$WASM_SPLIT_VERSION:"
}

install_wasm_split() {
	wasm_split_ok && return 0
	wait_for_cargo_install wasm_split_cli_support
	wasm_split_ok && return 0
	say "installing wasm-split-cli $WASM_SPLIT_VERSION (first time, ~3 min)"
	cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
}

ensure_wasm_split() {
	wasm_split_ok && return 0
	with_lock wasm-split install_wasm_split
	wasm_split_ok || die "wasm-split-cli $WASM_SPLIT_VERSION is not installed after installing"
}

apt_install() {
	local missing=("$@")
	command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install ${missing[*]} manually"
	local sudo=()
	if ((EUID != 0)); then
		command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install ${missing[*]}"
		sudo=(sudo -n)
	fi
	local opts=(-y -q -o DPkg::Lock::Timeout=900 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
	say "apt-get update (to install ${missing[*]})"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${opts[@]}" update >/dev/null
	say "apt-get install ${missing[*]}"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${opts[@]}" install --no-install-recommends "${missing[@]}" </dev/null
}

install_browsers() {
	local missing=()
	[[ -x /usr/bin/chromium ]] || missing+=(chromium)
	[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
	((${#missing[@]} == 0)) && return 0
	# A concurrent apt/dpkg run is waited for via DPkg::Lock::Timeout.
	apt_install "${missing[@]}"
}

ensure_browsers() {
	if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
		with_lock apt install_browsers
	fi
	[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium missing after install"
	[[ -x /usr/bin/chromedriver ]] || die "/usr/bin/chromedriver missing after install"
	export CHROMIUM=/usr/bin/chromium
	export CHROMEDRIVER=/usr/bin/chromedriver
}

node_modules_ok() {
	local marker="$ROOT/node_modules/.package-lock.json"
	[[ -f "$marker" && ! "$ROOT/package-lock.json" -nt "$marker" ]]
}

install_node_modules() {
	node_modules_ok && return 0
	say "installing npm devDependencies (npm ci)"
	(cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
}

ensure_node_modules() {
	[[ -f "$ROOT/package-lock.json" ]] || die "package-lock.json missing (run npm install once)"
	node_modules_ok || with_lock npm install_node_modules
	[[ -x "$ROOT/node_modules/.bin/wasm-opt" ]] || die "node_modules/.bin/wasm-opt missing (npm package binaryen)"
}

# twiggy: what each crate and function costs in the WASM. Only the benchmark uses it
# (scripts/bench); the tests do not need it.
TWIGGY_VERSION="0.8.0"

twiggy_ok() {
	[[ "$(twiggy --version 2>/dev/null)" == *" $TWIGGY_VERSION" ]]
}

install_twiggy() {
	twiggy_ok && return 0
	wait_for_cargo_install twiggy
	twiggy_ok && return 0
	say "installing twiggy $TWIGGY_VERSION (for the benchmark's size breakdown; first time, ~2 min)"
	cargo install twiggy --version "$TWIGGY_VERSION" --locked
}

ensure_twiggy() {
	twiggy_ok && return 0
	with_lock twiggy install_twiggy
	twiggy_ok || die "twiggy $TWIGGY_VERSION is not on PATH after installing (found: $(twiggy --version 2>&1 || true))"
}

ensure_tools() {
	ensure_node
	ensure_rust
	ensure_node_modules
	ensure_browsers
	ensure_wasm_bindgen
	ensure_wasm_split
	ensure_trunk
}

# Executed directly (not sourced): just make sure the tools are there.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
	set -euo pipefail
	cd "$ROOT"
	ensure_tools
	say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null | awk '{print $1" "$2}'), node $(node --version)"
fi
