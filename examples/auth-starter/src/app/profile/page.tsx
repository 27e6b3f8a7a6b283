import { Suspense } from 'react';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { getDb } from '@/db';
import { saveProfile } from './actions';

export default function ProfilePage({ searchParams }: PageProps<'/profile'>) {
  return (
    <main>
      <h1>Your profile</h1>
      <Suspense fallback={<p>Loading…</p>}>
        <ProfileForm searchParams={searchParams} />
      </Suspense>
    </main>
  );
}

async function ProfileForm({ searchParams }: { searchParams: PageProps<'/profile'>['searchParams'] }) {
  const session = await auth();
  if (!session) redirect('/signin?callbackUrl=/profile');
  const { saved, error } = await searchParams;
  // The row itself: the session holds only what the session callback returns.
  const user = getDb().users.findById(session.user.id);
  if (!user) redirect('/signin?callbackUrl=/profile');
  return (
    <>
      {saved && <p className="notice">Profile saved.</p>}
      {error && <p className="error">Name is at most 80 characters and bio at most 500.</p>}
      <p>Email: {user.email}</p>
      <form action={saveProfile}>
        <label>
          Name
          <input name="name" defaultValue={user.name ?? ''} maxLength={80} />
        </label>
        <label>
          Bio
          <textarea name="bio" defaultValue={user.bio ?? ''} maxLength={500} rows={4} />
        </label>
        <button type="submit">Save</button>
      </form>
    </>
  );
}
