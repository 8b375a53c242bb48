// A shared folder as its recipient sees it (no session): its files, each with a download button.
import {humanBytes} from './units.js';

const base = window.location.pathname;
const list = document.getElementById('files');
const more = document.getElementById('more');
let next = '';

async function page() {
  const query = next ? '?' + new URLSearchParams({after: next}) : '';
  const response = await fetch(base + '/list' + query, {credentials: 'same-origin', cache: 'no-store'});
  const data = await response.json();
  if (!response.ok) {
    throw new Error((data.error && data.error.message) || ('HTTP ' + response.status));
  }
  document.getElementById('folder-title').textContent = data.folder;
  document.title = data.folder + ' · Coffer';
  for (const file of data.files) {
    const li = document.createElement('li');
    li.className = 'row';
    li.dataset.testid = 'shared-file';
    li.dataset.name = file.name;
    const name = document.createElement('span');
    name.textContent = file.name;
    const size = document.createElement('span');
    size.className = 'size';
    size.textContent = humanBytes(file.size);
    const download = document.createElement('a');
    download.className = 'button';
    download.href = base + '?' + new URLSearchParams({file: file.name});
    download.setAttribute('download', file.name.slice(file.name.lastIndexOf('/') + 1));
    download.textContent = 'Download';
    download.setAttribute('aria-label', 'Download ' + file.name);
    download.dataset.testid = 'shared-download';
    li.append(name, size, download);
    list.append(li);
  }
  next = data.truncated ? data.next : '';
  more.hidden = !data.truncated;
}

more.addEventListener('click', () => page().catch(fail));

function fail(e) {
  const error = document.getElementById('error');
  error.textContent = e.message;
  error.hidden = false;
}

page().catch(fail);
