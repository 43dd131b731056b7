// A few DOM helpers: elements are built with text content only (never innerHTML), so no data can become markup.

type Attributes = Record<string, string | boolean | undefined | ((event: Event) => void)>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

/** Shows a modal dialog; focus goes to its first field, and when it closes back to where it was (if still there). */
export function openDialog(dialog: HTMLDialogElement, onClose?: () => void | Promise<void>): void {
  const returnTo = document.activeElement as HTMLElement | null;
  document.body.append(dialog);
  dialog.addEventListener('close', async () => {
    dialog.remove();
    // Back where it was, unless that is gone (a re-rendered list) or the caller put the focus elsewhere.
    if (returnTo?.isConnected) returnTo.focus();
    await onClose?.();
  });
  dialog.showModal();
  dialog.querySelector<HTMLElement>('input, button, [autofocus]')?.focus();
}

export function announce(message: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = message;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const formatDate = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—');
export const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
