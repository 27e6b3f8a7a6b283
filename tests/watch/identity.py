#!/usr/bin/env python3
"""Watch's output and diagnostics are the cold build's, byte for byte (issue 9, item 3).

    python3 tests/watch/identity.py NOORMC [--tables 20] [--migrations 60]

Starts `noormc watch --no-migrate --format json` on a folder made by
bench/gen_migrations.py, then changes the folder as a developer does: appends a
migration (up, then its down), appends and removes a second one and removes and
restores the newest hashed one (noormc.sum's verdict reused only when it may be), edits an earlier migration (and `noormc hash`,
as an edited folder needs), edits an early migration so that it changes what
every later migration starts from (a column added to a table), then so that a
later migration fails (it creates a table a later migration creates), puts it
back, saves an earlier migration the way many editors do (a temporary file
renamed over it), renames the newest migration, edits and deletes generated
files by hand and then saves a migration unchanged (watch must write them
again: it compares with what it wrote only while their stat is unchanged),
and deletes the newest migration. After each change, waits until watch's
output equals what a cold `noormc build` (judgement cache off) writes for the
folder as it now is, and the diagnostics of its latest build equal a cold
`noormc check`'s (same codes, words and places); fails if they do not within a
generous bound (no time is asserted: the bound only stops a hang). Watch keeps
what it parsed and replayed between builds, so this is the test that it
answers exactly as a cold judgement does. Takes about 20 s on 2 busy cores.
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


def cold_check(noormc, folder):
    """The diagnostics of a cold `noormc check` (one JSON object a line)."""
    env = dict(os.environ, NOORMC_CACHE="off")
    r = subprocess.run([noormc, "check", "--format", "json", "--migrations", folder], env=env,
                       capture_output=True, text=True)
    return [line for line in r.stderr.splitlines() if line.startswith("{")]


def last_build_diagnostics(log):
    """The diagnostics watch printed for its latest build, which ends with a `noormc: ...` line."""
    with open(log) as f:
        lines = f.read().splitlines()
    builds, current = [], []
    for line in lines:
        if line.startswith("{"):
            current.append(line)
        elif line.startswith("noormc: build failed") or (line.startswith("noormc: ") and " migrations, " in line):
            builds.append(current)
            current = []
    return builds[-1] if builds else None


def settle(noormc, folder, out, cold, what, watch, log, builds=True):
    expected = cold_build(noormc, folder, cold) if builds else None
    diagnostics = cold_check(noormc, folder)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if watch.poll() is not None:
            sys.exit(f"watch exited ({watch.returncode}) after: {what}")
        same_output = expected is None or (os.path.isdir(out) and tree(out) == expected)
        if same_output and last_build_diagnostics(log) == diagnostics:
            files = f"{len(expected)} files equal to the cold build" if expected else "the build fails"
            print(f"ok: {what}: {files}; {len(diagnostics)} diagnostics equal to a cold check's")
            return
        time.sleep(0.05)
    if expected is not None:
        got = tree(out)
        differing = sorted(k for k in set(got) | set(expected) if got.get(k) != expected.get(k))
        if differing:
            sys.exit(f"after {what}: watch's output differs from the cold build in {differing}")
    got = last_build_diagnostics(log) or []
    sys.exit(f"after {what}: watch's diagnostics differ from a cold check's:\nwatch:\n" + "\n".join(got) +
             "\ncold check:\n" + "\n".join(diagnostics))


def edit_migration(noormc, folder, prefix, up_tail, down_head):
    """Appends to the up file of the migration with `prefix` and puts `down_head` first in its down."""
    up = next(f for f in sorted(os.listdir(folder)) if f.startswith(prefix + "_") and f.endswith(".up.sql"))
    with open(os.path.join(folder, up), "a") as f:
        f.write(up_tail)
    down = os.path.join(folder, up.replace(".up.sql", ".down.sql"))
    if os.path.exists(down):
        with open(down) as f:
            text = f.read()
        write(down, down_head + text)
    subprocess.run([noormc, "hash", "--quiet", "--migrations", folder], check=True)
    return up


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
    log = os.path.join(work, "watch.log")
    watch = subprocess.Popen([noormc, "watch", "--no-migrate", "--format", "json", "--migrations", folder, "--out",
                              out], env=env, stderr=open(log, "w"))
    try:
        settle(noormc, folder, out, cold, "the first build", watch, log)
        n = a.migrations + 1
        name = os.path.join(folder, f"{n:04d}_appended")
        write(name + ".up.sql", "CREATE TABLE appended (id INTEGER PRIMARY KEY, note TEXT NOT NULL DEFAULT '');\n")
        write(name + ".down.sql", "DROP TABLE appended;\n")
        settle(noormc, folder, out, cold, "appending a migration", watch, log)
        # noormc.sum's last verdict is reused only while its text is unchanged and the files it records are
        # unchanged, followed only by files it does not name: a second unhashed append; the newest recorded
        # migration removed (the sum names missing files) and written back after the unhashed ones' removal.
        second = os.path.join(folder, f"{n + 1:04d}_appended_again")
        write(second + ".up.sql", "CREATE TABLE appended_again (id INTEGER PRIMARY KEY);\n")
        settle(noormc, folder, out, cold, "appending a second migration (neither hashed)", watch, log)
        os.remove(second + ".up.sql")
        settle(noormc, folder, out, cold, "removing it", watch, log)
        newest = sorted(f for f in os.listdir(folder) if f.startswith(f"{a.migrations:04d}_"))
        kept = {f: open(os.path.join(folder, f)).read() for f in newest}
        for f in newest:
            os.remove(os.path.join(folder, f))
        settle(noormc, folder, out, cold, f"removing the newest recorded migration ({newest[0]})", watch, log,
               builds=False)
        for f, text in kept.items():
            write(os.path.join(folder, f), text)
        settle(noormc, folder, out, cold, "writing it back", watch, log)
        earlier = sorted(f for f in os.listdir(folder) if f.endswith(".up.sql"))[a.migrations // 2]
        with open(os.path.join(folder, earlier), "a") as f:
            f.write("CREATE TABLE edited_in (id INTEGER PRIMARY KEY, label TEXT);\n")
        down = os.path.join(folder, earlier.replace(".up.sql", ".down.sql"))
        if os.path.exists(down):
            with open(down) as f:
                text = f.read()
            write(down, "DROP TABLE edited_in;\n" + text)
        subprocess.run([noormc, "hash", "--quiet", "--migrations", folder], check=True)
        settle(noormc, folder, out, cold, f"editing an earlier migration ({earlier})", watch, log)
        # An early migration changes what every later one starts from: t1 gains a column.
        saved = {f: open(os.path.join(folder, f)).read() for f in os.listdir(folder) if f.startswith("0002_")}
        edited = edit_migration(noormc, folder, "0002", "ALTER TABLE t1 ADD COLUMN watch_probe TEXT;\n",
                                "ALTER TABLE t1 DROP COLUMN watch_probe;\n")
        settle(noormc, folder, out, cold, f"adding a column in an early migration ({edited})", watch, log)
        # Now a later migration fails: 0002 creates the table that a later migration creates.
        last_table = f"t{a.tables - 1}"
        edit_migration(noormc, folder, "0002", f"CREATE TABLE {last_table} (id INTEGER PRIMARY KEY);\n",
                       f"DROP TABLE {last_table};\n")
        settle(noormc, folder, out, cold, f"creating {last_table} early, so that its own migration fails", watch, log,
               builds=False)
        for f, text in saved.items():
            write(os.path.join(folder, f), text)
        subprocess.run([noormc, "hash", "--quiet", "--migrations", folder], check=True)
        settle(noormc, folder, out, cold, f"putting {edited} back", watch, log)
        # An editor's atomic save: the new text goes to a temporary file, renamed over the migration (IN_MOVED_TO).
        third = sorted(f for f in os.listdir(folder) if f.endswith(".up.sql"))[a.migrations // 3]
        with open(os.path.join(folder, third)) as f:
            text = f.read()
        write(os.path.join(folder, ".saving.tmp"), text + "CREATE TABLE saved_by_rename (id INTEGER PRIMARY KEY);\n")
        os.replace(os.path.join(folder, ".saving.tmp"), os.path.join(folder, third))
        subprocess.run([noormc, "hash", "--quiet", "--migrations", folder], check=True)
        settle(noormc, folder, out, cold, f"saving {third} through a rename", watch, log)
        # The newest migration renamed (its files move to new names; the sum still names the old ones).
        renamed = os.path.join(folder, f"{n:04d}_renamed")
        os.rename(name + ".up.sql", renamed + ".up.sql")
        os.rename(name + ".down.sql", renamed + ".down.sql")
        settle(noormc, folder, out, cold, "renaming the newest migration (not hashed)", watch, log, builds=False)
        subprocess.run([noormc, "hash", "--quiet", "--migrations", folder], check=True)
        settle(noormc, folder, out, cold, "hashing the renamed migration", watch, log)
        name = renamed
        # Generated files changed by hand (one in place, keeping its size; one deleted), then a save that
        # changes no output: watch must notice and write them again.
        with open(os.path.join(out, "schema.ts"), "r+b") as f:
            f.seek(3)
            f.write(b"#")
        os.remove(os.path.join(out, "repositories.ts"))
        with open(os.path.join(folder, third)) as f:
            text = f.read()
        write(os.path.join(folder, third), text)
        settle(noormc, folder, out, cold, "editing and deleting generated files, then saving a migration unchanged",
               watch, log)
        os.remove(name + ".down.sql")
        os.remove(name + ".up.sql")
        subprocess.run([noormc, "hash", "--quiet", "--migrations", folder], check=True)
        settle(noormc, folder, out, cold, "deleting the newest migration", watch, log)
    finally:
        watch.terminate()
        watch.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
