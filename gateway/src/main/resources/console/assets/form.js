// The sign-in and sign-up forms: both post e-mail and password, then go home.
import {api, ensureCsrf, showError} from './api.js';

export function bindCredentialsForm(formId, path) {
  const form = document.getElementById(formId);
  const error = document.getElementById('error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await ensureCsrf();
      await api('POST', path, {email: form.email.value, password: form.password.value});
      window.location.assign('/');
    } catch (e) {
      showError(error, e);
      if (e.field && form[e.field]) {
        form[e.field].setAttribute('aria-invalid', 'true');
        form[e.field].focus();
      }
    } finally {
      button.disabled = false;
    }
  });
}
