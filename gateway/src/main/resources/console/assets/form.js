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
      const body = {email: form.email.value, password: form.password.value};
      // An invitation link carries its token in the fragment (never sent to a server): #invitation=TOKEN.
      const invitation = new URLSearchParams(window.location.hash.slice(1)).get('invitation');
      if (invitation) {
        body.invitation = invitation;
      }
      await api('POST', path, body);
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
