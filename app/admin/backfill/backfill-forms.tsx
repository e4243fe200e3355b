"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { type FormEvent, useEffect, useState } from "react";
import { applyBackfillAction, resumeBackfillAction } from "./actions";

function Feedback({ message }: { message: string | null }) {
  if (!message) {
    return null;
  }
  return (
    <p role="alert" className="mt-2 text-sm text-red-800" data-testid="backfill-feedback">
      {message}
    </p>
  );
}

function uploadAnswer(body: unknown): { id?: string; error?: string } {
  if (typeof body !== "object" || body === null) {
    return {};
  }
  const { id, error } = body as Record<string, unknown>;
  return { id: typeof id === "string" ? id : undefined, error: typeof error === "string" ? error : undefined };
}

export function UploadForm({ maxBytes }: { maxBytes: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const upload = async (form: FormData) => {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setError("Choose a CSV file to upload.");
      return;
    }
    if (file.size > maxBytes) {
      setError(`The file is larger than ${maxBytes / 1024 / 1024} MiB.`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/admin/backfill/upload", { method: "POST", body: form });
      const { id, error: message } = uploadAnswer(await response.json().catch(() => null));
      if (response.ok && id) {
        router.push(`/admin/backfill/${id}`);
        return;
      }
      setError(message ?? `The upload failed (HTTP ${response.status}).`);
    } catch {
      setError("The upload failed; check the connection and try again.");
    } finally {
      setPending(false);
    }
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void upload(new FormData(e.currentTarget));
  };

  return (
    <form onSubmit={onSubmit} className="rounded border border-slate-200 bg-white p-4" aria-labelledby="upload-heading">
      <h2 id="upload-heading" className="font-semibold">
        Upload a CSV
      </h2>
      <p className="text-xs text-slate-600">
        Nothing is applied yet: you see a dry-run report first. Up to 50,000 rows and {maxBytes / 1024 / 1024} MiB,
        UTF-8.
      </p>
      <label className="mt-2 flex flex-col text-sm">
        CSV file
        <input
          type="file"
          name="file"
          accept=".csv,text/csv"
          required
          className="rounded border border-slate-400 px-2 py-1"
        />
      </label>
      <button
        type="submit"
        disabled={pending}
        className="mt-3 rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
      >
        {pending ? "Checking…" : "Upload and check"}
      </button>
      <Feedback message={error} />
    </form>
  );
}

type ActionResult = { data?: { ok: true } | { ok: false; message: string }; serverError?: string };

function messageOf(result: ActionResult): string | null {
  if (result.serverError) {
    return result.serverError;
  }
  if (result.data && !result.data.ok) {
    return result.data.message;
  }
  return result.data ? null : "Something went wrong; please try again.";
}

/** "Apply N rows" for a validated run, or "Resume" for a failed or stalled one (`label`: the button's words). */
export function RunControls({ runId, mode, label }: { runId: string; mode: "apply" | "resume"; label: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const onSettled = ({ result }: { result: ActionResult }) => {
    const message = messageOf(result);
    setError(message);
    if (!message) {
      router.refresh();
    }
  };
  const apply = useAction(applyBackfillAction, { onSettled });
  const resume = useAction(resumeBackfillAction, { onSettled });
  const pending = apply.isPending || resume.isPending;

  return (
    <div>
      <button
        type="button"
        disabled={pending}
        onClick={() => (mode === "apply" ? apply.execute({ runId }) : resume.execute({ runId }))}
        className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
      >
        {label}
      </button>
      <Feedback message={error} />
    </div>
  );
}

/** Re-renders the page every second while it is shown (only while a run is applying). */
export function AutoRefresh({ everyMs = 1_000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
