// The files page: the account's buckets (list, create, delete when empty) and one folder of a bucket at a time,
// 1,000 entries a page from the server ("Show more" asks for the next page by its continuation key), sorted by name
// on the server; "Largest first" and "Newest first" sort the entries shown. Search is by the start of a name in the
// open folder (a server-side prefix). Rows: select, download, rename or move; folders: open, select, rename.
// Uploads are uploads.js's; the room left is checked before any upload starts.
import {api, showError} from './api.js';
import {humanBytes} from './units.js';
import {askText, confirmAction} from './dialog.js';
import {enqueue, pendingBytes, whenIdle} from './uploads.js';
import {fromDrop, fromInput} from './picker.js';
import {openShareDialog} from './share-dialog.js';

const error = document.getElementById('error');
const objectsList = document.getElementById('objects');
let current = null;   // {bucket, prefix}
let listing = {folders: [], objects: [], next: null, truncated: false};
const selected = new Set();   // keys and folder prefixes
let searchTimer = 0;
let generation = 0;   // a newer listing replaces an older one still loading
const DATES = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});

function clearError() {
  error.hidden = true;
}

function fail(e) {
  if (e.status === 401) {
    window.location.assign('/signin');
  } else {
    showError(error, e);
  }
}

function bucketPath() {
  return '/api/buckets/' + encodeURIComponent(current.bucket);
}

async function loadUsage() {
  const usage = await api('GET', '/api/usage');
  const bar = document.getElementById('usage-bar');
  const text = humanBytes(usage.usedBytes) + ' of ' + humanBytes(usage.quotaBytes) + ' used';
  bar.setAttribute('aria-valuenow', String(usage.usedBytes));
  bar.setAttribute('aria-valuemax', String(usage.quotaBytes));
  bar.setAttribute('aria-valuetext', text);
  const share = usage.quotaBytes > 0 ? Math.min(1, usage.usedBytes / usage.quotaBytes) : 1;
  document.getElementById('usage-fill').style.width = (share * 100).toFixed(2) + '%';
  document.getElementById('usage-text').textContent = text;
  return usage;
}

function button(label, testid, onClick, extra) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.dataset.testid = testid;
  if (extra) {
    b.setAttribute('aria-label', extra);
  }
  b.addEventListener('click', onClick);
  return b;
}

async function loadBuckets() {
  const data = await api('GET', '/api/buckets');
  document.getElementById('buckets').replaceChildren(...data.buckets.map((b) => {
    const li = document.createElement('li');
    li.className = 'bucket';
    const open = button(b.name, 'bucket-row', () => openFolder(b.name, ''));
    open.className = 'row';
    open.dataset.bucket = b.name;
    const remove = button('Delete', 'bucket-delete', () => deleteBucket(b.name), 'Delete bucket ' + b.name);
    remove.className = 'secondary small';
    remove.dataset.bucket = b.name;
    li.append(open, remove);
    return li;
  }));
}

async function deleteBucket(name) {
  clearError();
  if (!await confirmAction('Delete bucket ' + name + '?', 'Only an empty bucket can be deleted.', 'Delete')) {
    return;
  }
  try {
    await api('DELETE', '/api/buckets/' + encodeURIComponent(name));
    if (current && current.bucket === name) {
      current = null;
      document.getElementById('bucket-view').hidden = true;
    }
    await loadBuckets();
  } catch (e) {
    fail(e);
  }
}

function renderCrumbs() {
  const crumbs = document.getElementById('crumbs');
  const parts = current.prefix.split('/').filter((p) => p);
  const items = [button(current.bucket, 'crumb', () => openFolder(current.bucket, ''))];
  let path = '';
  for (const part of parts) {
    path += part + '/';
    const target = path;
    items.push(document.createTextNode(' / '), button(part, 'crumb', () => openFolder(current.bucket, target)));
  }
  items[items.length - 1].setAttribute('aria-current', 'location');
  // Share links (docs/console.md): the open folder, or the whole bucket at its top.
  const target = {bucket: current.bucket, prefix: current.prefix};
  const share = button('Share', 'share-folder', () => openShareDialog(target),
      current.prefix ? 'Share this folder' : 'Share the whole bucket');
  share.className = 'secondary small share';
  crumbs.replaceChildren(...items, share);
}

export async function openFolder(bucket, prefix) {
  clearError();
  current = {bucket, prefix};
  document.getElementById('bucket-view').hidden = false;
  document.getElementById('bucket-title').textContent = bucket;
  document.getElementById('search').value = '';
  renderCrumbs();
  await reload();
}

async function reload() {
  listing = {folders: [], objects: [], next: null, truncated: false};
  selected.clear();
  document.getElementById('select-all').checked = false;
  await loadPage(++generation);
}

async function loadPage(gen) {
  const search = document.getElementById('search').value;
  const query = {prefix: current.prefix + search};
  if (listing.next) {
    query.after = listing.next;
  }
  const data = await api('GET', bucketPath() + '/objects?' + new URLSearchParams(query));
  if (gen !== generation) {
    return;
  }
  const firstPage = listing.folders.length + listing.objects.length === 0;
  listing.folders.push(...data.folders);
  listing.objects.push(...data.objects);
  listing.truncated = data.truncated;
  listing.next = data.next || null;
  if (firstPage || document.getElementById('sort').value !== 'name') {
    render();
  } else {
    appendPage(data);
  }
}

// The next page in name order: its folders after the folders shown, its objects at the end; the rows shown stay.
function appendPage(data) {
  const firstObject = objectsList.querySelector('[data-testid=object-row]');
  const folders = document.createDocumentFragment();
  for (const f of data.folders) {
    folders.append(folderRow(f));
  }
  objectsList.insertBefore(folders, firstObject);
  const objects = document.createDocumentFragment();
  for (const o of data.objects) {
    objects.append(objectRow(o));
  }
  objectsList.append(objects);
  showStatus(listing.folders.length + listing.objects.length);
}

function sorted() {
  const how = document.getElementById('sort').value;
  const objects = listing.objects.slice();
  const folders = listing.folders.slice();
  if (how === 'name-desc') {
    objects.reverse();
    folders.reverse();
  } else if (how === 'size') {
    objects.sort((a, b) => b.size - a.size);
  } else if (how === 'modified') {
    objects.sort((a, b) => (a.modified < b.modified ? 1 : a.modified > b.modified ? -1 : 0));
  }
  return {folders, objects};
}

function checkbox(id, label) {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.className = 'pick';
  box.checked = selected.has(id);
  box.dataset.testid = 'object-select';
  box.setAttribute('aria-label', 'Select ' + label);
  box.addEventListener('change', () => {
    if (box.checked) {
      selected.add(id);
    } else {
      selected.delete(id);
    }
    updateSelection();
  });
  return box;
}

function folderRow(prefix) {
  const name = prefix.slice(current.prefix.length);
  const li = document.createElement('li');
  li.className = 'entry';
  li.dataset.testid = 'folder-row';
  li.dataset.prefix = prefix;
  const open = button(name, 'folder-open', () => openFolder(current.bucket, prefix));
  open.className = 'row folder name';
  const rename = button('Rename', 'object-rename', () => rename(prefix), 'Rename or move folder ' + name);
  rename.className = 'secondary small';
  li.append(checkbox(prefix, 'folder ' + name), open, rename);
  return li;
}

function objectRow(object) {
  const name = object.key.slice(current.prefix.length);
  const li = document.createElement('li');
  li.className = 'entry';
  li.dataset.testid = 'object-row';
  li.dataset.key = object.key;
  const label = document.createElement('span');
  label.className = 'name';
  label.textContent = name;
  label.title = name;
  const size = document.createElement('span');
  size.className = 'size';
  size.textContent = humanBytes(object.size);
  const modified = document.createElement('time');
  modified.className = 'modified';
  modified.dateTime = object.modified;
  modified.textContent = DATES.format(new Date(object.modified));
  const download = document.createElement('a');
  download.className = 'action';
  download.textContent = 'Download';
  download.href = bucketPath() + '/download?' + new URLSearchParams({key: object.key});
  download.setAttribute('download', '');
  download.dataset.testid = 'object-download';
  download.setAttribute('aria-label', 'Download ' + name);
  const rename = button('Rename', 'object-rename', () => rename(object.key), 'Rename or move ' + name);
  rename.className = 'secondary small';
  const share = button('Share', 'share-button', () => openShareDialog({bucket: current.bucket, key: object.key}),
      'Share ' + name);
  share.className = 'secondary small';
  li.append(checkbox(object.key, name), label, size, modified, download, rename, share);
  return li;
}

function render() {
  const {folders, objects} = sorted();
  const rows = document.createDocumentFragment();
  if (current.prefix) {
    const up = current.prefix.slice(0, current.prefix.slice(0, -1).lastIndexOf('/') + 1);
    const li = document.createElement('li');
    li.className = 'entry';
    const b = button('..', 'folder-up', () => openFolder(current.bucket, up), 'Up one folder');
    b.className = 'row folder name';
    li.append(b);
    rows.append(li);
  }
  for (const f of folders) {
    rows.append(folderRow(f));
  }
  for (const o of objects) {
    rows.append(objectRow(o));
  }
  objectsList.replaceChildren(rows);
  showStatus(folders.length + objects.length);
}

function showStatus(shown) {
  document.getElementById('list-status').textContent = shown === 0 ? 'This folder is empty.'
      : shown.toLocaleString('en') + (listing.truncated ? ' shown; there are more' : ' in this folder');
  document.getElementById('more').hidden = !listing.truncated;
  updateSelection();
}

function updateSelection() {
  const del = document.getElementById('delete-selected');
  del.disabled = selected.size === 0;
  del.textContent = selected.size === 0 ? 'Delete selected' : 'Delete ' + selected.size + ' selected';
}

async function deleteSelected() {
  clearError();
  const keys = [...selected].filter((k) => !k.endsWith('/'));
  const prefixes = [...selected].filter((k) => k.endsWith('/'));
  const what = (keys.length ? keys.length + ' file' + (keys.length > 1 ? 's' : '') : '')
      + (keys.length && prefixes.length ? ' and ' : '')
      + (prefixes.length ? prefixes.length + ' folder' + (prefixes.length > 1 ? 's' : '') + ' with all they hold' : '');
  if (!await confirmAction('Delete ' + what + '?', 'This cannot be undone.', 'Delete')) {
    return;
  }
  try {
    for (let i = 0; i < keys.length || (i === 0 && prefixes.length); i += 1000) {
      let answer = await api('POST', bucketPath() + '/objects/delete',
          {keys: keys.slice(i, i + 1000), prefixes: i === 0 ? prefixes : []});
      while (answer.more) {
        answer = await api('POST', bucketPath() + '/objects/delete', {prefixes});
      }
      if (answer.errors.length > 0) {
        throw new Error(answer.errors[0].key + ': ' + answer.errors[0].message);
      }
    }
  } catch (e) {
    fail(e);
  }
  await Promise.all([reload(), loadUsage()]);
}

async function rename(key) {
  clearError();
  const folder = key.endsWith('/');
  const to = await askText(folder ? 'Rename or move folder' : 'Rename or move', 'New path in ' + current.bucket,
      key, 'Change the name, or the folders before it (with /) to move it.');
  if (to === null || to === key) {
    return;
  }
  try {
    await api('POST', bucketPath() + '/objects/rename', {from: key, to: folder && !to.endsWith('/') ? to + '/' : to});
    await reload();
  } catch (e) {
    fail(e);
  }
}

async function newFolder() {
  clearError();
  const name = await askText('New folder', 'Folder name', '', 'In ' + current.bucket + '/' + current.prefix);
  if (!name || !name.replace(/\//g, '')) {
    return;
  }
  try {
    await api('POST', bucketPath() + '/objects/folder', {key: current.prefix + name.replace(/^\/+|\/+$/g, '') + '/'});
    await reload();
  } catch (e) {
    fail(e);
  }
}

// The room check before anything starts: the files' sizes against the quota's room left (less what uploads
// already queued still need). Uploads that replace files of the same name are counted in full.
async function startUploads(entries) {
  clearError();
  if (entries.length === 0) {
    return;
  }
  const usage = await loadUsage();
  const total = entries.reduce((sum, e) => sum + e.file.size, 0);
  const free = Math.max(0, usage.quotaBytes - usage.usedBytes - pendingBytes());
  if (total > free) {
    const what = entries.length === 1 ? entries[0].path : entries.length.toLocaleString('en') + ' files';
    showError(error, {message: 'Not uploaded: ' + what + ' need' + (entries.length === 1 ? 's ' : ' ')
        + humanBytes(total) + ', but only ' + humanBytes(free) + ' of your ' + humanBytes(usage.quotaBytes)
        + ' are free. Delete something first, or choose fewer files.'});
    return;
  }
  enqueue(entries, current.bucket, current.prefix);
}

whenIdle(() => {
  Promise.all([loadUsage(), current ? reload() : null]).catch(fail);
});

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

for (const id of ['upload-input', 'folder-input']) {
  document.getElementById(id).addEventListener('change', (event) => {
    const entries = fromInput(event.target);
    event.target.value = '';
    startUploads(entries).catch(fail);
  });
}

const zone = document.getElementById('bucket-view');
zone.addEventListener('dragover', (event) => {
  event.preventDefault();
  document.getElementById('drop-zone').classList.add('over');
});
zone.addEventListener('dragleave', () => document.getElementById('drop-zone').classList.remove('over'));
zone.addEventListener('drop', (event) => {
  event.preventDefault();
  document.getElementById('drop-zone').classList.remove('over');
  fromDrop(event.dataTransfer).then(startUploads).catch(fail);
});

// A file dropped outside the open bucket must not make the browser leave the page to show it.
for (const type of ['dragover', 'drop']) {
  document.addEventListener(type, (event) => event.preventDefault());
}

document.getElementById('more').addEventListener('click', () => loadPage(generation).catch(fail));
document.getElementById('sort').addEventListener('change', render);
document.getElementById('search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => reload().catch(fail), 250);
});
document.getElementById('new-folder').addEventListener('click', newFolder);
document.getElementById('delete-selected').addEventListener('click', deleteSelected);
document.getElementById('select-all').addEventListener('change', (event) => {
  for (const f of listing.folders) {
    event.target.checked ? selected.add(f) : selected.delete(f);
  }
  for (const o of listing.objects) {
    event.target.checked ? selected.add(o.key) : selected.delete(o.key);
  }
  render();
});

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await api('POST', '/api/signout');
  } catch (e) {
    // Already signed out elsewhere.
  }
  window.location.assign('/signin');
});

Promise.all([loadBuckets(), loadUsage()]).catch(fail);
