// The console's JSON API: every call sends the CSRF token (from the coffer_csrf cookie) in X-Coffer-CSRF, and
// answers are parsed; a refusal throws an ApiError with the server's code, message and field.

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === 'coffer_csrf') {
      return value;
    }
  }
  return '';
}

// body: a value sent as JSON; raw: a Blob or File sent as it is (uploads).
export async function api(method, path, body, raw) {
  const headers = {'X-Coffer-CSRF': csrfToken()};
  const init = {method, headers, credentials: 'same-origin', cache: 'no-store'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  } else if (raw !== undefined) {
    headers['Content-Type'] = raw.type || 'application/octet-stream';
    init.body = raw;
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const e = data.error || {};
    throw new ApiError(response.status, e.code || 'HttpError', e.message || ('HTTP ' + response.status), e.field);
  }
  return data;
}

// Makes sure the page has a CSRF cookie (the sign-in and sign-up pages get one with the page; this is for a page
// kept open longer than the cookie).
export async function ensureCsrf() {
  if (!csrfToken()) {
    await fetch('/api/session', {credentials: 'same-origin', cache: 'no-store'});
  }
}

export function showError(element, error) {
  element.textContent = error.message;
  element.hidden = false;
}
