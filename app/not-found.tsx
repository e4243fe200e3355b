import { NotFoundMessage } from "@/components/not-found-message";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-12">
      <NotFoundMessage />
    </main>
  );
}
