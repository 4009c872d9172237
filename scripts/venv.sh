# Sourced by scripts/start and scripts/test: brings .venv up to date with a lock file, and only when
# something it depends on changed, so that a second launch costs nothing.
#
# The stamp is a hash of the lock file, pyproject.toml and the names of the package's files: the
# editable install is "strict" (a folder of links, one per file), so a pulled commit that adds or
# moves a module needs a reinstall even when no dependency changed.

cierre_fingerprint() {  # the lock file to install
  {
    cat "$1" pyproject.toml
    find core cli tui integrations -type f \( -name '*.py' -o -name '*.toml' -o -name '*.tcss' \) | LC_ALL=C sort
  } | sha256sum | cut -d' ' -f1
}

# cierre_venv LOCK [ALSO_GOOD_LOCK]: installs LOCK unless .venv already matches it (or matches
# ALSO_GOOD_LOCK, a superset: the test lock holds everything the app's lock does, at the same versions).
cierre_venv() {
  local lock="$1" also="${2:-}" stamp_dir=".venv/cierre-stamps"
  local want; want="$(cierre_fingerprint "$lock")"
  if [ -x .venv/bin/python ]; then
    [ "$(cat "$stamp_dir/$(basename "$lock")" 2>/dev/null)" = "$want" ] && return 0
    if [ -n "$also" ] && [ "$(cat "$stamp_dir/$(basename "$also")" 2>/dev/null)" = "$(cierre_fingerprint "$also")" ]; then
      return 0
    fi
  fi
  local first=""
  if [ ! -x .venv/bin/python ]; then
    first=1
    echo "Creating .venv with $(python3 --version) ..." >&2
    python3 -m venv .venv
  fi
  local count; count="$(grep -c '^[A-Za-z0-9]' "$lock")"
  if [ -n "$first" ]; then
    echo "Installing $count locked packages from $lock (the first time takes a minute or two) ..." >&2
  else
    echo "Dependencies or files changed: updating .venv from $lock ..." >&2
  fi
  local log=".venv/install.log"
  # Every package is pinned with its hashes; setuptools is in the lock as well, so the editable
  # install builds with it (no isolated build environment to download and set up each time).
  if ! { .venv/bin/python -m pip install --disable-pip-version-check --require-hashes -r "$lock" 2>&1 \
           | tee "$log" | cierre_show_progress "$count" \
         && .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation \
              -e . --config-settings editable_mode=strict >>"$log" 2>&1; }; then
    echo "the install failed; the end of $log:" >&2
    tail -n 20 "$log" >&2
    return 1
  fi
  mkdir -p "$stamp_dir"
  echo "$want" > "$stamp_dir/$(basename "$lock")"
}

# One line that counts the packages pip takes in, instead of pip's full output.
cierre_show_progress() {
  local total="$1" seen=0 line
  while IFS= read -r line; do
    case "$line" in
      Collecting*|Processing*|Requirement\ already\ satisfied*)
        seen=$((seen + 1))
        [ -t 2 ] && printf '\r  %d/%d %-50.50s' "$seen" "$total" "${line#* }" >&2 ;;
    esac
  done
  if [ -t 2 ]; then printf '\r  %d packages ready%-60s\n' "$seen" "" >&2; else echo "  $seen packages ready" >&2; fi
  return 0
}
