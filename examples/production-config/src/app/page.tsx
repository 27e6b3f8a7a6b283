import { connection } from "next/server";
import { Suspense } from "react";
import { recordEvent } from "@/app/actions";
import { db } from "@/lib/db";

export default function Home() {
  return (
    <>
      <h1>Events</h1>
      <form action={recordEvent}>
        <select name="kind" defaultValue="signup">
          <option value="signup">signup</option>
          <option value="purchase">purchase</option>
          <option value="error">error</option>
        </select>{" "}
        <button type="submit">Record</button>
      </form>
      <Suspense fallback={<p>Loading…</p>}>
        <Summary />
      </Suspense>
      <p>
        <a href="/api/health">/api/health</a> · <a href="/api/events">/api/events</a>
      </p>
    </>
  );
}

async function Summary() {
  await connection();
  const events = db().events.findAll({ orderBy: [{ created_at: "desc" }, { id: "desc" }], limit: 10 });
  const total = db().events.count();
  return (
    <>
      <p data-testid="total">{total} event(s)</p>
      <ul>
        {events.map((e) => (
          <li key={e.id}>
            #{e.id} {e.kind} at {e.created_at.toISOString()}
          </li>
        ))}
      </ul>
    </>
  );
}
