#!/usr/bin/env bash
# Issue 9 item 2: what `noormc build`, `check` and `inspect --json` cost on a
# grown folder (bench/gen_migrations.py: 300 tables over 1,000 migrations by
# default), wall and CPU time and peak memory, for one or two binaries (a
# baseline first, so the ratio is measured on the same machine at the same time).
#
#   bash bench/scale_timings.sh NOORMC [BASELINE_NOORMC] [TABLES] [MIGRATIONS]
#
# Prints one line per command, binary and cache state (cold, warm); uses hyperfine (Debian's package)
# for the mean of several runs when it is installed, /usr/bin/time for memory.
set -euo pipefail
new=$1
old=${2:-}
tables=${3:-300}
migrations=${4:-1000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/gen_migrations.py" "$work/m" --tables "$tables" --migrations "$migrations" >/dev/null
"$new" hash --migrations "$work/m" >/dev/null 2>&1 || true
export NOORMC_CACHE_DIR="$work/cache"
# cold: the judgement cache off (NOORMC_CACHE=off), every run parses, replays,
# checks and emits; warm: the same command again, reading the stored judgement
# (docs/reference/commands.md, "One judgement, cached"; a binary without the
# cache judges afresh every time).
for bin in $old $new; do
  for cmd in "build --out $work/out" "check" "inspect --json"; do
    for mode in cold warm; do
      rm -rf "$work/out"
      if [ $mode = cold ]; then export NOORMC_CACHE=off; else unset NOORMC_CACHE; "$bin" $cmd --migrations "$work/m" >/dev/null 2>&1 || true; fi
      /usr/bin/time -f "$(basename "$bin") ${cmd%% *} ($mode): wall %e s, cpu %U+%S s, peak %M KB" \
        "$bin" $cmd --migrations "$work/m" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
      tail -1 "$work/err"
    done
  done
done
unset NOORMC_CACHE
if command -v hyperfine >/dev/null; then
  for cmd in "build --out $work/out" "check" "inspect --json"; do
    args=()
    for bin in $old $new; do args+=("$bin $cmd --migrations $work/m"); done
    NOORMC_CACHE=off hyperfine --warmup 1 --runs 5 -N "${args[@]}"
  done
fi
