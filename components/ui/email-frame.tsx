"use client";

import { useEffect, useRef } from "react";

/**
 * An email's HTML in a frame as tall as the email, so the whole message shows (a fixed height
 * cut longer emails off, or hid their end behind a second scroll bar).
 *
 * `sandbox="allow-same-origin"` and nothing else: the email runs no script, submits no form and
 * cannot navigate this page; being same-origin only lets this page read the document's height.
 * A `srcdoc` document also keeps this page's Content-Security-Policy.
 */
export function EmailFrame({ html, title, testId }: { html: string; title: string; testId?: string }) {
  const frame = useRef<HTMLIFrameElement>(null);

  useEffect(() => {
    const iframe = frame.current;
    if (!iframe) {
      return;
    }
    const fitToContent = () => {
      const doc = iframe.contentDocument;
      if (!doc?.documentElement) {
        return;
      }
      // Measure the content, not the frame: shrink first, then take the document's full height.
      iframe.style.height = "0px";
      const height = Math.max(doc.documentElement.scrollHeight, doc.body?.scrollHeight ?? 0);
      iframe.style.height = `${height + 2}px`;
    };
    // The document may have loaded before this effect ran (it is in the server's HTML).
    if (iframe.contentDocument?.readyState === "complete") {
      fitToContent();
    }
    iframe.addEventListener("load", fitToContent);
    // A narrower window wraps the email's lines: measure again (on width changes only, so
    // that the frame's own new height does not start another round).
    let width = 0;
    const observer = new ResizeObserver(([entry]) => {
      if (entry && entry.contentRect.width !== width) {
        width = entry.contentRect.width;
        fitToContent();
      }
    });
    if (iframe.parentElement) {
      observer.observe(iframe.parentElement);
    }
    return () => {
      iframe.removeEventListener("load", fitToContent);
      observer.disconnect();
    };
  }, []);

  return (
    <iframe
      ref={frame}
      sandbox="allow-same-origin"
      srcDoc={html}
      title={title}
      // Until measured (and without JavaScript) the frame is tall and scrolls.
      className="h-[640px] w-full rounded border border-slate-200 bg-white"
      data-testid={testId}
    />
  );
}
