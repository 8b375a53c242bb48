// The claim page of a restored legacy account: the one-time token is the URL's fragment (/claim#TOKEN), never sent
// to the server except in the claim request's body.
import {api, ensureCsrf, showError} from './api.js';

const form = document.getElementById('claim');
const error = document.getElementById('error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    await ensureCsrf();
    await api('POST', '/api/claim', {token: window.location.hash.slice(1), password: form.password.value});
    window.location.assign('/');
  } catch (e) {
    showError(error, e);
    form.password.setAttribute('aria-invalid', 'true');
    form.password.focus();
  } finally {
    button.disabled = false;
  }
});
