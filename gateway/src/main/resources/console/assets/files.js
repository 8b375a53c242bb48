// The files page: the account's buckets (list, create), one folder of a bucket at a time, uploads of small files.
import {api, showError} from './api.js';
import {humanBytes} from './units.js';
import {openShareDialog} from './share-dialog.js';

const error = document.getElementById('error');
let current = null;   // {bucket, prefix}

function clearError() {
  error.hidden = true;
}

async function loadBuckets() {
  const data = await api('GET', '/api/buckets');
  const list = document.getElementById('buckets');
  list.replaceChildren(...data.buckets.map((b) => {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'row';
    button.textContent = b.name;
    button.dataset.testid = 'bucket-row';
    button.dataset.bucket = b.name;
    button.addEventListener('click', () => openFolder(b.name, ''));
    li.append(button);
    return li;
  }));
}

async function openFolder(bucket, prefix) {
  clearError();
  current = {bucket, prefix};
  document.getElementById('bucket-view').hidden = false;
  document.getElementById('bucket-title').textContent = bucket;
  document.getElementById('crumbs').textContent = prefix ? '/' + prefix : '/';
  const query = new URLSearchParams({prefix});
  const data = await api('GET', '/api/buckets/' + encodeURIComponent(bucket) + '/objects?' + query);
  const rows = [];
  if (prefix) {
    const up = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
    rows.push(folderRow('..', up));
  }
  for (const folder of data.folders) {
    rows.push(folderRow(folder.slice(prefix.length), folder));
  }
  for (const object of data.objects) {
    const li = document.createElement('li');
    li.className = 'row';
    li.dataset.testid = 'object-row';
    li.dataset.key = object.key;
    const name = document.createElement('span');
    name.textContent = object.key.slice(prefix.length);
    const size = document.createElement('span');
    size.className = 'size';
    size.textContent = humanBytes(object.size);
    li.append(name, size, shareButton({bucket, key: object.key}, name.textContent));
    rows.push(li);
  }
  document.getElementById('objects').replaceChildren(...rows);
  const crumbs = document.getElementById('crumbs');
  crumbs.querySelector('button')?.remove();
  crumbs.append(shareButton({bucket, prefix}, prefix ? 'this folder' : 'the whole bucket', 'share-folder'));
}

// A share button (share links are docs/console.md's "Share links"; the dialog is share-dialog.js).
function shareButton(target, label, testid = 'share-button') {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'share';
  button.textContent = 'Share';
  button.setAttribute('aria-label', 'Share ' + label);
  button.dataset.testid = testid;
  button.addEventListener('click', () => openShareDialog(target));
  return button;
}

function folderRow(label, prefix) {
  const li = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'row folder';
  button.textContent = label;
  button.dataset.prefix = prefix;
  button.addEventListener('click', () => openFolder(current.bucket, prefix));
  li.append(button);
  return li;
}

async function upload(files) {
  const status = document.getElementById('upload-status');
  for (const file of files) {
    status.textContent = 'Uploading ' + file.name + '…';
    const key = current.prefix + file.name;
    const url = '/api/buckets/' + encodeURIComponent(current.bucket) + '/objects?'
        + new URLSearchParams({key});
    await api('PUT', url, undefined, file);
  }
  status.textContent = files.length === 1 ? 'Uploaded ' + files[0].name : 'Uploaded ' + files.length + ' files';
  await openFolder(current.bucket, current.prefix);
}

document.getElementById('bucket-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearError();
  const input = document.getElementById('bucket-name');
  try {
    await api('POST', '/api/buckets', {name: input.value.trim()});
    input.value = '';
    input.removeAttribute('aria-invalid');
    await loadBuckets();
  } catch (e) {
    showError(error, e);
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
});

document.getElementById('upload-input').addEventListener('change', async (event) => {
  clearError();
  const files = Array.from(event.target.files);
  try {
    await upload(files);
  } catch (e) {
    document.getElementById('upload-status').textContent = '';
    showError(error, e);
  } finally {
    event.target.value = '';
  }
});

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await api('POST', '/api/signout');
  } catch (e) {
    // Already signed out elsewhere.
  }
  window.location.assign('/signin');
});

loadBuckets().catch((e) => {
  if (e.status === 401) {
    window.location.assign('/signin');
  } else {
    showError(error, e);
  }
});
