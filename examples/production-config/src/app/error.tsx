"use client";

/**
 * The error boundary of every page: in production Next.js replaces the
 * message of a Server Component error with a digest, which is also in the
 * server's log next to the real error.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert">
      <h1>Something went wrong</h1>
      <p>{error.message}</p>
      {error.digest !== undefined && <p>Reference: {error.digest}</p>}
      <button onClick={() => reset()}>Try again</button>
    </div>
  );
}
