// The header of the signed-in pages: who is signed in, sign-out (this browser) and sign-out everywhere (every
// session of the user). A page whose API answers 401 goes to the sign-in page.
import {api} from './api.js';

export async function signedIn() {
  const who = await api('GET', '/api/session');
  const el = document.querySelector('.who');
  if (el) {
    el.textContent = who.email;
  }
  return who;
}

export function bindSignOut() {
  const out = document.getElementById('sign-out');
  if (out) {
    out.addEventListener('click', () => leave('/api/signout'));
  }
  const everywhere = document.getElementById('sign-out-everywhere');
  if (everywhere) {
    everywhere.addEventListener('click', () => leave('/api/signout-everywhere'));
  }
}

async function leave(path) {
  try {
    await api('POST', path);
  } catch (e) {
    // Already signed out elsewhere: the sign-in page is where to go either way.
  }
  window.location.assign('/signin');
}

// Runs load(); a 401 sends the browser to sign in, anything else is shown in the page's error element.
export function start(load) {
  bindSignOut();
  load().catch((e) => {
    if (e.status === 401) {
      window.location.assign('/signin');
    } else {
      const error = document.getElementById('error');
      error.textContent = e.message;
      error.hidden = false;
    }
  });
}
