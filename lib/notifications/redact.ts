/** Log lines never carry full email addresses or phone numbers: "a***@example.com", "+49•••••••78". */
export function redact(text: string): string {
  return text
    .replace(/([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g, "$1***@$2")
    .replace(/\+\d[\d ()-]{6,}\d|\b\d{8,}\b/g, (digits) => {
      const plain = digits.replace(/\D/g, "");
      return `${digits.startsWith("+") ? "+" : ""}${plain.slice(0, 2)}${"•".repeat(Math.max(0, plain.length - 4))}${plain.slice(-2)}`;
    });
}

/** For people reading a screen: "a•••@example.com", "+49 ••• •• 78". */
export function maskDestination(destination: string): string {
  const at = destination.indexOf("@");
  if (at > 0) {
    return `${destination[0]}•••${destination.slice(at)}`;
  }
  return `${destination.slice(0, 3)} ••• ${destination.slice(-2)}`;
}
