'use server';

import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { getDb } from '@/db';

/** Saves the signed-in user's name (an Auth.js field) and bio (this app's column) to the users row. */
export async function saveProfile(formData: FormData): Promise<void> {
  const session = await auth();
  if (!session) redirect('/signin?callbackUrl=/profile');
  const name = String(formData.get('name') ?? '').trim();
  const bio = String(formData.get('bio') ?? '').trim();
  if (name.length > 80 || bio.length > 500) redirect('/profile?error=too-long');
  getDb().users.update({ id: session.user.id, name: name || null, bio: bio || null });
  redirect('/profile?saved=1');
}
