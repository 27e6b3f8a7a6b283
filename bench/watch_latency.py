#!/usr/bin/env python3
"""How long `noormc watch` takes to answer a save (issue 9, item 3).

    python3 bench/watch_latency.py NOORMC [--tables 300] [--migrations 1000] [--rounds 5] [--timings]

Generates a folder with bench/gen_migrations.py, starts `noormc watch
--no-migrate --quiet` on it, waits for the first build, then appends one
migration at a time (a new table's up file; its down file after the answer) and
measures from the start of the up file's write to the rename that puts the new
migrations.ts in place (its inode changes; polled every 0.2 ms). Prints each round and the median;
with --timings (a binary that has `watch --timings`), each answer's stages as watch
measured them (load and parse, noormc.sum, replay, semantics, emit, write).
Each round also prints the CPU time the watch process spent on the answer
(/proc/PID/task/*/schedstat, from the save to the new migrations.ts: on a shared
machine this moves less than the wall time), and the median of both.
No test asserts these times; they are figures for the closing note.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def inode(path):
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return None


def wait_for_new_inode(path, old, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = inode(path)
        if now is not None and now != old:
            return time.monotonic()
        time.sleep(0.0002)
    raise SystemExit(f"no new {path} within {timeout} s")


def cpu_ns(pid):
    """Nanoseconds process `pid`'s threads have run on a CPU (Linux /proc/PID/task/*/schedstat), or 0."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):  # noormc runs its commands on a second thread
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("noormc")
    ap.add_argument("--tables", type=int, default=300)
    ap.add_argument("--migrations", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--timings", action="store_true", help="print watch's own breakdown of each answer")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="noormc-watch-")
    folder, out = os.path.join(work, "migrations"), os.path.join(work, "db")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_migrations.py"), folder, "--tables", str(a.tables),
                    "--migrations", str(a.migrations)], check=True, stdout=subprocess.DEVNULL)
    target = os.path.join(out, "migrations.ts")
    log = os.path.join(work, "watch.log")
    watch = subprocess.Popen([a.noormc, "watch", "--no-migrate", "--quiet", "--migrations", folder, "--out", out] +
                             (["--timings"] if a.timings else []), stderr=open(log, "w"))

    def last_timing():
        with open(log) as f:
            lines = [line for line in f.read().splitlines() if line.startswith("noormc: load")]
        return lines[-1] if lines else ""
    try:
        started = time.monotonic()
        wait_for_new_inode(target, None, timeout=600)
        print(f"first build: {time.monotonic() - started:.2f} s")
        time.sleep(0.5)
        answers, cpus = [], []
        for r in range(a.rounds):
            n = a.migrations + 1 + r
            name = f"{n:04d}_bench_{r}"
            old = inode(target)
            cpu_before = cpu_ns(watch.pid)
            saved = time.monotonic()  # the write starts: open, write, close (inotify's IN_CLOSE_WRITE)
            with open(os.path.join(folder, name + ".up.sql"), "w") as f:
                f.write(f"CREATE TABLE bench_{r} (id INTEGER PRIMARY KEY, note TEXT);\n")
            answered = wait_for_new_inode(target, old)
            cpu = (cpu_ns(watch.pid) - cpu_before) / 1e6
            ms = (answered - saved) * 1000
            answers.append(ms)
            cpus.append(cpu)
            print(f"round {r + 1}: {ms:.0f} ms from the save to the new migrations.ts (CPU {cpu:.0f} ms)")
            if a.timings:
                time.sleep(0.05)
                print("  " + last_timing())
            # Its down file, then wait for that build too, so that each round starts idle.
            old = inode(target)
            with open(os.path.join(folder, name + ".down.sql"), "w") as f:
                f.write(f"DROP TABLE bench_{r};\n")
            wait_for_new_inode(target, old)
            time.sleep(0.3)
        print(f"median: {statistics.median(answers):.0f} ms (CPU {statistics.median(cpus):.0f} ms) over "
              f"{len(answers)} saves ({a.tables} tables, {a.migrations} migrations)")
    finally:
        watch.terminate()
        watch.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
