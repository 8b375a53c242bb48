// The share dialog of the files page: a link for one object or one folder, with an expiry, an optional password and
// an optional download limit. The link is shown once (only its hash is stored); the shares page lists and revokes.
import {api} from './api.js';

const EXPIRIES = [
  ['1 hour', 3600], ['1 day', 86400], ['7 days', 7 * 86400], ['30 days', 30 * 86400], ['Never', null],
];

function field(labelText, input) {
  const label = document.createElement('label');
  label.textContent = labelText;
  label.htmlFor = input.id;
  return [label, input];
}

// target: {bucket, key} or {bucket, prefix}
export function openShareDialog(target) {
  const dialog = document.createElement('dialog');
  dialog.className = 'share-dialog';
  dialog.dataset.testid = 'share-dialog';
  const title = document.createElement('h2');
  title.textContent = 'Share ' + (target.key !== undefined ? target.key.slice(target.key.lastIndexOf('/') + 1)
      : (target.prefix || target.bucket));
  const form = document.createElement('form');
  form.method = 'dialog';
  const expiry = document.createElement('select');
  expiry.id = 'share-expiry';
  expiry.dataset.testid = 'share-expiry';
  for (const [text, seconds] of EXPIRIES) {
    const option = document.createElement('option');
    option.textContent = text;
    option.value = seconds === null ? '' : String(seconds);
    expiry.append(option);
  }
  expiry.value = String(7 * 86400);
  const password = document.createElement('input');
  password.type = 'password';
  password.id = 'share-password';
  password.autocomplete = 'new-password';
  password.dataset.testid = 'share-password';
  password.placeholder = 'none';
  const limit = document.createElement('input');
  limit.type = 'number';
  limit.min = '1';
  limit.id = 'share-limit';
  limit.dataset.testid = 'share-limit';
  limit.placeholder = 'no limit';
  const create = document.createElement('button');
  create.type = 'submit';
  create.textContent = 'Create link';
  create.dataset.testid = 'share-create';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'secondary';
  close.textContent = 'Close';
  close.addEventListener('click', () => dialog.close());
  const error = document.createElement('p');
  error.className = 'error';
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const result = document.createElement('div');
  result.hidden = true;
  const urlLabel = document.createElement('label');
  urlLabel.htmlFor = 'share-url';
  urlLabel.textContent = 'Link (copy it now: it is shown only once)';
  const url = document.createElement('input');
  url.id = 'share-url';
  url.readOnly = true;
  url.dataset.testid = 'share-url';
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.textContent = 'Copy';
  copy.addEventListener('click', () => {
    url.select();
    if (navigator.clipboard) {
      navigator.clipboard.writeText(url.value).catch(() => {});
    }
  });
  result.append(urlLabel, url, copy);
  form.append(...field('Expires after', expiry), ...field('Password (optional)', password),
      ...field('Download limit (optional)', limit), error, create, close);
  dialog.append(title, form, result);
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const body = {bucket: target.bucket,
      expiresInSeconds: expiry.value === '' ? null : Number(expiry.value),
      password: password.value || null,
      maxDownloads: limit.value === '' ? null : Number(limit.value)};
    if (target.key !== undefined) {
      body.key = target.key;
    } else {
      body.prefix = target.prefix;
    }
    try {
      const link = await api('POST', '/api/shares', body);
      url.value = window.location.origin + link.path;
      result.hidden = false;
      form.hidden = true;
      url.focus();
      url.select();
      const done = document.createElement('button');
      done.type = 'button';
      done.textContent = 'Done';
      done.addEventListener('click', () => dialog.close());
      result.append(done);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  });
  dialog.showModal();
  return dialog;
}
