"use client";

import { useActionState } from "react";
import type { FormState } from "@/app/actions";

type Action = (prev: FormState, form: FormData) => Promise<FormState>;

/** A form bound to a Server Action with useActionState: shows the action's error, disables while pending. */
export function ActionForm({
  action,
  submit,
  children,
}: {
  action: Action;
  submit: string;
  children: React.ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, { error: null });
  return (
    <form action={formAction}>
      {children}
      {state.error !== null && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {submit}
      </button>
    </form>
  );
}
