// Uploads of the files page: one row per file with its progress bar (role=progressbar, 0..100 %), cancel and retry.
// A file up to one part (8 MiB) goes in one PUT; a larger one is a multipart upload through the console's API:
// parts of the size the server names, 4 in flight, each sent as a slice of the File (never read into memory).
// Retry resumes: it asks the server which parts are stored (ListParts) and sends only the others. Cancel stops the
// requests in flight and aborts the upload (its stored parts are deleted and their room given back).
import {ApiError, api, csrfToken} from './api.js';
import {humanBytes} from './units.js';

const PARTS_IN_FLIGHT = 4;
const FILES_IN_FLIGHT = 2;
const SINGLE_MAX = 8 * 1024 * 1024;

const queue = [];
let running = 0;
let onIdle = () => {};

// Called when every queued upload has finished (done, failed or cancelled).
export function whenIdle(callback) {
  onIdle = callback;
}

// Bytes that queued and running uploads still have to store (for the quota check of the next batch).
export function pendingBytes() {
  return queue.filter((j) => j.state === 'queued' || j.state === 'uploading')
      .reduce((sum, j) => sum + j.file.size - j.sent(), 0);
}

// Adds uploads of {file, path} entries to bucket, under prefix.
export function enqueue(entries, bucket, prefix) {
  for (const entry of entries) {
    const job = new UploadJob(entry.file, bucket, prefix + entry.path);
    queue.push(job);
    document.getElementById('uploads').append(job.row);
  }
  pump();
}

function pump() {
  while (running < FILES_IN_FLIGHT) {
    const next = queue.find((j) => j.state === 'queued');
    if (!next) {
      break;
    }
    running++;
    next.run().finally(() => {
      running--;
      pump();
      if (running === 0 && !queue.some((j) => j.state === 'queued')) {
        onIdle();
      }
    });
  }
}

// One XMLHttpRequest PUT of body, reporting progress; resolves to the parsed answer. xhrs collects it for cancel.
function put(url, body, onProgress, xhrs) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhrs.add(xhr);
    xhr.open('PUT', url);
    xhr.setRequestHeader('X-Coffer-CSRF', csrfToken());
    xhr.setRequestHeader('Content-Type', body.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      xhrs.delete(xhr);
      let data = {};
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch (e) {
        // Not JSON: a proxy's page; the status says enough.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data);
      } else {
        const e = data.error || {};
        reject(new ApiError(xhr.status, e.code || 'HttpError', e.message || ('HTTP ' + xhr.status), e.field));
      }
    };
    xhr.onerror = () => {
      xhrs.delete(xhr);
      reject(new ApiError(0, 'NetworkError', 'the connection failed'));
    };
    xhr.onabort = () => {
      xhrs.delete(xhr);
      reject(new ApiError(0, 'Cancelled', 'cancelled'));
    };
    xhr.send(body);
  });
}

class UploadJob {
  constructor(file, bucket, key) {
    this.file = file;
    this.bucket = bucket;
    this.key = key;
    this.state = 'queued';
    this.loaded = new Map();   // part number (0 for a single PUT) -> bytes sent
    this.xhrs = new Set();
    this.upload = null;        // {uploadId, partSize, partCount}
    this.row = this.makeRow();
    this.show('Waiting');
  }

  base() {
    return '/api/buckets/' + encodeURIComponent(this.bucket);
  }

  sent() {
    let sum = 0;
    for (const n of this.loaded.values()) {
      sum += n;
    }
    return Math.min(sum, this.file.size);
  }

  makeRow() {
    const li = document.createElement('li');
    li.className = 'upload';
    li.dataset.testid = 'upload-row';
    li.dataset.key = this.key;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = this.key;
    this.bar = document.createElement('div');
    this.bar.className = 'meter';
    this.bar.setAttribute('role', 'progressbar');
    this.bar.dataset.testid = 'upload-progress';
    this.bar.dataset.key = this.key;
    this.bar.setAttribute('aria-label', 'Upload of ' + this.key);
    this.bar.setAttribute('aria-valuemin', '0');
    this.bar.setAttribute('aria-valuemax', '100');
    this.fill = document.createElement('div');
    this.fill.className = 'fill';
    this.bar.append(this.fill);
    this.status = document.createElement('span');
    this.status.className = 'muted';
    this.status.dataset.testid = 'upload-status';
    this.cancelButton = document.createElement('button');
    this.cancelButton.type = 'button';
    this.cancelButton.className = 'secondary';
    this.cancelButton.textContent = 'Cancel';
    this.cancelButton.dataset.testid = 'upload-cancel';
    this.cancelButton.setAttribute('aria-label', 'Cancel the upload of ' + this.key);
    this.cancelButton.addEventListener('click', () => this.cancel());
    this.retryButton = document.createElement('button');
    this.retryButton.type = 'button';
    this.retryButton.textContent = 'Retry';
    this.retryButton.dataset.testid = 'upload-retry';
    this.retryButton.setAttribute('aria-label', 'Retry the upload of ' + this.key);
    this.retryButton.hidden = true;
    this.retryButton.addEventListener('click', () => this.retry());
    li.append(name, this.bar, this.status, this.cancelButton, this.retryButton);
    return li;
  }

  // Updates the bar: the share of bytes sent, held at 99 % until the server confirmed the whole file.
  show(text) {
    const size = this.file.size;
    let percent = size === 0 ? 0 : Math.floor(this.sent() * 100 / size);
    percent = this.state === 'done' ? 100 : Math.min(percent, 99);
    this.bar.setAttribute('aria-valuenow', String(percent));
    this.bar.setAttribute('aria-valuetext', percent + ' %, ' + humanBytes(this.sent()) + ' of ' + humanBytes(size));
    this.fill.style.width = percent + '%';
    this.row.dataset.state = this.state;
    if (text !== undefined) {
      this.status.textContent = text;
    }
  }

  async run() {
    this.state = 'uploading';
    this.cancelButton.hidden = false;
    this.retryButton.hidden = true;
    this.show(humanBytes(this.file.size));
    try {
      if (this.file.size <= SINGLE_MAX) {
        this.loaded.set(0, 0);
        await put(this.base() + '/objects?' + new URLSearchParams({key: this.key}), this.file,
            (n) => this.progress(0, n), this.xhrs);
      } else {
        await this.multipart();
      }
      this.state = 'done';
      this.loaded.set(0, this.file.size);
      this.cancelButton.hidden = true;
      this.show('Done');
    } catch (e) {
      if (this.state === 'cancelled') {
        return;
      }
      this.state = 'failed';
      for (const x of this.xhrs) {
        x.abort();
      }
      this.retryButton.hidden = e.code === 'QuotaExceeded' || e.code === 'NoSuchBucket';
      this.show('Failed: ' + e.message);
    }
  }

  progress(part, loaded) {
    this.loaded.set(part, loaded);
    this.show();
  }

  async multipart() {
    const query = '?' + new URLSearchParams({key: this.key});
    if (this.upload) {
      // Resume: the parts stored already count as sent; only the others go again.
      try {
        const stored = await api('GET', this.base() + '/uploads/' + encodeURIComponent(this.upload.uploadId)
            + query);
        this.loaded.clear();
        for (const p of stored.parts) {
          if (p.size === this.partLength(p.part)) {
            this.loaded.set(p.part, p.size);
          }
        }
      } catch (e) {
        if (e.code !== 'NoSuchUpload') {
          throw e;
        }
        this.upload = null;
        this.loaded.clear();
      }
    }
    if (!this.upload) {
      this.upload = await api('POST', this.base() + '/uploads',
          {key: this.key, size: this.file.size, type: this.file.type});
      if (this.state === 'cancelled') {
        await this.abortUpload();
        throw new ApiError(0, 'Cancelled', 'cancelled');
      }
    }
    const url = this.base() + '/uploads/' + encodeURIComponent(this.upload.uploadId);
    const todo = [];
    for (let n = 1; n <= this.upload.partCount; n++) {
      if (this.loaded.get(n) !== this.partLength(n)) {
        todo.push(n);
      }
    }
    this.show();
    const worker = async () => {
      while (todo.length > 0 && this.state === 'uploading') {
        const n = todo.shift();
        const start = (n - 1) * this.upload.partSize;
        const slice = this.file.slice(start, start + this.partLength(n));
        this.loaded.set(n, 0);
        await put(url + '/parts/' + n + query, slice, (sent) => this.progress(n, sent), this.xhrs);
        this.progress(n, this.partLength(n));
      }
    };
    const workers = [];
    for (let i = 0; i < PARTS_IN_FLIGHT; i++) {
      workers.push(worker());
    }
    await Promise.all(workers);
    if (this.state !== 'uploading') {
      throw new ApiError(0, 'Cancelled', 'cancelled');
    }
    this.show('Finishing');
    await api('POST', url + '/complete' + query, {partCount: this.upload.partCount});
  }

  partLength(n) {
    const start = (n - 1) * this.upload.partSize;
    return Math.max(0, Math.min(this.upload.partSize, this.file.size - start));
  }

  async cancel() {
    if (this.state === 'done' || this.state === 'cancelled') {
      return;
    }
    const wasQueued = this.state === 'queued';
    this.state = 'cancelled';
    for (const x of this.xhrs) {
      x.abort();
    }
    this.cancelButton.hidden = true;
    this.retryButton.hidden = true;
    this.show('Cancelled');
    await this.abortUpload();
    if (wasQueued) {
      pump();
    }
  }

  async abortUpload() {
    if (!this.upload) {
      return;
    }
    const url = this.base() + '/uploads/' + encodeURIComponent(this.upload.uploadId) + '?'
        + new URLSearchParams({key: this.key});
    this.upload = null;
    try {
      await api('DELETE', url);
    } catch (e) {
      // Gone already; an upload left open expires by itself.
    }
  }

  retry() {
    if (this.state !== 'failed') {
      return;
    }
    this.state = 'queued';
    this.retryButton.hidden = true;
    this.show('Waiting');
    pump();
  }
}
