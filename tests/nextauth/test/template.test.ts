// The migration `noormc new NAME --auth` writes (templates/auth/*.mustache,
// rendered as reference/native/migrations/0001_add_auth.*). It runs on
// better-sqlite3 (built with SQLITE_DQS=0, so a double-quoted string would
// fail), its down file reverses it exactly, it has the keys Auth.js relies
// on, and every look-up the adapter makes uses an index.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { fixtures, projectDir, tempDir } from './support.js';

// tests/nextauth_test.cpp checks that `noormc new add_auth --auth` writes exactly these files.
const written = join(projectDir, 'reference', 'native', 'migrations');
const up = readFileSync(join(written, '0001_add_auth.up.sql'), 'utf8');
const down = readFileSync(join(written, '0001_add_auth.down.sql'), 'utf8');

/** What SQLite says about the schema: table_xinfo, foreign_key_list, index_list and index_xinfo of every table. */
function snapshot(db: Database.Database): string {
  const out: unknown[] = [];
  const objects = db.prepare("SELECT type, name, tbl_name FROM sqlite_schema ORDER BY name").all() as { type: string; name: string }[];
  out.push(objects);
  for (const { name } of objects.filter((o) => o.type === 'table')) {
    out.push(name, db.prepare('SELECT * FROM pragma_table_xinfo(?)').all(name));
    out.push(db.prepare('SELECT * FROM pragma_foreign_key_list(?)').all(name));
    const indexes = db.prepare('SELECT * FROM pragma_index_list(?)').all(name) as { name: string }[];
    out.push(indexes);
    for (const i of indexes) out.push(db.prepare('SELECT * FROM pragma_index_xinfo(?)').all(i.name));
  }
  return JSON.stringify(out, null, 1);
}

function open(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  return db;
}

describe('the Auth.js migration (noormc new NAME --auth)', () => {
  it('up runs, down reverses it exactly, and up runs again to the same schema', () => {
    const tmp = tempDir('template');
    try {
      const db = open(tmp.file('app.db'));
      db.exec('CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL)');
      const before = snapshot(db);
      db.exec(up);
      const afterUp = snapshot(db);
      assert.notEqual(afterUp, before);
      db.exec(down);
      assert.equal(snapshot(db), before, 'down leaves exactly the schema that up found');
      db.exec(up);
      assert.equal(snapshot(db), afterUp, 'up after down gives the same schema');
      db.close();
    } finally {
      tmp.remove();
    }
  });

  it('down works with rows in every table (children dropped before users)', () => {
    const tmp = tempDir('template-rows');
    try {
      const db = open(tmp.file('app.db'));
      db.exec(up);
      db.exec(`
        INSERT INTO users (id, email) VALUES ('u1', 'a@example.com');
        INSERT INTO accounts (userId, type, provider, providerAccountId) VALUES ('u1', 'oauth', 'github', '1');
        INSERT INTO sessions (sessionToken, userId, expires) VALUES ('s1', 'u1', '2030-01-01T00:00:00.000Z');
        INSERT INTO verification_tokens (identifier, token, expires) VALUES ('a@example.com', 't1', '2030-01-01T00:00:00.000Z');
        INSERT INTO authenticators VALUES ('c1', 'u1', 'c1', 'key', 0, 'singleDevice', 0, NULL);
      `);
      db.exec(down);
      assert.deepEqual(db.prepare("SELECT name FROM sqlite_schema").all(), []);
      db.close();
    } finally {
      tmp.remove();
    }
  });

  it('the native reference migrates with the template itself', () => {
    const dir = join(projectDir, 'reference', 'native', 'migrations');
    assert.equal(readFileSync(join(dir, '0001_add_auth.up.sql'), 'utf8'), up);
    assert.equal(readFileSync(join(dir, '0001_add_auth.down.sql'), 'utf8'), down);
  });

  it('has the tables, names, types, keys and cascades Auth.js relies on', () => {
    const db = new Database(':memory:');
    db.exec(up);
    const cols = (t: string): string[] =>
      (db.prepare('SELECT name, type, "notnull" FROM pragma_table_xinfo(?)').all(t) as { name: string; type: string; notnull: number }[]).map(
        (c) => `${c.name} ${c.type}${c.notnull ? ' NOT NULL' : ''}`,
      );
    assert.deepEqual(cols('users'), ['id TEXT NOT NULL', 'name TEXT', 'email TEXT', 'emailVerified DATETIME', 'image TEXT']);
    assert.deepEqual(cols('accounts'), [
      'userId TEXT NOT NULL',
      'type TEXT NOT NULL',
      'provider TEXT NOT NULL',
      'providerAccountId TEXT NOT NULL',
      'refresh_token TEXT',
      'access_token TEXT',
      'expires_at INTEGER',
      'token_type TEXT',
      'scope TEXT',
      'id_token TEXT',
      'session_state TEXT',
    ]);
    assert.deepEqual(cols('sessions'), ['sessionToken TEXT NOT NULL', 'userId TEXT NOT NULL', 'expires DATETIME NOT NULL']);
    assert.deepEqual(cols('verification_tokens'), ['identifier TEXT NOT NULL', 'token TEXT NOT NULL', 'expires DATETIME NOT NULL']);
    assert.deepEqual(cols('authenticators'), [
      'credentialID TEXT NOT NULL',
      'userId TEXT NOT NULL',
      'providerAccountId TEXT NOT NULL',
      'credentialPublicKey TEXT NOT NULL',
      'counter INTEGER NOT NULL',
      'credentialDeviceType TEXT NOT NULL',
      'credentialBackedUp BOOLEAN NOT NULL',
      'transports TEXT',
    ]);
    for (const t of ['accounts', 'sessions', 'authenticators']) {
      assert.deepEqual(
        db.prepare('SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(?)').all(t),
        [{ table: 'users', from: 'userId', to: 'id', on_delete: 'CASCADE' }],
        t,
      );
    }
    const unique = (t: string): string[] =>
      (db.prepare('SELECT name FROM pragma_index_list(?) WHERE "unique" = 1').all(t) as { name: string }[])
        .map((i) => (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(i.name) as { name: string }[]).map((c) => c.name).join(','))
        .sort();
    assert.deepEqual(unique('users'), ['email', 'id']);
    assert.deepEqual(unique('accounts'), ['provider,providerAccountId']);
    assert.deepEqual(unique('sessions'), ['sessionToken']);
    assert.deepEqual(unique('verification_tokens'), ['identifier,token']);
    assert.deepEqual(unique('authenticators'), ['credentialID', 'userId,credentialID']);
    db.close();
  });

  it('deleting a user cascades to accounts, sessions and authenticators', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    db.exec(up);
    db.exec(`
      INSERT INTO users (id, email) VALUES ('u1', 'a@example.com');
      INSERT INTO accounts (userId, type, provider, providerAccountId) VALUES ('u1', 'oauth', 'github', '1');
      INSERT INTO sessions (sessionToken, userId, expires) VALUES ('s1', 'u1', '2030-01-01T00:00:00.000Z');
      INSERT INTO authenticators VALUES ('c1', 'u1', 'c1', 'key', 0, 'singleDevice', 0, NULL);
      DELETE FROM users WHERE id = 'u1';
    `);
    for (const t of ['accounts', 'sessions', 'authenticators']) {
      assert.equal((db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n, 0, t);
    }
    db.close();
  });
});

describe('every look-up of the adapter uses an index', () => {
  for (const f of fixtures) {
    it(`${f.name} naming: no statement scans a table`, () => {
      const tmp = tempDir(`plan-${f.name}`);
      try {
        const o = f.open(tmp.file('app.db'));
        const db = o.db.connection.db;
        const constants = [...f.source.matchAll(/^const ([A-Z_]+) =\s*'((?:[^'\\]|\\.)*)';/gm)];
        assert.ok(constants.length >= 20, `found ${constants.length} SQL constants`);
        for (const [, name, literal] of constants) {
          const sql = literal!.replace(/\\(.)/g, '$1');
          if (!/\bWHERE\b/.test(sql)) continue;
          const params = new Array((sql.match(/\?/g) ?? []).length).fill(null);
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
          const scans = plan.filter((d) => /^SCAN /.test(d) && !/USING (COVERING )?INDEX/.test(d));
          assert.deepEqual(scans, [], `${name}: ${plan.join(' | ')}`);
        }
        o.db.close();
      } finally {
        tmp.remove();
      }
    });
  }
});
