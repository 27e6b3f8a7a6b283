#!/usr/bin/env python3
"""Synthetic migration folders shaped like a grown app, for benchmarks.

    python3 bench/gen_migrations.py OUT_DIR [--tables N] [--migrations M] [--seed S]

Writes OUT_DIR/NNNN_<name>.up.sql (and .down.sql where the step reverses)
for N tables created over the first migrations, then the usual evolution up to
M migrations in all: columns added (about one new column in seven is a
foreign key to a random other table, earlier or later, so the relation graph
has cycles), indexes (partial ones too), column and table renames, views
joining a table to a parent, triggers, data fixes and Prisma-style table
rebuilds (create new_x, copy, drop, rename). Every folder it writes runs in
SQLite (ups in order, then downs in reverse) and the output is a function of
the arguments alone.

Defaults: 300 tables, 1,000 migrations, seed 1 (the issue 9 folder).
"""
import argparse
import os
import random


class Table:
    def __init__(self, name):
        self.name = name
        self.columns = []       # (name, declaration) in order
        self.pinned = False     # read by a view or trigger: never rebuilt
        self.droppable = []     # added plain columns nothing else reads


class Generator:
    def __init__(self, tables, migrations, seed):
        self.rng = random.Random(seed)
        self.n_tables = tables
        self.n_migrations = migrations
        self.tables = []
        self.files = []         # (name, up, down or None)
        self.counter = 0

    def fresh(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def other(self, t):
        choices = [x for x in self.tables if x is not t]
        return self.rng.choice(choices) if choices else None

    def create(self, i):
        t = Table(f"t{i}")
        cols = [
            ("id", "INTEGER PRIMARY KEY AUTOINCREMENT"),
            ("name", "TEXT NOT NULL"),
            ("email", "VARCHAR(255) UNIQUE"),
            ("status", "TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'gone'))"),
            ("score", "REAL DEFAULT 0.0"),
            ("bio", "TEXT"),
            ("created_at", "DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"),
        ]
        for k in range(self.rng.choice([1, 1, 2]) if self.tables else 0):
            parent = self.rng.choice(self.tables)
            action = self.rng.choice(["", " ON DELETE CASCADE", " ON DELETE SET NULL"])
            cols.append((f"{parent.name}_id{k or ''}", f"INTEGER REFERENCES {parent.name} (id){action}"))
        t.columns = cols
        body = ",\n  ".join(f"{c} {d}" for c, d in cols)
        up = (f"-- {t.name}\nCREATE TABLE {t.name} (\n  {body}\n);\n"
              f"CREATE INDEX {t.name}_status_idx ON {t.name} (status, created_at DESC);\n")
        self.tables.append(t)
        self.files.append((f"create_{t.name}", up, f"DROP TABLE {t.name};\n"))

    def add_column(self, t):
        c = self.fresh("c")
        if self.rng.random() < 1 / 3:
            parent = self.other(t)
            decl = f"INTEGER REFERENCES {parent.name} (id) ON DELETE SET NULL"
            t.columns.append((c, decl))
            self.files.append((f"add_{t.name}_{c}", f"ALTER TABLE {t.name} ADD COLUMN {c} {decl};\n",
                               f"ALTER TABLE {t.name} DROP COLUMN {c};\n"))
            return
        decl = self.rng.choice(["TEXT", "INTEGER NOT NULL DEFAULT 0", "REAL", "BOOLEAN NOT NULL DEFAULT 0"])
        t.columns.append((c, decl))
        t.droppable.append(c)
        self.files.append((f"add_{t.name}_{c}", f"ALTER TABLE {t.name} ADD COLUMN {c} {decl};\n",
                           f"ALTER TABLE {t.name} DROP COLUMN {c};\n"))

    def add_index(self, t):
        c = self.fresh("c")
        t.columns.append((c, "INTEGER NOT NULL DEFAULT 0"))
        idx = f"{t.name}_{c}_idx"
        up = (f"ALTER TABLE {t.name} ADD COLUMN {c} INTEGER NOT NULL DEFAULT 0;\n"
              f"CREATE INDEX {idx} ON {t.name} ({c}) WHERE {c} > 0;\n")
        self.files.append((f"index_{t.name}_{c}", up, f"DROP INDEX {idx};\nALTER TABLE {t.name} DROP COLUMN {c};\n"))

    def rename_column(self, t):
        if not t.droppable:
            return self.add_column(t)
        old = t.droppable.pop(self.rng.randrange(len(t.droppable)))
        new = self.fresh("r")
        t.columns = [(new if c == old else c, d) for c, d in t.columns]
        t.droppable.append(new)
        self.files.append((f"rename_{t.name}_{old}", f"ALTER TABLE {t.name} RENAME COLUMN {old} TO {new};\n",
                           f"ALTER TABLE {t.name} RENAME COLUMN {new} TO {old};\n"))

    def rename_table(self, t):
        old, new = t.name, f"{t.name}_{self.fresh('v')}"
        t.name = new
        for other in self.tables:  # SQLite rewrites REFERENCES old (id) in every table
            other.columns = [(c, d.replace(f"REFERENCES {old} (", f"REFERENCES {new} (")) for c, d in other.columns]
        self.files.append((f"rename_{old}", f"ALTER TABLE {old} RENAME TO {new};\n",
                           f"ALTER TABLE {new} RENAME TO {old};\n"))

    def view(self, t):
        v = self.fresh("v_")
        t.pinned = True
        fk = next((c for c, d in t.columns if "REFERENCES" in d), None)
        if fk is None:
            sql = f"CREATE VIEW {v} AS SELECT id, name, status FROM {t.name} WHERE status = 'active';\n"
        else:
            parent = next(x for x in self.tables if f"REFERENCES {x.name} (" in dict(t.columns)[fk])
            parent.pinned = True
            sql = (f"CREATE VIEW {v} AS SELECT c.id, c.name, p.name AS parent_name, count(*) OVER () AS total\n"
                   f"  FROM {t.name} AS c LEFT JOIN {parent.name} AS p ON p.id = c.{fk}\n"
                   f"  WHERE c.status <> 'gone';\n")
        self.files.append((f"view_{v}", sql, f"DROP VIEW {v};\n"))

    def trigger(self, t):
        tr = self.fresh("tr_")
        t.pinned = True
        up = (f"CREATE TRIGGER {tr} AFTER UPDATE OF name ON {t.name} BEGIN\n"
              f"  UPDATE {t.name} SET score = score + 1 WHERE id = NEW.id;\nEND;\n")
        self.files.append((f"trigger_{tr}", up, f"DROP TRIGGER {tr};\n"))

    def data(self, t):
        up = (f"-- noormc:irreversible\n"
              f"UPDATE {t.name} SET status = 'active' WHERE status = 'new' AND score > 1.5;\n")
        self.files.append((f"data_{t.name}", up, None))

    def rebuild(self, t):
        if t.pinned:
            return self.add_column(t)
        tmp = f"new_{t.name}"
        cols = ", ".join(c for c, _ in t.columns)
        body = ",\n  ".join(f"{c} {d}" for c, d in t.columns)
        up = ("-- noormc:irreversible\nPRAGMA foreign_keys=OFF;\n"
              f"CREATE TABLE {tmp} (\n  {body}\n);\n"
              f"INSERT INTO {tmp} ({cols}) SELECT {cols} FROM {t.name};\n"
              f"DROP TABLE {t.name};\nALTER TABLE {tmp} RENAME TO {t.name};\n"
              f"CREATE INDEX {t.name}_status_idx ON {t.name} (status, created_at DESC);\n"
              "PRAGMA foreign_keys=ON;\n")
        # Indexes other than the status index went with the old table.
        self.files.append((f"rebuild_{t.name}", up, None))

    def run(self):
        for i in range(self.n_tables):
            self.create(i)
        steps = [(self.add_column, 24), (self.add_index, 10), (self.rename_column, 10), (self.rename_table, 4),
                 (self.view, 12), (self.trigger, 8), (self.data, 8), (self.rebuild, 6)]
        kinds = [f for f, w in steps for _ in range(w)]
        while len(self.files) < self.n_migrations:
            self.rng.choice(kinds)(self.rng.choice(self.tables))
        return self.files


def write(out, files):
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        if f.endswith(".sql") or f == "noormc.sum":
            os.remove(os.path.join(out, f))
    for n, (name, up, down) in enumerate(files, 1):
        base = os.path.join(out, f"{n:04d}_{name}")
        with open(base + ".up.sql", "w") as fh:
            fh.write(up)
        if down is not None:
            with open(base + ".down.sql", "w") as fh:
                fh.write(down)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--tables", type=int, default=300)
    ap.add_argument("--migrations", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    files = Generator(a.tables, max(a.migrations, a.tables), a.seed).run()
    write(a.out, files)
    print(f"{len(files)} migrations over {a.tables} tables in {a.out}")


if __name__ == "__main__":
    main()
