"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { FormMessage } from "@/components/ui/form-status";
import { type ActionAnswer, refusalText } from "./form-values";

type Success<Data> = Extract<Data, { ok: true }>;

/**
 * A console form's answer to its last submit. A success also reloads the page's server data
 * (`router.refresh`), so that what the page lists shows the change.
 */
export function useFormMessage() {
  const router = useRouter();
  const [message, setMessage] = useState<FormMessage>(null);
  const succeeded = (text: string) => {
    setMessage({ text, ok: true });
    router.refresh();
  };
  const failed = (text: string) => setMessage({ text, ok: false });
  /** An action's answer: `done` when it succeeded, else why not (`refusalText`), or `fallback`. */
  const settle = <Data extends { ok: boolean }>(
    result: ActionAnswer & { data?: Data },
    done: string | ((data: Success<Data>) => string),
    fallback: string,
  ) => {
    const data = result.data;
    if (data?.ok) {
      succeeded(typeof done === "string" ? done : done(data as Success<Data>));
    } else {
      failed(refusalText(result, fallback));
    }
  };
  return { message, clear: () => setMessage(null), succeeded, failed, settle };
}
