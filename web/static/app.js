/*
 * app.js - the little the portal does in the browser. Pages work without
 * it.
 *
 *  - A form of an irreversible step (the patterns the layout lists in
 *    <meta name="jg-confirm">) asks in a <dialog> what the server's
 *    confirmation page says, and is sent with confirm=1 when confirmed;
 *    without JavaScript the server shows that page instead. A form
 *    marked data-confirm asks its own sentence in the same dialog.
 *  - The menu's drawer (layout/page.html, a <details>): Escape closes it
 *    and gives the focus back to its button; on a laptop it stays open
 *    (for browsers that hide a closed <details> whatever the style says).
 *  - A table that scrolls sideways in its card (a phone) can be focused,
 *    so that the keyboard scrolls it too.
 *  - A picker (templates/record/picker.html: a text input marked
 *    data-picker="/api/v1/pick/TABLE" beside a hidden input marked
 *    data-picker-id) becomes a WAI-ARIA combobox: typing two or more
 *    characters lists the records the caller may see whose name, code,
 *    credit code or mobile contains them; arrows move, Enter chooses,
 *    Escape closes. The id chosen goes in the hidden input; the server
 *    checks it again, and without JavaScript finds the text typed.
 *  - A button marked data-copy="ID" copies the value of input ID to the
 *    clipboard and says data-copied on itself (without JavaScript, the
 *    input is selected and copied by hand).
 */
// The patterns of the steps that ask first ("/incubation/review/:id/close"),
// given by the layout, as regular expressions over a form's path.
const irreversible = (document.querySelector('meta[name="jg-confirm"]')?.content || '')
  .split(' ').filter(Boolean)
  .map((p) => new RegExp('^' + p.replace(/:[a-z_]+/g, '[^/]+') + '$'));

// Ask `text` in a modal dialog; resolves true when confirmed.
function ask(text) {
  const dialog = document.createElement('dialog');
  const p = document.createElement('p');
  const form = document.createElement('form');
  const yes = document.createElement('button');
  const no = document.createElement('button');
  const en = document.documentElement.lang === 'en';

  dialog.className = 'confirm-dialog';
  dialog.setAttribute('aria-labelledby', 'confirm-dialog-text');
  p.id = 'confirm-dialog-text';
  p.textContent = text;
  form.method = 'dialog';
  form.className = 'actions';
  yes.value = 'yes';
  yes.className = 'primary';
  yes.textContent = en ? 'Confirm' : '确认执行';
  no.value = 'no';
  no.textContent = en ? 'Cancel' : '取消';
  form.append(yes, no);
  dialog.append(p, form);
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes');
      dialog.remove();
    });
    dialog.showModal();
    no.focus();
  });
}

// Send `form` for real, saying it was confirmed.
function sendConfirmed(form) {
  const field = document.createElement('input');
  field.type = 'hidden';
  field.name = 'confirm';
  field.value = '1';
  form.append(field);
  form.submit();
}

document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method !== 'post') return;
  const path = new URL(form.action, location.href).pathname;
  if (irreversible.some((re) => re.test(path)) && !form.elements.confirm) {
    // The server says what will happen (its confirmation page, which
    // changes nothing); the dialog asks it here.
    event.preventDefault();
    let text = null;
    try {
      const res = await fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin' });
      const page = new DOMParser().parseFromString(await res.text(), 'text/html');
      text = page.querySelector('[data-confirm-text]')?.textContent;
    } catch (e) {
      text = null;
    }
    if (!text) {
      form.submit(); // the confirmation page, without the dialog
      return;
    }
    if (await ask(text)) sendConfirmed(form);
    return;
  }
  const message = form.dataset && form.dataset.confirm;
  if (message) {
    event.preventDefault();
    if (await ask(message)) form.submit();
  }
});

function enhanceDrawer(drawer) {
  const wide = window.matchMedia('(min-width: 761px)');
  const summary = drawer.querySelector('summary');
  const follow = () => { drawer.open = wide.matches; };

  follow();
  wide.addEventListener('change', follow);
  drawer.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && drawer.open && !wide.matches) {
      drawer.open = false;
      summary.focus();
    }
  });
}

document.querySelectorAll('details.drawer').forEach(enhanceDrawer);

function focusScrollers() {
  document.querySelectorAll('table.table, .table-scroll').forEach((el) => {
    if (el.scrollWidth > el.clientWidth + 1) el.tabIndex = 0;
    else el.removeAttribute('tabindex');
  });
}

focusScrollers();
window.addEventListener('resize', focusScrollers);

function enhancePicker(input) {
  const hidden = input.parentNode.querySelector('input[data-picker-id]');
  const list = document.createElement('ul');
  const status = document.createElement('p');
  let items = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  list.id = input.id + '-list';
  list.className = 'picker-list';
  list.setAttribute('role', 'listbox');
  list.hidden = true;
  status.className = 'picker-status';
  status.setAttribute('role', 'status');
  input.after(list, status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function highlight(i) {
    const options = list.querySelectorAll('[role=option]');
    options.forEach((o, k) => o.setAttribute('aria-selected', String(k === i)));
    active = i;
    if (i >= 0 && options[i]) {
      input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function choose(i) {
    const item = items[i];
    if (!item) return;
    input.value = item.title;
    if (hidden) hidden.value = String(item.id);
    close();
    status.textContent = '';
  }

  function show(found) {
    items = found;
    list.replaceChildren();
    found.forEach((item, i) => {
      const li = document.createElement('li');
      li.id = `${list.id}-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.textContent = item.title;
      li.addEventListener('mousedown', (e) => { e.preventDefault(); choose(i); });
      list.append(li);
    });
    status.textContent = found.length
      ? (input.dataset.pickerResults || '{n}').replace('{n}', String(found.length))
      : (input.dataset.pickerNone || '');
    list.hidden = found.length === 0;
    input.setAttribute('aria-expanded', String(found.length > 0));
    highlight(found.length ? 0 : -1);
  }

  async function search() {
    const q = input.value.trim();
    const mine = ++asked;
    if (q.length < 2) { close(); items = []; status.textContent = ''; return; }
    try {
      const res = await fetch(`${input.dataset.picker}?q=${encodeURIComponent(q)}`,
        { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok || mine !== asked) return;
      show((await res.json()).items || []);
    } catch (e) {
      close();
    }
  }

  input.addEventListener('input', () => {
    if (hidden) hidden.value = '';
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) { search(); return; }
      highlight(Math.min(active + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      if (!open) return;
      e.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (e.key === 'Enter') {
      if (!open || active < 0) return;
      e.preventDefault();
      choose(active);
    } else if (e.key === 'Escape') {
      if (open) { e.preventDefault(); close(); }
    } else if (e.key === 'Tab') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
}

document.querySelectorAll('input[data-picker]').forEach(enhancePicker);

document.querySelectorAll('button[data-copy]').forEach((button) => {
  button.addEventListener('click', async () => {
    const input = document.getElementById(button.dataset.copy);
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = button.dataset.copied;
    } catch {
      // Selected: the person copies it by hand.
    }
  });
});
