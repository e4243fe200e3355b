import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getMessages, getTranslations } from "next-intl/server";
import { safeNext } from "@/lib/auth/next-path";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The customers' and the staff's sign-in page: each under its own title. */
export function signInMetadata(title: "title" | "staffTitle") {
  return async (): Promise<Metadata> => {
    const t = await getTranslations("access");
    return { title: t(title) };
  };
}

/**
 * What a sign-in page starts with: where to go afterwards (a path of this app only), which
 * someone already signed in is sent to at once, and the catalog its forms speak.
 */
export async function openSignIn(searchParams: SearchParams, signedIn: () => Promise<unknown>, home: string) {
  const params = await searchParams;
  const next = safeNext(params.next);
  if (await signedIn()) {
    redirect(next ?? home);
  }
  const t = await getTranslations("access");
  const messages = await getMessages();
  return { next, signedOut: Boolean(params.signedOut), t, access: messages.access };
}

/** The page's heading, and the confirmation after signing out. */
export function SignInHeader({ title, intro, signedOut }: { title: string; intro: string; signedOut: string | null }) {
  return (
    <header>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-1 text-slate-700">{intro}</p>
      {signedOut ? (
        <p role="status" className="mt-2 text-green-800">
          {signedOut}
        </p>
      ) : null}
    </header>
  );
}

/** Demo mode: one button per demo account, which signs in as it without a code. */
export async function DemoSignIn({
  action,
  field,
  accounts,
}: {
  action: (form: FormData) => Promise<void>;
  /** the hidden field that names the account to the action */
  field: string;
  accounts: readonly { value: string; name: string }[];
}) {
  if (accounts.length === 0) {
    return null;
  }
  const t = await getTranslations("access");
  return (
    <section aria-labelledby="demo" className="rounded border border-amber-300 bg-amber-50 p-4">
      <h2 id="demo" className="text-lg font-semibold">
        {t("demoTitle")}
      </h2>
      <p className="text-sm text-amber-950">{t("demoIntro")}</p>
      <div className="mt-2 flex flex-wrap gap-2">
        {accounts.map((account) => (
          <form key={account.value} action={action}>
            <input type="hidden" name={field} value={account.value} />
            <button type="submit" className="rounded bg-amber-800 px-3 py-1 font-medium text-white">
              {t("demoAs", { name: account.name })}
            </button>
          </form>
        ))}
      </div>
    </section>
  );
}
