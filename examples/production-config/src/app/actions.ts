"use server";

import { revalidatePath } from "next/cache";
import type { EventKind } from "@/db";
import { db } from "@/lib/db";

export async function recordEvent(form: FormData): Promise<void> {
  db().events.create({ kind: String(form.get("kind")) as EventKind, payload: { via: "form" } });
  revalidatePath("/");
}
