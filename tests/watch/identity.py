#!/usr/bin/env python3
"""Watch's output is the cold build's, byte for byte (issue 9, item 3).

    python3 tests/watch/identity.py NOORMC [--tables 20] [--migrations 60]

Starts `noormc watch --no-migrate` on a folder made by bench/gen_migrations.py,
then changes the folder as a developer does: appends a migration (up, then its
down), edits an earlier migration (and `noormc hash`, as an edited folder needs),
deletes the newest migration. After each change, waits until watch's output
equals what a cold `noormc build` (judgement cache off) writes for the folder as
it now is, and fails if it does not within a generous bound (no time is asserted:
the bound only stops a hang). Takes about 10 s on 2 busy cores.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def tree(path):
    out = {}
    for base, _, files in os.walk(path):
        for f in files:
            full = os.path.join(base, f)
            with open(full, "rb") as fh:
                out[os.path.relpath(full, path)] = fh.read()
    return out


def cold_build(noormc, folder, out):
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, NOORMC_CACHE="off")
    r = subprocess.run([noormc, "build", "--quiet", "--migrations", folder, "--out", out], env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"cold build failed:\n{r.stderr}")
    return tree(out)


def settle(noormc, folder, out, cold, what, watch):
    expected = cold_build(noormc, folder, cold)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if watch.poll() is not None:
            sys.exit(f"watch exited ({watch.returncode}) after: {what}")
        if os.path.isdir(out) and tree(out) == expected:
            print(f"ok: {what}: {len(expected)} files equal to the cold build")
            return
        time.sleep(0.05)
    got = tree(out)
    differing = sorted(k for k in set(got) | set(expected) if got.get(k) != expected.get(k))
    sys.exit(f"after {what}: watch's output differs from the cold build in {differing}")


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("noormc")
    ap.add_argument("--tables", type=int, default=20)
    ap.add_argument("--migrations", type=int, default=60)
    a = ap.parse_args()
    noormc = os.path.abspath(a.noormc)
    work = tempfile.mkdtemp(prefix="noormc-watch-identity-")
    folder, out, cold = (os.path.join(work, d) for d in ("migrations", "db", "cold"))
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_migrations.py"), folder, "--tables",
                    str(a.tables), "--migrations", str(a.migrations)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([noormc, "hash", "--quiet", "--migrations", folder], check=True)
    env = dict(os.environ, NOORMC_CACHE_DIR=os.path.join(work, "cache"))
    watch = subprocess.Popen([noormc, "watch", "--no-migrate", "--quiet", "--migrations", folder, "--out", out],
                             env=env)
    try:
        settle(noormc, folder, out, cold, "the first build", watch)
        n = a.migrations + 1
        name = os.path.join(folder, f"{n:04d}_appended")
        write(name + ".up.sql", "CREATE TABLE appended (id INTEGER PRIMARY KEY, note TEXT NOT NULL DEFAULT '');\n")
        write(name + ".down.sql", "DROP TABLE appended;\n")
        settle(noormc, folder, out, cold, "appending a migration", watch)
        earlier = sorted(f for f in os.listdir(folder) if f.endswith(".up.sql"))[a.migrations // 2]
        with open(os.path.join(folder, earlier), "a") as f:
            f.write("CREATE TABLE edited_in (id INTEGER PRIMARY KEY, label TEXT);\n")
        down = os.path.join(folder, earlier.replace(".up.sql", ".down.sql"))
        if os.path.exists(down):
            with open(down) as f:
                text = f.read()
            write(down, "DROP TABLE edited_in;\n" + text)
        subprocess.run([noormc, "hash", "--quiet", "--migrations", folder], check=True)
        settle(noormc, folder, out, cold, f"editing an earlier migration ({earlier})", watch)
        os.remove(name + ".down.sql")
        os.remove(name + ".up.sql")
        subprocess.run([noormc, "hash", "--quiet", "--migrations", folder], check=True)
        settle(noormc, folder, out, cold, "deleting the newest migration", watch)
    finally:
        watch.terminate()
        watch.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
