import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { demoCustomerChoices } from "@/lib/auth/demo-customers";
import { getCurrentCustomer } from "@/lib/auth/session";
import { runtimeSettings } from "@/lib/env";
import { demoSignInAction, setLanguage } from "./actions";
import { signOutAction } from "./sign-in/actions";

export default async function CustomerLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations("app");
  const locale = await getLocale();
  const { demoMode } = runtimeSettings();
  const customer = await getCurrentCustomer();
  const choices = demoMode ? await demoCustomerChoices(customer?.id) : [];

  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
      >
        {t("skipToContent")}
      </a>
      {demoMode ? (
        <div className="bg-amber-100 px-4 py-2 text-sm text-amber-950">
          <div className="mx-auto flex max-w-3xl flex-wrap items-center gap-2">
            <span>{t("demo.banner")}</span>
            {/* Wraps on a narrow phone: the list shrinks, the button keeps its words (German is longer). */}
            <form action={demoSignInAction} className="flex min-w-0 max-w-full flex-wrap items-center gap-2">
              <label htmlFor="demo-customer" className="font-medium">
                {t("demo.viewAs")}
              </label>
              <select
                id="demo-customer"
                name="customerId"
                defaultValue={customer?.id}
                className="min-w-0 max-w-full flex-1 basis-40 rounded border border-amber-400 bg-white px-2 py-1"
              >
                {choices.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.locale === "de" ? "Deutsch" : "English"})
                  </option>
                ))}
              </select>
              <button
                type="submit"
                className="shrink-0 whitespace-nowrap rounded bg-amber-800 px-2 py-1 font-medium text-white"
              >
                {t("demo.switch")}
              </button>
            </form>
          </div>
        </div>
      ) : null}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/payouts" className="text-lg font-semibold text-slate-900">
            {t("name")}
          </Link>
          {customer ? (
            <nav aria-label={t("nav.label")} className="flex flex-wrap gap-x-4 gap-y-1 text-sm font-medium">
              <Link href="/payouts" className="text-blue-800 underline-offset-2 hover:underline">
                {t("nav.payouts")}
              </Link>
              <Link href="/preferences" className="text-blue-800 underline-offset-2 hover:underline">
                {t("nav.preferences")}
              </Link>
              <form action={signOutAction}>
                <button type="submit" className="text-blue-800 underline-offset-2 hover:underline">
                  {t("nav.signOut")}
                </button>
              </form>
            </nav>
          ) : (
            <Link href="/sign-in" className="text-sm font-medium text-blue-800 underline-offset-2 hover:underline">
              {t("nav.signIn")}
            </Link>
          )}
          <form action={setLanguage} className="flex items-center gap-1" aria-label={t("language")}>
            {(["en", "de"] as const).map((l) => (
              <button
                key={l}
                type="submit"
                name="locale"
                value={l}
                lang={l}
                aria-pressed={l === locale}
                className={`rounded px-2 py-1 text-sm font-medium ${l === locale ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {l === "en" ? "English" : "Deutsch"}
              </button>
            ))}
          </form>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-3xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
