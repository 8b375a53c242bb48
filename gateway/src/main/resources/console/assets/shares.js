// The shares page: the account's live share links with their download counts; each can be revoked at once.
import {api} from './api.js';
import {signedIn, start} from './nav.js';

function describe(share) {
  const what = share.kind === 'folder' ? (share.prefix ? share.prefix : 'whole bucket') : share.key;
  const parts = [];
  parts.push(share.downloads + (share.maxDownloads === null ? '' : ' of ' + share.maxDownloads) + ' downloads');
  parts.push(share.expires === null ? 'never expires' : (share.state === 'expired' ? 'expired ' : 'expires ')
      + new Date(share.expires).toLocaleString());
  if (share.hasPassword) {
    parts.push('password');
  }
  if (share.state !== 'active') {
    parts.push(share.state);
  }
  return [share.bucket + '/' + what, parts.join(' · ')];
}

async function load() {
  await signedIn();
  const data = await api('GET', '/api/shares');
  const list = document.getElementById('shares');
  document.getElementById('no-shares').hidden = data.shares.length > 0;
  list.replaceChildren(...data.shares.map((share) => {
    const li = document.createElement('li');
    li.className = 'row';
    li.dataset.testid = 'share-row';
    li.dataset.id = String(share.id);
    li.dataset.bucket = share.bucket;
    li.dataset.key = share.kind === 'folder' ? share.prefix : share.key;
    const [title, facts] = describe(share);
    const text = document.createElement('span');
    const name = document.createElement('strong');
    name.textContent = title;
    const detail = document.createElement('span');
    detail.className = 'size';
    detail.dataset.testid = 'share-downloads';
    detail.textContent = facts;
    text.append(name, document.createElement('br'), detail);
    const revoke = document.createElement('button');
    revoke.type = 'button';
    revoke.className = 'danger';
    revoke.textContent = 'Revoke';
    revoke.setAttribute('aria-label', 'Revoke the link to ' + title);
    revoke.dataset.testid = 'share-revoke';
    revoke.addEventListener('click', async () => {
      revoke.disabled = true;
      await api('DELETE', '/api/shares/' + share.id);
      await load();
    });
    li.append(text, revoke);
    return li;
  }));
}

start(load);
