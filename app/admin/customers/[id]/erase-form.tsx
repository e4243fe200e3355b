"use client";

import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { useFormMessage } from "@/components/admin/use-form-message";
import { FormFeedback } from "@/components/ui/form-status";
import { eraseCustomerAction } from "./actions";

/** Erases a customer's personal data after the admin typed their external id. */
export function EraseCustomer({ customerId, externalId }: { customerId: string; externalId: string }) {
  const [confirm, setConfirm] = useState("");
  const feedback = useFormMessage();
  const erase = useAction(eraseCustomerAction, {
    onSettled: ({ result }) => feedback.settle(result, (data) => data.message, "Could not erase."),
  });
  return (
    <section className="rounded border border-red-300 bg-white p-4 text-sm" aria-labelledby="erase-heading">
      <h2 id="erase-heading" className="font-semibold">
        Erase personal data
      </h2>
      <ul className="mt-2 list-disc pl-5 text-slate-700">
        <li>Name, email, phone, time zone and preferences are replaced; nothing is sent to this customer again.</li>
        <li>Payouts and their events stay for accounting, under the external id only.</li>
        <li>Message texts, question texts and survey comments are deleted; tracking links and sign-ins end.</li>
        <li>This cannot be undone. It is recorded in the audit log.</li>
      </ul>
      <form
        className="mt-3 flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          erase.execute({ customerId, confirm });
        }}
      >
        <label className="flex flex-col">
          Type the external id <span className="font-mono">{externalId}</span> to confirm
          <input
            name="confirm"
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
            autoComplete="off"
            className="mt-1 w-72 rounded border border-slate-300 px-2 py-1 font-mono"
          />
        </label>
        <button
          type="submit"
          disabled={erase.isPending || confirm.trim() !== externalId}
          className="rounded bg-red-800 px-3 py-1.5 font-medium text-white disabled:opacity-60"
        >
          Erase this customer
        </button>
      </form>
      <FormFeedback message={feedback.message} className="mt-2" testId="erase-feedback" />
    </section>
  );
}
