import { h, openDialog } from './dom.js';

// An administrator's action that the owners see with its reason (revoke, remove a client, approve, deny): the
// dialog asks for the reason, runs the action, and stays open with the API's refusal if there is one.

export const MAX_REASON = 500;

export type ReasonAction = {
  title: string;
  text: string;
  confirm: string;
  danger?: boolean;
  /** Runs the action; a thrown error is shown in the dialog, which stays open. */
  run: (reason: string) => Promise<void>;
  /** After the dialog closed (the page outside it is inert while it is open): redraw, focus, announce. */
  done: () => Promise<void>;
};

export function askReason(action: ReasonAction): void {
  const error = h('p', { class: 'error', id: 'reason-error', role: 'alert' });
  const reason = h('textarea', {
    id: 'reason',
    name: 'reason',
    rows: '3',
    maxlength: String(MAX_REASON),
    required: true,
    autofocus: true,
    'aria-describedby': 'reason-hint reason-error',
  });
  const confirm = h('button', { type: 'submit', class: action.danger ? 'danger' : 'primary' }, action.confirm);
  const form: HTMLFormElement = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        error.textContent = '';
        const text = reason.value.trim();
        if (!text) {
          error.textContent = 'Give a reason: the owners see it.';
          reason.focus();
          return;
        }
        confirm.disabled = true;
        try {
          await action.run(text);
        } catch (failure) {
          error.textContent = failure instanceof Error ? failure.message : 'It failed.';
          confirm.disabled = false;
          return;
        }
        dialog.close();
        await action.done();
      },
    },
    h('h2', { id: 'reason-title' }, action.title),
    h('p', {}, action.text),
    h('label', { for: 'reason' }, 'Reason'),
    h('p', { class: 'hint', id: 'reason-hint' }, `The owners see it. At most ${MAX_REASON} characters.`),
    reason,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'), confirm),
  );
  const dialog = h('dialog', { 'aria-labelledby': 'reason-title' }, form);
  openDialog(dialog);
}
