// Auth.js (next-auth v5) for this app: database sessions in SQLite through the
// adapter noormc generates (src/db/nextauth.ts), GitHub and Google when their
// credentials are set, and email magic links that work offline.
import NextAuth, { type DefaultSession } from 'next-auth';
import type { Provider } from 'next-auth/providers';
import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';
import Nodemailer from 'next-auth/providers/nodemailer';
import { getDb } from '@/db';
import { NoormmeAdapter, type NoormmeAdapterUser } from '@/db/nextauth';
import { deliverToOutbox } from '@/lib/outbox';

declare module 'next-auth' {
  interface Session {
    user: { id: string; role: NoormmeAdapterUser['role'] } & DefaultSession['user'];
  }
}

const providers: Provider[] = [
  // Magic links. With EMAIL_SERVER (an SMTP URL) they are mailed; without it
  // they go to the development outbox (the terminal and outbox/magic-links.txt).
  Nodemailer({
    server: process.env.EMAIL_SERVER ?? 'smtp://localhost:25',
    from: process.env.EMAIL_FROM ?? 'Auth starter <auth@localhost>',
    ...(process.env.EMAIL_SERVER ? {} : { sendVerificationRequest: deliverToOutbox }),
  }),
];
// OAuth: Auth.js reads AUTH_GITHUB_ID / AUTH_GITHUB_SECRET and AUTH_GOOGLE_ID /
// AUTH_GOOGLE_SECRET itself; a provider is offered only when its id is set.
if (process.env.AUTH_GITHUB_ID) providers.push(GitHub);
if (process.env.AUTH_GOOGLE_ID) providers.push(Google);

/** The providers shown on /signin: id and name. */
export const providerList = providers.map((p) => {
  const { id, name } = typeof p === 'function' ? p() : p;
  return { id, name };
});

export const { handlers, auth, signIn, signOut } = NextAuth({
  // A function, not the Db: the database is opened on the first auth request, not when `next build` imports this.
  adapter: NoormmeAdapter(getDb),
  providers,
  pages: { signIn: '/signin', verifyRequest: '/signin/check-email' },
  callbacks: {
    // Database sessions: `user` is the users row. Return only what pages may see.
    session({ session, user }) {
      const { id, name, email, image, role } = user as NoormmeAdapterUser;
      return { expires: session.expires, user: { id, name, email, image, role } };
    },
  },
});
