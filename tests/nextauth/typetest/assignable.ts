// Type tests (compiled by `npm run typecheck`, never run): the emitted adapter
// is assignable to the Adapter of @auth/core (next-auth v5) and of next-auth
// v4, both installed from npm, WebAuthn methods included, and it types the
// schema's extra user columns.
import type { AuthConfig } from '@auth/core';
import type {
  Adapter as AuthCoreAdapter,
  AdapterAccount,
  AdapterAuthenticator,
  AdapterSession,
  AdapterUser,
  VerificationToken,
} from '@auth/core/adapters';
import type { AuthOptions } from 'next-auth';
import type { Adapter as NextAuthV4Adapter } from 'next-auth/adapters';
import * as native from '../reference/native/index.js';
import { NoormmeAdapter as NativeAdapter } from '../reference/native/nextauth.js';
import * as v1 from '../reference/v1/index.js';
import { NoormmeAdapter as V1Adapter } from '../reference/v1/nextauth.js';

declare const nativeDb: native.Db;
declare const v1Db: v1.Db;

// ---- @auth/core (next-auth v5): every method present, each assignable.
export const coreNative: Required<AuthCoreAdapter> = NativeAdapter(nativeDb);
export const coreV1: Required<AuthCoreAdapter> = V1Adapter(v1Db);
export const coreLazy: Required<AuthCoreAdapter> = NativeAdapter(() => native.getDb());
export const coreGetDb: AuthCoreAdapter = NativeAdapter(native.getDb);
export const coreConfig: AuthConfig = { adapter: NativeAdapter(native.getDb), providers: [] };

// ---- next-auth v4: `authOptions.adapter`.
export const v4Native: Required<NextAuthV4Adapter> = NativeAdapter(nativeDb);
export const v4V1: Required<NextAuthV4Adapter> = V1Adapter(v1Db);
export const authOptions: AuthOptions = { adapter: NativeAdapter(native.getDb), providers: [] };

// ---- What Auth.js passes in is accepted as is.
export async function acceptsAuthJsValues(
  user: AdapterUser,
  account: AdapterAccount,
  session: AdapterSession,
  token: VerificationToken,
  authenticator: AdapterAuthenticator,
): Promise<void> {
  for (const a of [NativeAdapter(nativeDb), V1Adapter(v1Db)]) {
    await a.createUser(user);
    await a.updateUser({ id: user.id, emailVerified: new Date() });
    await a.linkAccount(account);
    await a.createSession(session);
    await a.updateSession({ sessionToken: session.sessionToken, expires: new Date() });
    await a.createVerificationToken(token);
    await a.createAuthenticator(authenticator);
  }
  // next-auth v4 creates users without an id.
  const { id: _id, ...withoutId } = user;
  await NativeAdapter(nativeDb).createUser(withoutId);
}

// ---- What comes out is what Auth.js expects, plus the schema's own columns, typed.
export async function returnsTypedExtras(): Promise<void> {
  const a = NativeAdapter(nativeDb);
  const u = await a.getUser('id');
  if (u !== null) {
    const fromAuth: AdapterUser = u;
    const role: 'user' | 'admin' = u.role;
    const verified: Date | null = u.emailVerified;
    // @ts-expect-error role is a union of strings, not a number
    const wrong: number = u.role;
    void fromAuth, role, verified, wrong;
  }
  await a.createUser({ email: 'a@example.com', role: 'admin' });
  await a.updateUser({ id: 'id', role: 'user' });
  // @ts-expect-error 'root' is not allowed by CHECK (role IN ('user', 'admin'))
  await a.createUser({ email: 'a@example.com', role: 'root' });
  // @ts-expect-error updateUser needs the id
  await a.updateUser({ name: 'x' });

  const b = V1Adapter(v1Db);
  const w = await b.getUserByEmail('a@example.com');
  if (w !== null) {
    const created: Date = w.created_at;
    const updated: Date | null = w.updated_at;
    const verified: Date | null = w.emailVerified;
    // @ts-expect-error the snake_case column is exposed under its Auth.js name only
    void w.email_verified;
    void created, updated, verified;
  }
  const acc = await b.getAccount('123', 'github');
  if (acc !== null) {
    const id: string = acc.id;
    const extra: number | null = acc.refresh_token_expires_in;
    const exp: number | undefined = acc.expires_at;
    void id, extra, exp;
  }
  const sessionAndUser = await b.getSessionAndUser('token');
  if (sessionAndUser !== null) {
    const sid: string = sessionAndUser.session.id;
    const expires: Date = sessionAndUser.session.expires;
    void sid, expires;
  }
  const list = await b.listAuthenticatorsByUserId('id');
  const backedUp: boolean | undefined = list[0]?.credentialBackedUp;
  void backedUp;
}
