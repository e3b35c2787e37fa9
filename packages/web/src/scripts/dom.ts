// Small DOM helpers shared by the pages.

export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`#${id} missing`);
  return el as T;
}

/** Screen readers hear status changes through the polite live region. */
export function announce(text: string): void {
  $('status').textContent = text;
}

export function showError(text: string | null): void {
  const el = $('error');
  el.textContent = text ?? '';
  el.hidden = text === null;
}

/** Copy buttons: data-copy names the field whose value they copy. */
export function wireCopyButtons(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    button.addEventListener('click', async () => {
      const field = $<HTMLInputElement | HTMLTextAreaElement>(button.dataset.copy!);
      try {
        await navigator.clipboard.writeText(field.value);
      } catch {
        field.select(); // clipboard API refused: leave it selected for Ctrl+C
        announce('Selected: press Ctrl+C (or ⌘C) to copy');
        return;
      }
      const label = button.textContent;
      button.textContent = 'Copied';
      announce('Copied to the clipboard');
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
}

/** Web Crypto exists only in secure contexts (HTTPS, or localhost). */
export function hasWebCrypto(): boolean {
  return typeof globalThis.crypto?.subtle?.importKey === 'function';
}
