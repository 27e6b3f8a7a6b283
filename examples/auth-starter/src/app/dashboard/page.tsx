import { Suspense } from 'react';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { auth, signOut } from '@/auth';

export default function DashboardPage() {
  return (
    <main>
      <h1>Dashboard</h1>
      <Suspense fallback={<p>Loading…</p>}>
        <SignedIn />
      </Suspense>
    </main>
  );
}

async function SignedIn() {
  const session = await auth();
  // proxy.ts already sends signed-out visitors to /signin; this covers a session that ended meanwhile.
  if (!session) redirect('/signin?callbackUrl=/dashboard');
  return (
    <>
      <p>
        Signed in as <strong>{session.user.email}</strong> (role: {session.user.role})
      </p>
      <p>
        Name: {session.user.name ?? '(not set)'} · <Link href="/profile">Edit your profile</Link>
      </p>
      <form
        action={async () => {
          'use server';
          await signOut({ redirectTo: '/' });
        }}
      >
        <button type="submit">Sign out</button>
      </form>
    </>
  );
}
