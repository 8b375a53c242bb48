// The password page of a share link: the password unlocks the link for this browser (a cookie for this link only).
import {api, ensureCsrf, showError} from './api.js';

const form = document.getElementById('unlock');
const error = document.getElementById('error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    await ensureCsrf();
    await api('POST', window.location.pathname + '/unlock', {password: form.password.value});
    window.location.reload();
  } catch (e) {
    showError(error, e);
    form.password.setAttribute('aria-invalid', 'true');
    form.password.focus();
  } finally {
    button.disabled = false;
  }
});
