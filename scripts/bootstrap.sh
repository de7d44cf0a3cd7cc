#!/usr/bin/env bash
# Install what LamTheo needs on a fresh Debian 12 machine, then create .venv. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="postgresql postgresql-contrib libreoffice-writer-nogui python3-uno fonts-liberation2 fonts-croscore chromium poppler-utils"

install_apt() {
  command -v dpkg-query >/dev/null || return 0
  local missing=()
  for pkg in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != "0" ]; then
    echo "Thiếu gói Debian: ${missing[*]} (chạy với quyền root để cài)." >&2
    return 0
  fi
  echo "Cài gói Debian: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
}

find_python() {
  # Django 6.1 needs Python >= 3.12. On this image the default python3 is 3.11 and pyenv has 3.12.1.
  local candidates=("env PYENV_VERSION=3.12.1 python3.12" "python3.12" "python3.13" "python3.14" "python3")
  for c in "${candidates[@]}"; do
    if $c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  echo "Không tìm thấy Python >= 3.12." >&2
  return 1
}

make_venv() {
  local stamp=.venv/.requirements.sha
  local want
  want=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
  if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  if [ ! -x .venv/bin/python ]; then
    local py
    py=$(find_python)
    echo "Tạo môi trường ảo bằng: $py"
    $py -m venv .venv
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  echo "$want" > "$stamp"
}

[ "${SKIP_APT:-0}" = "1" ] || install_apt
make_venv
