"use client";

/**
 * The error boundary of every page. In development the message is the real
 * one (a SchemaMismatchError names the migration that is not applied); in
 * production Next.js replaces it with a digest that is also in the server log.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="error">
      <h1>Something went wrong</h1>
      <pre style={{ whiteSpace: "pre-wrap" }}>{error.message}</pre>
      {error.digest !== undefined && <p>Reference: {error.digest}</p>}
      <button onClick={() => reset()}>Try again</button>
    </div>
  );
}
