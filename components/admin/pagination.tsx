import Link from "next/link";

/**
 * Links to the previous and next page of a list, each only when there is one.
 * `position` shows "Page 2 of 5" between them.
 */
export function Pagination({
  page,
  pages,
  href,
  previous = "← Previous",
  next = "Next →",
  position = false,
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
  previous?: string;
  next?: string;
  position?: boolean;
}) {
  return (
    <nav aria-label="Pagination" className="flex gap-3 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className="underline">
          {previous}
        </Link>
      ) : null}
      {position ? (
        <span>
          Page {page} of {pages}
        </span>
      ) : null}
      {page < pages ? (
        <Link href={href(page + 1)} className="underline">
          {next}
        </Link>
      ) : null}
    </nav>
  );
}
