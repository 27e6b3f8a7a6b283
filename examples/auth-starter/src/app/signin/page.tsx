import { Suspense } from 'react';
import { redirect } from 'next/navigation';
import { AuthError } from 'next-auth';
import { providerList, signIn } from '@/auth';

/** Only same-site paths: an absolute callbackUrl could send the user elsewhere. */
function safeCallback(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.startsWith('/') && !v.startsWith('//') ? v : '/dashboard';
}

export default function SignInPage({ searchParams }: PageProps<'/signin'>) {
  return (
    <main>
      <h1>Sign in</h1>
      <Suspense fallback={<p>Loading…</p>}>
        <SignInForms searchParams={searchParams} />
      </Suspense>
    </main>
  );
}

async function SignInForms({ searchParams }: { searchParams: PageProps<'/signin'>['searchParams'] }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  const error = typeof params.error === 'string' ? params.error : undefined;
  return (
    <>
      {error && <p className="error">Sign-in failed ({error}). Try again.</p>}
      <form
        action={async (formData) => {
          'use server';
          try {
            // redirect: false returns the verify-request URL instead of following it; the page is ours.
            await signIn('nodemailer', { email: formData.get('email'), redirectTo: callbackUrl, redirect: false });
          } catch (e) {
            if (e instanceof AuthError) redirect(`/signin?error=${e.type}`);
            throw e;
          }
          redirect('/signin/check-email');
        }}
      >
        <label>
          Email
          <input name="email" type="email" required autoComplete="email" placeholder="you@example.com" />
        </label>
        <button type="submit">Email me a sign-in link</button>
      </form>
      {providerList
        .filter((p) => p.id !== 'nodemailer')
        .map((p) => (
          <form
            key={p.id}
            action={async () => {
              'use server';
              await signIn(p.id, { redirectTo: callbackUrl });
            }}
          >
            <button type="submit">Continue with {p.name}</button>
          </form>
        ))}
    </>
  );
}
