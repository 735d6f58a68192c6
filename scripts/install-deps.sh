#!/usr/bin/env bash
# Installs what leakguard needs on Debian 12 (bookworm) with apt: LLVM/Clang 19,
# the build tools, GoogleTest, and the -dev packages whose real headers the
# tests use. Idempotent: prints nothing and installs nothing when all is there.
set -euo pipefail

packages=(
  clang-19 clang-tidy-19 clang-tools-19 libclang-19-dev libclang-cpp19-dev
  llvm-19-dev llvm-19-tools libclang-rt-19-dev
  cmake ninja-build pkg-config g++ libgtest-dev python3 python3-jsonschema python3-yaml
  libcurl4-openssl-dev libpq-dev libsqlite3-dev libssl-dev libcpp-httplib-dev
  libmicrohttpd-dev libmariadb-dev patch libuv1-dev libglib2.0-dev libsdl2-dev pre-commit
  # leakguard-clangd links clangd's archives, whose remote index needs these;
  # its end-to-end test drives Neovim; its latency bench compares with clangd-19.
  libgrpc++-dev libprotobuf-dev libabsl-dev neovim clangd-19
  # bench/cross_unit_instructions.py counts instructions with callgrind.
  valgrind
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "install-deps: not root and no sudo; install these by hand: ${missing[*]}" >&2
    exit 2
  }
  SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
