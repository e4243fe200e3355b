import { safeNext } from "../auth/next-path";

/** Where a request goes when the database cannot be read (app/unavailable/route.ts); `next` leads back. */
export function unavailablePath(next: string | null | undefined): string {
  const back = safeNext(next);
  return back ? `/unavailable?next=${encodeURIComponent(back)}` : "/unavailable";
}

export interface UnavailableTexts {
  title: string;
  body: string;
  retry: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * 503 with Retry-After and a plain page: no scripts, no database, no layout (which would
 * read the session again). "Try again" leads back to `next` (a path inside the app only).
 */
export function unavailableResponse(locale: string, texts: UnavailableTexts, next: string | null): Response {
  const back = safeNext(next) ?? "/payouts";
  const html = `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(texts.title)}</title></head>
<body style="font-family: system-ui, sans-serif; margin: 0">
<main style="max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>${escapeHtml(texts.title)}</h1>
<p>${escapeHtml(texts.body)}</p>
<p><a href="${escapeHtml(back)}">${escapeHtml(texts.retry)}</a></p>
</main></body></html>
`;
  return new Response(html, {
    status: 503,
    headers: { "content-type": "text/html; charset=utf-8", "retry-after": "30", "cache-control": "no-store" },
  });
}
