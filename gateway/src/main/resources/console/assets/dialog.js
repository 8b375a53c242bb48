// The files page's one modal dialog (<dialog>): ask for a name, or ask to confirm. Keyboard: Enter confirms,
// Escape cancels; focus returns to the control that opened it.

const dialog = document.getElementById('dialog');
const input = document.getElementById('dialog-input');
const label = document.getElementById('dialog-label');

function open(title, text, field) {
  const opener = document.activeElement;
  document.getElementById('dialog-title').textContent = title;
  document.getElementById('dialog-text').textContent = text || '';
  input.hidden = !field;
  label.hidden = !field;
  if (field) {
    label.textContent = field.label;
    input.value = field.value || '';
  }
  dialog.returnValue = '';
  dialog.showModal();
  if (field) {
    input.focus();
    input.select();
  } else {
    document.getElementById('dialog-ok').focus();
  }
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (opener && opener.focus) {
        opener.focus();
      }
      resolve(dialog.returnValue === 'ok');
    }, {once: true});
  });
}

// Resolves to the text typed, or null when cancelled.
export async function askText(title, labelText, value, text) {
  const ok = await open(title, text, {label: labelText, value});
  return ok ? input.value : null;
}

// Resolves to true when confirmed.
export function confirmAction(title, text, okLabel) {
  document.getElementById('dialog-ok').textContent = okLabel || 'OK';
  return open(title, text, null).finally(() => {
    document.getElementById('dialog-ok').textContent = 'OK';
  });
}
