#!/usr/bin/env python3
"""Wall and CPU time of one noormc command for several binaries (or settings),
run alternately in one loop so that each sees the same machine at the same
time; prints the median of each and its ratio to the first.

    python3 bench/alternate.py RUNS "ARGS" NAME=BINARY[,VAR:VALUE...] ...

    python3 bench/alternate.py 21 "inspect --json --migrations /tmp/m" \\
        before=/tmp/noormc-old after=build/noormc one=build/noormc,NOORMC_THREADS:1

Every run has NOORMC_CACHE=off (a cold judgement: docs/reference/commands.md,
"One judgement, cached") unless a setting says otherwise. Wall time is
time.perf_counter around the process; CPU time is the child's user + system
time (getrusage); peak RSS is the largest of the runs (ru_maxrss, KiB).
"""
import os
import resource
import statistics
import subprocess
import sys
import time


def parse_setting(spec):
    name, rest = spec.split("=", 1)
    binary, *pairs = rest.split(",")
    env = dict(os.environ, NOORMC_CACHE="off")
    for pair in pairs:
        key, value = pair.split(":", 1)
        env[key] = value
    return name, binary, env


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    runs, args = int(sys.argv[1]), sys.argv[2].split()
    settings = [parse_setting(s) for s in sys.argv[3:]]
    wall = {name: [] for name, _, _ in settings}
    cpu = {name: [] for name, _, _ in settings}
    peak = {name: 0 for name, _, _ in settings}
    for _ in range(runs):
        for name, binary, env in settings:
            start = time.perf_counter()
            proc = subprocess.Popen([binary, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            wall[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((usage.ru_utime + usage.ru_stime) * 1000)
            peak[name] = max(peak[name], usage.ru_maxrss)
            if os.waitstatus_to_exitcode(status) not in (0, 1):
                sys.exit(f"{name}: {binary} {' '.join(args)} exited with {os.waitstatus_to_exitcode(status)}")
    base = statistics.median(wall[settings[0][0]])
    for name, _, _ in settings:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"{name:20s} wall {w:7.1f} ms  cpu {c:7.1f} ms  peak {peak[name] / 1024:5.1f} MB  ratio {w / base:.3f}")


if __name__ == "__main__":
    main()
