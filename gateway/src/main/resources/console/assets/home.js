// The home page: who is signed in, the usage bar, sign-out.
import {api, showError} from './api.js';
import {humanBytes} from './units.js';

const error = document.getElementById('error');

async function load() {
  const who = await api('GET', '/api/session');
  document.getElementById('who').textContent = who.email;
  const usage = await api('GET', '/api/usage');
  const bar = document.getElementById('usage-bar');
  const text = humanBytes(usage.usedBytes) + ' of ' + humanBytes(usage.quotaBytes);
  bar.setAttribute('aria-valuenow', String(usage.usedBytes));
  bar.setAttribute('aria-valuemax', String(usage.quotaBytes));
  bar.setAttribute('aria-valuetext', text);
  const share = usage.quotaBytes > 0 ? Math.min(1, usage.usedBytes / usage.quotaBytes) : 1;
  document.getElementById('usage-fill').style.width = (share * 100).toFixed(2) + '%';
  document.getElementById('usage-text').textContent = text;
  document.getElementById('plan').textContent = usage.plan;
  if (usage.plan === 'premium') {
    const badge = document.getElementById('plan-badge');
    badge.textContent = 'premium';
    badge.hidden = false;
  }
  document.getElementById('objects').textContent = usage.objectCount.toLocaleString('en');
}

for (const [id, path] of [['sign-out', '/api/signout'], ['sign-out-everywhere', '/api/signout-everywhere']]) {
  document.getElementById(id).addEventListener('click', async () => {
    try {
      await api('POST', path);
    } catch (e) {
      // Already signed out elsewhere: the sign-in page is where to go either way.
    }
    window.location.assign('/signin');
  });
}

load().catch((e) => {
  if (e.status === 401) {
    window.location.assign('/signin');
  } else {
    showError(error, e);
  }
});
