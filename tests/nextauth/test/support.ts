// Shared by the tests: the two reference schemas (native naming and the
// NOORMME v1 / singular snake_case naming), opened on real database files.
import type { Adapter } from '@auth/core/adapters';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setDefaultDriver, type Connection, type DbOptions } from 'noormme';
import * as native from '../reference/native/index.js';
import { NoormmeAdapter as NativeAdapter } from '../reference/native/nextauth.js';
import * as integer from '../reference/integer/index.js';
import { NoormmeAdapter as IntegerAdapter } from '../reference/integer/nextauth.js';
import * as v1 from '../reference/v1/index.js';
import { NoormmeAdapter as V1Adapter } from '../reference/v1/nextauth.js';

/** NOORMME_TEST_DRIVER=libsql runs the whole suite on the libsql driver. */
setDefaultDriver(process.env['NOORMME_TEST_DRIVER'] === 'libsql' ? 'libsql' : 'better-sqlite3');

/** tests/nextauth/, from build/test/ or test/. */
export const projectDir = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/build\/$/, '/');

export interface Opened {
  db: { readonly connection: Connection; close(): void };
  /** Typed as Auth.js calls it: every method of @auth/core's Adapter. */
  adapter: Required<Adapter>;
}

export interface Fixture {
  name: 'native' | 'v1' | 'integer';
  /** Opens (and migrates) the database file with the reference's createDb. */
  open(filename: string, options?: Partial<DbOptions>): Opened;
  /** Table names, by Auth.js model. */
  table: { user: string; account: string; session: string; verificationToken: string; authenticator: string };
  /** Column names used by raw checks. */
  column: { emailVerified: string; userId: string; sessionToken: string; credentialID: string; credentialBackedUp: string };
  /** The reference's nextauth.ts source text. */
  source: string;
  /** The ids createUser makes when Auth.js gives none (or, for INTEGER ids, gives its UUID). */
  generatedId: RegExp;
  /** A fresh id that createUser keeps as given. */
  givenId(): string;
}

/** A version-4 UUID, as crypto.randomUUID() makes them. */
export const UUID: RegExp = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let nextGivenId = 1_000_000;

function fixture(
  name: Fixture['name'],
  createDb: (o: DbOptions) => { readonly connection: Connection; close(): void },
  adapter: (db: { readonly connection: Connection }) => Required<Adapter>,
  table: Fixture['table'],
  column: Fixture['column'],
  integerIds = false,
): Fixture {
  return {
    generatedId: integerIds ? /^[1-9][0-9]*$/ : UUID,
    givenId: integerIds ? () => String(++nextGivenId) : () => crypto.randomUUID(),
    name,
    open(filename, options) {
      const db = createDb({ ...options, filename, migrate: true });
      return { db, adapter: adapter(db) };
    },
    table,
    column,
    source: readFileSync(join(projectDir, 'reference', name, 'nextauth.ts'), 'utf8'),
  };
}

export const fixtures: readonly Fixture[] = [
  fixture(
    'native',
    native.createDb,
    NativeAdapter,
    { user: 'users', account: 'accounts', session: 'sessions', verificationToken: 'verification_tokens', authenticator: 'authenticators' },
    { emailVerified: 'emailVerified', userId: 'userId', sessionToken: 'sessionToken', credentialID: 'credentialID', credentialBackedUp: 'credentialBackedUp' },
  ),
  fixture(
    'v1',
    v1.createDb,
    V1Adapter,
    { user: 'user', account: 'account', session: 'session', verificationToken: 'verification_token', authenticator: 'authenticator' },
    { emailVerified: 'email_verified', userId: 'user_id', sessionToken: 'session_token', credentialID: 'credential_id', credentialBackedUp: 'credential_backed_up' },
  ),
  // An existing app's users table (INTEGER PRIMARY KEY, snake_case) extended by `noormc new add_auth --auth`.
  fixture(
    'integer',
    integer.createDb,
    IntegerAdapter,
    { user: 'users', account: 'accounts', session: 'sessions', verificationToken: 'verification_tokens', authenticator: 'authenticators' },
    { emailVerified: 'email_verified', userId: 'userId', sessionToken: 'sessionToken', credentialID: 'credentialID', credentialBackedUp: 'credentialBackedUp' },
    true,
  ),
];

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; file: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `noormc-nextauth-${prefix}-`));
  return { dir, file: (n) => join(dir, n), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `"name"` as SQL. */
export const q = (name: string): string => '"' + name.replace(/"/g, '""') + '"';


/** The cookies a browser would keep from Set-Cookie headers (name → value; an expired or empty one is removed). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [k, v] = a.split('=').map((s) => s.trim());
        return (k?.toLowerCase() === 'max-age' && Number(v) <= 0) || (k?.toLowerCase() === 'expires' && new Date(v ?? '').getTime() <= Date.now());
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
