// Sizes as people read them in the docs' tier table, shared by the server's 413 and the CLI.

/** "6,144 bytes (6 KB)": the exact count, and the documentation's unit when it is a whole one. */
export function formatBytes(n: number): string {
  const exact = `${n.toLocaleString('en-US')} byte${n === 1 ? '' : 's'}`;
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${exact} (${n / (1024 * 1024)} MB)`;
  if (n >= 1024 && n % 1024 === 0) return `${exact} (${n / 1024} KB)`;
  return exact;
}
