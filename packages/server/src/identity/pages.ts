/**
 * The sign-in pages: plain server-rendered HTML forms in the NHS design system's markup
 * (nhsuk-frontend class names, its stylesheet served beside them), usable without JavaScript,
 * labelled for assistive technology, errors summarised at the top and linked to their field
 * (the GOV.UK/NHS error summary pattern).
 */

/** Escapes text for HTML element content and attribute values. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface FieldError {
  field: string;
  message: string;
}

/** Where the pages' stylesheet is served (routes.ts). */
export const STYLESHEET_PATH = '/oauth/assets/nhsuk.css';

export function page(title: string, body: string, options: { errors?: FieldError[]; service?: string } = {}): string {
  const errors = options.errors ?? [];
  const summary = errors.length
    ? `<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
  <h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2>
  <div class="nhsuk-error-summary__body"><ul class="nhsuk-list nhsuk-error-summary__list">
    ${errors.map((e) => `<li><a href="#${esc(e.field)}">${esc(e.message)}</a></li>`).join('\n    ')}
  </ul></div>
</div>`
    : '';
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${errors.length ? 'Error: ' : ''}${esc(title)} – ${esc(options.service ?? 'OpenPractice')}</title>
  <link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
  <a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
  <header class="nhsuk-header" role="banner"><div class="nhsuk-width-container nhsuk-header__container">
    <span class="nhsuk-header__service-name">${esc(options.service ?? 'OpenPractice')}</span>
  </div></header>
  <div class="nhsuk-width-container">
    <main class="nhsuk-main-wrapper" id="maincontent" role="main">
      <div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
        ${summary}
        <h1 class="nhsuk-heading-l">${esc(title)}</h1>
        ${body}
      </div></div>
    </main>
  </div>
</body>
</html>`;
}

export function input(o: { name: string; label: string; type?: string; autocomplete?: string; hint?: string; value?: string; error?: string; inputmode?: string }): string {
  const id = o.name;
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return `<div class="nhsuk-form-group${o.error ? ' nhsuk-form-group--error' : ''}">
  <label class="nhsuk-label" for="${esc(id)}">${esc(o.label)}</label>
  ${o.hint ? `<div class="nhsuk-hint" id="${esc(id)}-hint">${esc(o.hint)}</div>` : ''}
  ${o.error ? `<span class="nhsuk-error-message" id="${esc(id)}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${esc(o.error)}</span>` : ''}
  <input class="nhsuk-input${o.error ? ' nhsuk-input--error' : ''}" id="${esc(id)}" name="${esc(o.name)}" type="${esc(o.type ?? 'text')}"${o.autocomplete ? ` autocomplete="${esc(o.autocomplete)}"` : ''}${o.inputmode ? ` inputmode="${esc(o.inputmode)}"` : ''}${o.value ? ` value="${esc(o.value)}"` : ''}${described ? ` aria-describedby="${described}"` : ''} spellcheck="false">
</div>`;
}

export function radios(o: { name: string; legend: string; options: { value: string; label: string; hint?: string }[]; error?: string }): string {
  return `<div class="nhsuk-form-group${o.error ? ' nhsuk-form-group--error' : ''}">
  <fieldset class="nhsuk-fieldset">
    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">${esc(o.legend)}</legend>
    ${o.error ? `<span class="nhsuk-error-message" id="${esc(o.name)}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${esc(o.error)}</span>` : ''}
    <div class="nhsuk-radios">
      ${o.options
        .map(
          (opt, i) => `<div class="nhsuk-radios__item">
        <input class="nhsuk-radios__input" id="${esc(i === 0 ? o.name : `${o.name}-${i}`)}" name="${esc(o.name)}" type="radio" value="${esc(opt.value)}"${i === 0 ? ' checked' : ''}>
        <label class="nhsuk-label nhsuk-radios__label" for="${esc(i === 0 ? o.name : `${o.name}-${i}`)}">${esc(opt.label)}</label>
        ${opt.hint ? `<div class="nhsuk-hint nhsuk-radios__hint">${esc(opt.hint)}</div>` : ''}
      </div>`,
        )
        .join('\n      ')}
    </div>
  </fieldset>
</div>`;
}

export function form(action: string, fields: string, button: string, extra = ''): string {
  return `<form method="post" action="${esc(action)}" novalidate>
${fields}
<button class="nhsuk-button" type="submit" data-module="nhsuk-button">${esc(button)}</button>
${extra}
</form>`;
}

/** A page for a failure the user can only start again from (never with internal detail). */
export function problemPage(title: string, message: string): string {
  return page(title, `<p class="nhsuk-body">${esc(message)}</p><p class="nhsuk-body">Close this window and start again from the app you were using.</p>`);
}

/** Username and password (and the federated provider, for staff when configured). */
export function signInPage(o: { action: string; clientName: string; staff: boolean; errors: FieldError[]; username: string; federation?: { label: string; href: string } }): string {
  const fieldError = (f: string) => o.errors.find((e) => e.field === f)?.message;
  return page(
    o.staff ? 'Sign in to OpenPractice' : 'Sign in to see your GP record',
    `<p class="nhsuk-body">${esc(o.clientName)} is asking you to sign in.</p>
${form(
  o.action,
  input({ name: 'username', label: o.staff ? 'Username' : 'Email address or username', autocomplete: 'username', value: o.username, ...(fieldError('username') ? { error: fieldError('username')! } : {}) }) +
    input({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', ...(fieldError('password') ? { error: fieldError('password')! } : {}) }),
  'Continue',
)}
${o.federation ? `<p class="nhsuk-body"><a class="nhsuk-link" href="${esc(o.federation.href)}">Sign in with ${esc(o.federation.label)}</a></p>` : ''}`,
    { errors: o.errors },
  );
}

/** The TOTP step. */
export function securityCodePage(action: string, errors: FieldError[]): string {
  return page(
    'Enter your security code',
    `<p class="nhsuk-body">Open your authenticator app and enter the 6-digit code it shows for OpenPractice.</p>
${form(action, input({ name: 'code', label: 'Security code', autocomplete: 'one-time-code', inputmode: 'numeric', ...(errors[0] ? { error: errors[0].message } : {}) }), 'Continue')}`,
    { errors },
  );
}
