// What the user chose to upload, as {file, path} entries (path relative to the open folder): the file inputs
// (a folder input gives webkitRelativePath) and drag and drop, where folders are walked through the entries API
// (webkitGetAsEntry; readEntries answers in batches until an empty one).

export function fromInput(input) {
  return Array.from(input.files).map((file) => ({file, path: file.webkitRelativePath || file.name}));
}

function fileOf(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function batch(reader) {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry, path, out) {
  if (entry.isFile) {
    out.push({file: await fileOf(entry), path: path + entry.name});
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (let entries = await batch(reader); entries.length > 0; entries = await batch(reader)) {
      for (const child of entries) {
        await walk(child, path + entry.name + '/', out);
      }
    }
  }
}

export async function fromDrop(dataTransfer) {
  const entries = [];
  const roots = [];
  for (const item of Array.from(dataTransfer.items || [])) {
    const entry = item.kind === 'file' && item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
    if (entry) {
      roots.push(entry);
    }
  }
  if (roots.length === 0) {
    return Array.from(dataTransfer.files || []).map((file) => ({file, path: file.name}));
  }
  for (const root of roots) {
    await walk(root, '', entries);
  }
  return entries;
}
