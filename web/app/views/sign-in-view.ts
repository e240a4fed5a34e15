/**
 * The local sign-in page (config auth.kind 'local', `npm start` only): choose an active rep
 * and a role, and the local runtime issues an ID token for them, as Cognito would on AWS.
 */
import { isAbort } from '../api/api-error.js';
import type { LocalRole, LocalSession } from '../auth/local-session.js';
import { h, replaceChildren } from '../dom/elements.js';

const ROLES: readonly { readonly value: LocalRole; readonly label: string; readonly hint: string }[] = [
  { value: 'rep', label: 'Rep', hint: 'their own figures only' },
  { value: 'manager', label: 'Manager', hint: 'the teams they manage' },
  { value: 'admin', label: 'Admin (sales operations)', hint: 'everything' },
  { value: 'marketing', label: 'Marketing', hint: "campaigns and every lead; no one's deals, targets or commission" },
];

export function renderSignInView(main: HTMLElement, session: LocalSession, onSignedIn: () => void, notice?: string): void {
  document.body.dataset.view = 'sign-in';
  document.title = 'Sign in · Sales performance';
  main.dataset.busy = 'true';
  const controller = new AbortController();
  const status = h('p', { class: 'form-status', role: 'alert' });
  const repSelect = h(
    'select',
    { id: 'sign-in-rep', name: 'repId', required: true, disabled: true },
    h('option', { value: '' }, 'Loading the reps…'),
  );
  const submit = h('button', { type: 'submit', class: 'button button--primary', disabled: true }, 'Sign in');
  const roles = h(
    'fieldset',
    { class: 'role-choice' },
    h('legend', {}, 'Role'),
    ...ROLES.map((role, index) =>
      h(
        'div',
        { class: 'role-choice__option' },
        h('input', { type: 'radio', name: 'role', id: `sign-in-role-${role.value}`, value: role.value, checked: index === 0 }),
        h('label', { for: `sign-in-role-${role.value}` }, `${role.label} `, h('span', { class: 'hint' }, `(${role.hint})`)),
      ),
    ),
  );
  const form = h(
    'form',
    { class: 'sign-in-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'sign-in-rep' }, 'Rep'), repSelect),
    roles,
    h('div', { class: 'form-actions' }, submit),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const repId = repSelect.value;
    const role = (form.querySelector('input[name="role"]:checked') as HTMLInputElement | null)?.value as LocalRole | undefined;
    if (!repId || !role) {
      status.textContent = 'Choose a rep and a role.';
      repSelect.focus();
      return;
    }
    submit.disabled = true;
    status.textContent = '';
    try {
      await session.signIn(repId, role);
      controller.abort();
      onSignedIn();
    } catch (error) {
      status.textContent = error instanceof Error ? error.message : 'The sign-in failed.';
      submit.disabled = false;
    }
  });

  replaceChildren(
    main,
    h(
      'div',
      { class: 'sign-in' },
      h('h1', { class: 'view__title', id: 'view-title', tabindex: '-1' }, 'Sign in'),
      notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
      h(
        'p',
        { class: 'sign-in__intro' },
        'This is the local runtime: choose whom to sign in as. The figures you see follow the same access rules as on AWS: a rep sees their own, a manager their teams, an admin everything, marketing the campaigns and leads.',
      ),
      form,
    ),
  );

  session
    .reps(controller.signal)
    .then((reps) => {
      if (reps.length === 0) {
        replaceChildren(repSelect, h('option', { value: '' }, 'No active rep yet'));
        status.textContent = 'There is no active rep to sign in as: run `npm start -- --demo`, or `npm run bootstrap` first.';
        return;
      }
      replaceChildren(repSelect, ...reps.map((rep) => h('option', { value: rep.id }, `${rep.name} (${rep.id})`)));
      repSelect.disabled = false;
      submit.disabled = false;
    })
    .catch((error: unknown) => {
      if (isAbort(error)) return;
      replaceChildren(repSelect, h('option', { value: '' }, 'The reps could not be loaded'));
      status.textContent = error instanceof Error ? error.message : 'The reps could not be loaded.';
    })
    .finally(() => {
      main.dataset.busy = 'false';
    });
}
