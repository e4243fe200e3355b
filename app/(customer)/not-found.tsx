import { NotFoundMessage } from "@/components/not-found-message";

// Inside the customer layout, which already provides <main>.
export default function NotFound() {
  return (
    <section className="py-6">
      <NotFoundMessage />
    </section>
  );
}
