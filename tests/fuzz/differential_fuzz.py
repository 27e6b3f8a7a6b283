# Differential fuzzer: random schema evolutions (CREATE/ALTER/DROP of tables,
# columns, indexes, views, triggers) that SQLite 3.40 accepts must give the
# same model in noormc (replay) as in SQLite's PRAGMAs (noormc inspect --db).
#   usage: differential_fuzz.py NOORMC_BINARY FIRST_SEED LAST_SEED [STATEMENTS]
import json, random, re, sqlite3, subprocess, os, shutil, sys, tempfile

# CTest points LD_LIBRARY_PATH at build/oracle, the SQLite noormc links (better-sqlite3's); say so if not.
if os.environ.get('NOORMC_ORACLE_SQLITE') and sqlite3.sqlite_version != os.environ['NOORMC_ORACLE_SQLITE']:
    sys.exit('oracle is SQLite %s, not %s: run with LD_LIBRARY_PATH=build/oracle'
             % (sqlite3.sqlite_version, os.environ['NOORMC_ORACLE_SQLITE']))

NOORMC = sys.argv[1]


def run(seed, N):
    random.seed(seed)
    types = ['INTEGER', 'INT', 'TEXT', 'REAL', 'BLOB', 'NUMERIC', 'VARCHAR(20)', 'BOOLEAN', 'DATETIME', '', 'text', 'DOUBLE PRECISION',
             'GENERATED ANY', 'VARCHAR GENERATED ALWAYS', 'ALWAYS']
    def rnd_name(p): return p + str(random.randint(0, 6))
    def coldef(tables):
        c = rnd_name('c') + ' ' + random.choice(types)
        for _ in range(random.randint(0, 2)):
            r = random.random()
            if r < 0.2: c += ' NOT NULL'
            elif r < 0.35: c += " DEFAULT " + random.choice(["0", "'x'", "(1 + 2)", "CURRENT_TIMESTAMP", "NULL", "-1"])
            elif r < 0.45: c += ' UNIQUE'
            elif r < 0.55: c += ' COLLATE NOCASE'
            elif r < 0.7 and tables: c += ' REFERENCES ' + random.choice(tables) + random.choice(['', ' (id)']) + random.choice(['', ' ON DELETE CASCADE'])
            elif r < 0.8: c += ' CHECK (length(' + c.split()[0] + ') > 0)'
        return c
    def stmt(db):
        tables = [r[0] for r in db.execute("select name from sqlite_schema where type='table' and name not like 'sqlite_%'")]
        views = [r[0] for r in db.execute("select name from sqlite_schema where type='view'")]
        idx = [r[0] for r in db.execute("select name from sqlite_schema where type='index' and sql is not null")]
        cols = lambda t: [r[1] for r in db.execute(f'pragma table_info("{t}")')]
        r = random.random()
        if r < 0.06 and tables:
            src = random.choice(tables)
            return f'CREATE TABLE {rnd_name("t")} AS SELECT ' + random.choice(['*', f'{random.choice(cols(src))} AS k, 1 AS one, CAST(id AS TEXT) AS s']) + f' FROM {src}'
        if r < 0.1 and tables:
            a_, b_ = random.choice(tables), random.choice(tables)
            return (f'CREATE VIEW {rnd_name("v")} AS SELECT x.id, y.* FROM {a_} AS x JOIN {b_} AS y ON y.id = x.id'
                    + random.choice(['', ' WHERE x.id > 0', ' ORDER BY 1']))
        if r < 0.13 and tables:
            t = random.choice(tables); cs = cols(t)
            return (f'CREATE TRIGGER {rnd_name("tr")} AFTER UPDATE OF {random.choice(cs)} ON {t} BEGIN '
                    f'UPDATE {t} SET {random.choice(cs)} = NEW.{random.choice(cs)} WHERE id = OLD.id; END')
        if r < 0.16:
            t = rnd_name('t')
            body = ['a INT NOT NULL', 'b TEXT', 'g INT AS (a * 2)' + random.choice(['', ' STORED']), coldef(tables)]
            cons = ['PRIMARY KEY (a, b)'] + ([f'FOREIGN KEY (a) REFERENCES {random.choice(tables)} (id) ON DELETE SET NULL'] if tables else [])
            return f'CREATE TABLE {t} ({", ".join(body + cons)})' + random.choice(['', ' WITHOUT ROWID'])
        if r < 0.2 and tables:
            t = random.choice(tables); cs = cols(t); u = random.choice(tables); us = cols(u)
            return random.choice([
                f'INSERT INTO {t} ({cs[0]}) SELECT {us[0]} FROM {u} WHERE {us[-1]} IS NOT NULL',
                f'UPDATE {t} SET {random.choice(cs)} = (SELECT max({us[0]}) FROM {u}) WHERE {cs[0]} IN (SELECT {us[0]} FROM {u})',
                f'DELETE FROM {t} WHERE rowid NOT IN (SELECT min(rowid) FROM {t} GROUP BY {random.choice(cs)})',
                f'WITH q AS (SELECT {us[0]} AS k FROM {u}) SELECT k, count(*) AS n FROM q GROUP BY k ORDER BY n DESC',
                f'INSERT INTO {t} ({cs[0]}) VALUES (1) ON CONFLICT DO NOTHING',
                f'CREATE VIEW {rnd_name("v")} AS SELECT * FROM {t} JOIN {u} USING (id)',
                f'CREATE VIEW {rnd_name("v")} AS SELECT {cs[0]} AS k, count(*) AS n FROM {t} GROUP BY k HAVING n > 1 ORDER BY k',
                'PRAGMA legacy_alter_table=' + random.choice(['ON', 'OFF']),
                f'SELECT s.k, (SELECT count(*) FROM {u} WHERE {u}.{us[0]} = s.k) AS c FROM (SELECT {cs[0]} AS k FROM {t}) AS s',
                f'SELECT {cs[0]}, row_number() OVER (PARTITION BY {cs[-1]} ORDER BY {cs[0]}) AS rn FROM {t} WHERE EXISTS (SELECT 1 FROM {u} WHERE {u}.{us[0]} = {t}.{cs[0]})',
                f'SELECT {cs[0]} AS k FROM {t} UNION SELECT {us[0]} FROM {u} ORDER BY k',
                f'SELECT CASE WHEN {cs[0]} IS NULL THEN 0 ELSE 1 END AS flag, count(*) FILTER (WHERE {cs[-1]} > 0) FROM {t} GROUP BY flag',
                f'SELECT j.value FROM {t}, json_each(json_array({cs[0]})) AS j',
                f'CREATE VIEW {rnd_name("v")} AS SELECT a.{cs[0]} AS k, b.* FROM {t} AS a LEFT JOIN (SELECT {us[0]} AS k2 FROM {u}) AS b ON b.k2 = a.{cs[0]}',
                f'UPDATE {t} SET {cs[-1]} = {cs[-1]} WHERE {cs[0]} IN (SELECT x.{us[0]} FROM {u} AS x JOIN {u} AS y ON x.rowid = y.rowid)',
                f'CREATE TRIGGER {rnd_name("tr")} BEFORE DELETE ON {t} BEGIN INSERT INTO {u} ({us[0]}) SELECT OLD.{cs[0]} WHERE NOT EXISTS (SELECT 1 FROM {u} WHERE {us[0]} = OLD.{cs[0]}); END',
                f'CREATE TABLE {rnd_name("t")} (id INTEGER PRIMARY KEY, u TEXT UNIQUE ON CONFLICT REPLACE, w TEXT, UNIQUE (w, u))',
            ])
        if r < 0.25 or not tables:
            t = rnd_name('t')
            body = ['id INTEGER PRIMARY KEY' if random.random() < 0.6 else 'id TEXT PRIMARY KEY'] + [coldef(tables) for _ in range(random.randint(1, 4))]
            if random.random() < 0.2: body.append('UNIQUE (' + body[1].split()[0] + ')')
            opts = random.choice(['', '', ' WITHOUT ROWID', ' STRICT'])
            return f'CREATE TABLE {t} ({", ".join(body)}){opts}'
        t = random.choice(tables); cs = cols(t)
        if r < 0.4: return f'ALTER TABLE {t} ADD COLUMN {coldef(tables)}'
        if r < 0.5 and cs: return f'ALTER TABLE {t} DROP COLUMN {random.choice(cs)}'
        if r < 0.6 and cs: return f'ALTER TABLE {t} RENAME COLUMN {random.choice(cs)} TO {rnd_name("r")}'
        if r < 0.67: return f'ALTER TABLE {t} RENAME TO {rnd_name("t")}'
        if r < 0.77 and cs: return f'CREATE {random.choice(["", "UNIQUE "])}INDEX {rnd_name("i")} ON {t} ({random.choice(cs)}{random.choice(["", " DESC", " COLLATE NOCASE"])})' + random.choice(['', f' WHERE {random.choice(cs)} IS NOT NULL'])
        if r < 0.82 and idx: return f'DROP INDEX {random.choice(idx)}'
        if r < 0.9 and cs: return f'CREATE VIEW {rnd_name("v")} AS SELECT ' + random.choice(['*', ', '.join(random.sample(cs, min(len(cs), 2))), f'{cs[0]} AS a, upper({cs[-1]})']) + f' FROM {t}'
        if r < 0.93 and views: return f'DROP VIEW {random.choice(views)}'
        if r < 0.97: return f'DROP TABLE {t}'
        return f'CREATE TRIGGER {rnd_name("tr")} AFTER INSERT ON {t} BEGIN SELECT 1; END'
    d = os.path.join(tempfile.gettempdir(), f'noormc-dfz-{os.getpid()}-{seed}')
    shutil.rmtree(d, ignore_errors=True); os.makedirs(d + '/migrations')
    db = sqlite3.connect(':memory:', isolation_level=None)
    db.execute('PRAGMA foreign_keys=OFF')
    kept = []
    def disguise(sql):
        # SQLite's names are case-insensitive and take four quoting styles: vary both.
        def one(m):
            name = m.group(0)
            if random.random() < 0.3: name = name.upper()
            q = random.random()
            # (No "x": the sqlite3 shell here reads an unresolved "x" as a string, better-sqlite3 never does.)
            if q < 0.15: return '[' + name + ']'
            if q < 0.2: return '`' + name + '`'
            return name
        return re.sub(r'(?<![\w.])(?:tr|t|c|r|v|i)\d\b', one, sql)
    for i in range(N):
        s = disguise(stmt(db))
        try:
            db.execute(s); kept.append(s)
        except sqlite3.Error:
            pass
    open(d + '/migrations/0001_fuzz.up.sql', 'w').write(';\n'.join(kept) + ';\n')
    dbfile = d + '/x.db'
    # Replayed with double-quoted strings off, as better-sqlite3 runs: a statement that only
    # Python's sqlite3 (DQS on) accepted makes the case moot.
    cli = subprocess.run(['sqlite3', '-bail', dbfile], input='.dbconfig dqs_ddl off\n.dbconfig dqs_dml off\n' +
                         ';\n'.join(kept) + ';\n', text=True, capture_output=True)
    if cli.returncode != 0:
        shutil.rmtree(d, ignore_errors=True)
        return True
    a = subprocess.run([NOORMC, 'inspect', '--json', '--format', 'json', '--migrations', d + '/migrations'],
                       capture_output=True, text=True)
    b = subprocess.run([NOORMC, 'inspect', '--json', '--db', dbfile], capture_output=True, text=True)
    if a.returncode != 0:
        # FK to a missing table is an error in noormc by design (E0212)
        # inspect judges the folder as check does: errors SQLite does not raise, by design
        # (docs/reference/contract.md#5-the-schema-model): a foreign key to a missing table or column or without a usable key (E0212,
        # E0401, E0402), a view or trigger left reading a dropped table or column.
        def by_design(d):
            return d.get('code') in ('E0212', 'E0401', 'E0402') or (
                d.get('code') in ('E0201', 'E0202') and ' reads a missing ' in d.get('message', ''))
        errs = [json.loads(l) for l in a.stderr.splitlines() if l.startswith('{')]
        errs = [e for e in errs if e.get('severity') == 'error']
        if errs and all(by_design(e) for e in errs):
            shutil.rmtree(d, ignore_errors=True)
            return True
        print(seed, 'NOORMC-ERROR', a.stderr[:600])
        return False
    if a.stdout != b.stdout:
        import difflib
        print(seed, 'DIFF')
        print(''.join(list(difflib.unified_diff(b.stdout.splitlines(1), a.stdout.splitlines(1)))[:40]))
        return False
    shutil.rmtree(d, ignore_errors=True)
    return True


if __name__ == '__main__':
    first, last = int(sys.argv[2]), int(sys.argv[3])
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 60
    failed = [s for s in range(first, last + 1) if not run(s, n)]
    passed = last - first + 1 - len(failed)
    print(f'{passed} passed, {len(failed)} failed')
    sys.exit(1 if failed else 0)
