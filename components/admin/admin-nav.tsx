import Link from "next/link";

export interface AdminLink {
  href: string;
  label: string;
}

/** The console's sections, in the order given. */
export function AdminNav({ links }: { links: readonly AdminLink[] }) {
  return (
    <nav aria-label="Admin" className="flex gap-4">
      {links.map((link) => (
        <Link key={link.href} href={link.href} className="text-sm text-slate-200 hover:text-white">
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
