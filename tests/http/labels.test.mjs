// Chinese wherever the server speaks (issue 15): the audit log (操作日志)
// names what changed and how by their labels (租约 · 新增), filters by
// them, and shows before and after as labelled fields with the changed
// ones marked; the settings page gives each setting its label, unit and a
// fitting input, and refuses a bad value naming the setting, writing
// nothing; jobs and their results read in the reader's language. Every
// audited action and entity, every setting and every job has its labels
// in both catalogs. On the demo park; runs on SQLite and on PostgreSQL
// (JIANGGU_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startServer, runCli, freshDatabase, dbRows, loadDemo, ROOT } from '../lib/server.mjs';
import { apiClient } from '../lib/openapi.mjs';
import { catalog } from '../lib/merge.mjs';

let db, srv, api, token;
const rows = (sql) => dbRows(db.url, sql);
const count = (sql) => Number(rows(`SELECT COUNT(*) AS n FROM ${sql}`)[0].n);
const auth = (body) => ({ headers: { authorization: `Bearer ${token}` },
  ...(body === undefined ? {} : { body }) });

async function page(pathname, { lang = 'zh-CN', method = 'GET', form } = {}) {
  const init = { method, redirect: 'manual',
    headers: { authorization: `Bearer ${token}`, cookie: `lang=${lang}` } };
  if (form) {
    init.body = form instanceof URLSearchParams ? form.toString() : new URLSearchParams(form).toString();
    init.headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(srv.url + pathname, init);
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

// What the audit page shows: each entry's codes, "what" cell and fields.
const decode = (s) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'");
function entries(html) {
  return [...html.matchAll(/<tr class="audit-entry" data-entity="([^"]*)" data-action="([^"]*)">([\s\S]*?)<\/tr>\s*(?=<tr class="audit-entry"|\s*<\/tbody>\s*<\/table>\s*<nav|\s*<\/tbody>\s*<\/table>\s*$)/g)]
    .map(([, entity, action, body]) => ({
      entity, action,
      what: decode(body.match(/<td class="what">([^<]*)<\/td>/)[1]),
      fields: [...body.matchAll(/<tr( class="changed")?><th scope="row">([^<]*)(?:<span[^>]*>[^<]*<\/span>)?<\/th>((?:<td>[\s\S]*?<\/td>)*)<\/tr>/g)]
        .map(([, changed, label, cells]) => ({
          label: decode(label.trim()), changed: Boolean(changed),
          values: [...cells.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => decode(m[1].replace(/<\/?mark>/g, ''))),
        })),
    }));
}
function options(html, id) {
  const select = html.match(new RegExp(`<select id="${id}"[^>]*>([\\s\\S]*?)</select>`))[1];
  return [...select.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)]
    .filter((m) => m[1]).map((m) => ({ value: m[1], selected: Boolean(m[2]), label: decode(m[3]) }));
}

before(async () => {
  db = freshDatabase();
  const demo = await loadDemo(db);
  assert.equal(demo.status, 0, demo.stderr);
  const add = await runCli(['user', 'add', 'labels_admin', '--role', 'admin', '--db', db.url],
    { input: 'Pass-word-2026\n' });
  assert.equal(add.status, 0, add.stderr);
  token = (await runCli(['user', 'token', 'labels_admin', '--db', db.url])).stdout.trim();
  srv = await startServer({ db: db.url });
  api = await apiClient(srv.url);
});

after(async () => {
  const { code } = await srv.stop();
  db.dispose();
  assert.equal(code, 0);
});

// ---- the audit log ------------------------------------------------------

test('the audit log names what changed and how by their labels, and filters by them', async () => {
  const leases = count(`audit_log WHERE entity = 'lease' AND action = 'create'`);
  assert.ok(leases > 0, 'the demo park makes leases');
  let res = await page('/admin/audit?entity=lease&limit=200');
  assert.equal(res.status, 200);
  let list = entries(res.text);
  assert.equal(list.length, Math.min(leases, 200));
  for (const e of list) {
    assert.equal(e.entity, 'lease');
    assert.equal(e.what, '租约 · 新增');
  }
  assert.match(res.text, new RegExp(`共 ${leases} 条`));
  // The filters are selects of labels whose values are the codes.
  const ents = options(res.text, 'entity'), acts = options(res.text, 'action');
  assert.deepEqual(ents.find((o) => o.value === 'lease'), { value: 'lease', selected: true, label: '租约' });
  assert.deepEqual(acts.find((o) => o.value === 'create'), { value: 'create', selected: false, label: '新增' });

  // By action, and by both: the demo's decisions and completions.
  res = await page('/admin/audit?action=decide');
  list = entries(res.text);
  assert.ok(list.length > 0);
  for (const e of list) assert.deepEqual([e.action, e.what], ['decide', '入孵申请 · 评审决定']);
  assert.match(res.text, new RegExp(`共 ${count(`audit_log WHERE action = 'decide'`)} 条`));
  res = await page('/admin/audit?entity=training_enrolment&action=completed&limit=5');
  list = entries(res.text);
  assert.equal(list.length, 5);
  for (const e of list) assert.equal(e.what, '学员报名 · 结业');
  assert.match(res.text, new RegExp(`共 ${count(`audit_log WHERE entity = 'training_enrolment' AND action = 'completed'`)} 条`));
  assert.equal(options(res.text, 'action').find((o) => o.selected).label, '结业');

  // In English too.
  res = await page('/admin/audit?entity=lease&limit=1', { lang: 'en' });
  assert.equal(entries(res.text)[0].what, 'Leases · Create');
});

test('a change shows before and after as labelled fields, money in 元, enums and times as people read them', async () => {
  const [lease] = rows(`SELECT l.id, l.deposit_fen, o.name AS org_name FROM lease l
    JOIN org o ON o.id = l.org_id WHERE l.archived_at IS NULL ORDER BY l.id LIMIT 1`);
  const [unit] = rows(`SELECT id, kind FROM unit WHERE kind = 'office' ORDER BY id LIMIT 1`);
  let res = await api.request('PATCH', `/api/v1/incubation/leases/${lease.id}`, auth({ deposit_fen: 123450 }));
  assert.equal(res.status, 200, res.text);
  res = await api.request('PATCH', `/api/v1/incubation/units/${unit.id}`, auth({ kind: 'workshop' }));
  assert.equal(res.status, 200, res.text);

  res = await page(`/admin/audit?entity=lease&action=update`);
  let [e] = entries(res.text);
  assert.equal(e.what, '租约 · 修改');
  const deposit = e.fields.find((f) => f.label === '押金（元）');
  const before = Number(lease.deposit_fen) / 100;
  assert.deepEqual(deposit, { label: '押金（元）', changed: true,
    values: [before.toLocaleString('en-US', { minimumFractionDigits: 2 }), '1,234.50'] });
  assert.deepEqual(e.fields.find((f) => f.label === '承租企业').values, [lease.org_name, lease.org_name],
    'a reference by the name of what it names');
  const starts = e.fields.find((f) => f.label === '起租日期');
  assert.equal(starts.changed, false, 'what did not change is not marked');
  assert.equal(starts.values[0], starts.values[1]);
  const updated = e.fields.find((f) => f.label === '更新时间');
  assert.match(updated.values[1], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, 'times in Beijing time, not stored UTC');
  assert.ok(!e.fields.some((f) => /_fen|_at$/.test(f.label)), 'no field is shown by its code');

  res = await page(`/admin/audit?entity=unit&action=update`);
  [e] = entries(res.text);
  assert.equal(e.what, '房间 · 修改');
  assert.deepEqual(e.fields.find((f) => f.label === '类型'), { label: '类型', changed: true, values: ['办公室', '车间'] });

  // A creation has only "after"; nothing is marked.
  res = await page(`/admin/audit?entity=org&limit=1`);
  [e] = entries(res.text);
  assert.equal(e.what, '机构 · 新增');
  assert.ok(e.fields.length > 3);
  assert.ok(e.fields.every((f) => f.values.length === 1 && !f.changed));
});

// ---- labels in both catalogs --------------------------------------------

// The words src/ writes to the audit log: the string literals given at
// the top level of a call to audit_write() or to any function of the
// modules that wraps it (a name with "audit": inc_audit(), audit_app(),
// audit_change(), ...), leaving out what nested calls (json_pack()) take.
function auditedInSource() {
  const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.c') ? [path.join(dir, d.name)] : []);
  const words = new Set();
  for (const file of files(path.join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b\w*audit\w*\(/g)) {
      for (let depth = 1, i = m.index + m[0].length; i < text.length && depth > 0; i++) {
        const c = text[i];
        if (c === '"') {
          const close = text.indexOf('"', i + 1);
          const literal = text.slice(i + 1, close);
          if (depth === 1 && /^[a-z_]+$/.test(literal)) words.add(literal);
          i = close;
        } else if (c === '(') {
          depth++;
        } else if (c === ')') {
          depth--;
        }
      }
    }
  }
  return words;
}

test('every audited action and entity has its label in both catalogs', async () => {
  const zh = await page('/admin/audit?limit=1');
  const en = await page('/admin/audit?limit=1', { lang: 'en' });
  const declared = { entities: options(zh.text, 'entity'), actions: options(zh.text, 'action') };
  for (const [id, list] of [['entity', declared.entities], ['action', declared.actions]]) {
    const english = options(en.text, id);
    assert.equal(english.length, list.length);
    for (const [i, o] of list.entries()) {
      assert.notEqual(o.label, o.value, `zh-CN: ${id} ${o.value} has no label`);
      assert.notEqual(english[i].label, o.value, `en: ${id} ${o.value} has no label`);
      assert.doesNotMatch(o.label, /^[\x20-\x7e]+$/, `zh-CN: ${id} ${o.value} is labelled in Chinese`);
    }
  }
  const actions = new Set(declared.actions.map((o) => o.value));
  const ents = new Set(declared.entities.map((o) => o.value));
  // What the source writes, and what the demo park wrote, is declared.
  const source = auditedInSource();
  for (const w of ['create', 'update', 'archive', 'submit', 'decide', 'accept', 'inc_application', 'setting'])
    assert.ok(source.has(w), `the scan of src/ finds "${w}"`);
  for (const w of source)
    assert.ok(actions.has(w) || ents.has(w), `"${w}", written to the audit log, is declared in src/audit/audit.c or a registered table`);
  for (const { entity, action } of rows('SELECT DISTINCT entity, action FROM audit_log')) {
    assert.ok(actions.has(action), `audit action "${action}" is declared`);
    assert.ok(ents.has(entity), `audit entity "${entity}" is declared`);
  }
});

test('every setting and every job has its label and help in both catalogs', async () => {
  const settings = (await api.request('GET', '/api/v1/settings', auth())).json.items;
  const jobs = (await api.request('GET', '/api/v1/jobs', auth())).json.items;
  assert.ok(settings.length > 20 && jobs.length >= 2);
  const at = (cat, key) => key.split('.').reduce((n, k) => n?.[k], cat);
  for (const lang of ['zh-CN', 'en']) {
    const cat = catalog(lang);
    for (const s of settings) {
      for (const what of ['label', 'help'])
        assert.equal(typeof at(cat, `settings.defs.${s.key}.${what}`), 'string', `${lang}: settings.defs.${s.key}.${what}`);
      if (s.unit) assert.equal(typeof at(cat, `settings.units.${s.unit}`), 'string', `${lang}: settings.units.${s.unit}`);
    }
    for (const j of jobs)
      for (const what of ['label', 'description'])
        assert.equal(typeof at(cat, `jobs.defs.${j.name}.${what}`), 'string', `${lang}: jobs.defs.${j.name}.${what}`);
  }
  const zh = catalog('zh-CN');
  assert.equal(settings.find((s) => s.key === 'auth.session_idle_minutes').label, zh.settings.defs.auth.session_idle_minutes.label);
});

// ---- settings -----------------------------------------------------------

const settingRow = (html, key) => html.match(new RegExp(`<tr class="setting[^"]*" data-key="${key.replace('.', '\\.')}">([\\s\\S]*?)</tr>`))[1];
const stored = (key) => rows(`SELECT value FROM setting WHERE key = '${key}'`).map((r) => r.value);

test('the settings page: labels, units and fitting inputs, in Chinese and in English', async () => {
  let res = await page('/admin/settings');
  assert.equal(res.status, 200);
  let row = settingRow(res.text, 'auth.session_idle_minutes');
  assert.match(row, /<label for="s-\d+">会话空闲超时<\/label>/);
  assert.match(row, /type="number"[^>]*value="120"[^>]*min="1" max="10080" step="1"/);
  assert.match(row, /<span class="unit">分钟<\/span>/);
  row = settingRow(res.text, 'upload.max_bytes');
  assert.match(row, /type="number"[^>]*value="10"[^>]*step="0.01"/, 'bytes are shown in MB');
  assert.match(row, /<span class="unit">MB<\/span>/);
  row = settingRow(res.text, 'training.assessments_required');
  assert.match(row, /type="checkbox" value="true" checked/);
  row = settingRow(res.text, 'upload.allowed_types');
  assert.match(row, /<select [^>]*multiple/);
  assert.match(row, /<option value="pdf" selected>PDF 文档<\/option>/);
  row = settingRow(res.text, 'incubation.long_fields');
  assert.match(row, /<option value="integrated_circuit" selected>集成电路<\/option>/);
  assert.match(row, /<option value="drones">/);
  res = await page('/admin/settings', { lang: 'en' });
  row = settingRow(res.text, 'auth.session_idle_minutes');
  assert.match(row, />Session idle timeout<\/label>/);
  assert.match(row, /<span class="unit">minutes<\/span>/);
});

test('a bad value is refused naming the setting by its label, and nothing is written', async () => {
  const audits = count(`audit_log WHERE entity = 'setting'`);
  const cases = [
    ['auth.session_idle_minutes', { value: '0' }, '会话空闲超时：请输入允许范围内的整数'],
    ['auth.session_idle_minutes', { value: '两小时' }, '会话空闲超时：请输入允许范围内的整数'],
    ['upload.max_bytes', { value: '10.555' }, '上传文件大小上限：须为 MB 数，最多两位小数'],
    ['upload.max_bytes', { value: '500' }, '上传文件大小上限：请输入允许范围内的整数'],
    ['upload.allowed_types', new URLSearchParams([['value', 'pdf'], ['value', 'exe']]), '允许上传的文件类型：每一项须为可选项之一'],
    ['upload.allowed_types', new URLSearchParams([['value', 'pdf'], ['value', 'pdf']]), '允许上传的文件类型：每一项只能选一次'],
    ['incubation.rubric', { value: '创新性:50,团队:20' }, '入孵评审评分细则：权重合计须为 100'],
  ];
  for (const [key, form, message] of cases) {
    const res = await page(`/admin/settings/${key}`, { method: 'POST', form });
    assert.equal(res.status, 400, `${key}: ${res.text.slice(0, 200)}`);
    const row = settingRow(res.text, key);
    assert.ok(row.includes(`<p class="field-error" id="`), key);
    assert.ok(decode(row).includes(message), `${key}: ${message}`);
    assert.match(row, /aria-invalid="true"/);
    assert.deepEqual(stored(key), [], `${key}: nothing written`);
  }
  assert.equal(count(`audit_log WHERE entity = 'setting'`), audits);
  // The API refuses a list item it does not know too.
  const res = await api.request('PUT', '/api/v1/settings/upload.allowed_types', auth({ value: 'pdf,exe' }));
  assert.equal(res.status, 400);
  assert.equal(res.json.error.field, 'value');
  assert.deepEqual(stored('upload.allowed_types'), []);
});

test('good values: MB into bytes, a checkbox left unticked, several choices', async () => {
  let res = await page('/admin/settings/upload.max_bytes', { method: 'POST', form: { value: '5.5' } });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  assert.deepEqual(stored('upload.max_bytes'), [String(5.5 * 1048576)]);
  res = await page('/admin/settings/training.assessments_required', { method: 'POST', form: {} });
  assert.equal(res.status, 303);
  assert.deepEqual(stored('training.assessments_required'), ['0']);
  res = await page('/admin/settings/upload.allowed_types', { method: 'POST',
    form: new URLSearchParams([['value', 'pdf'], ['value', 'xlsx']]) });
  assert.equal(res.status, 303);
  assert.deepEqual(stored('upload.allowed_types'), ['pdf,xlsx']);
  res = await page('/admin/settings');
  assert.match(settingRow(res.text, 'upload.max_bytes'), /value="5.50"/);
  assert.doesNotMatch(settingRow(res.text, 'training.assessments_required'), /checked/);
  // Back as they were.
  for (const [key, value] of [['upload.max_bytes', 10485760], ['training.assessments_required', true],
    ['upload.allowed_types', 'pdf,png,jpeg,xlsx,docx']]) {
    const put = await api.request('PUT', `/api/v1/settings/${key}`, auth({ value }));
    assert.equal(put.status, 200, put.text);
  }
  // The audit log shows the setting's change as labelled fields.
  res = await page('/admin/audit?entity=setting&action=update&limit=1');
  const [e] = entries(res.text);
  assert.equal(e.what, '参数 · 修改');
  assert.deepEqual(e.fields.find((f) => f.label === '参数值'), { label: '参数值', changed: true,
    values: ['pdf,xlsx', 'pdf,png,jpeg,xlsx,docx'] });
});

// ---- jobs ---------------------------------------------------------------

test('the jobs page gives each job its label and description, and its result, in the reader\'s language', async () => {
  const run = await api.request('POST', '/api/v1/jobs/sessions.purge/run', auth());
  assert.equal(run.status, 200, run.text);
  assert.match(run.json.message, /^deleted \d+ sessions, \d+ API tokens and \d+ sign-in log rows older than 180 days$/,
    'the API keeps the English line');
  let res = await page('/admin/jobs?job=sessions.purge');
  assert.match(res.text, /清理过期会话与登录日志<p class="hint">删除结束 30 天以上的会话/);
  assert.match(res.text, /<td>删除了 \d+ 个会话、\d+ 个 API 令牌和 \d+ 条 180 天前的登录日志<\/td>/);
  assert.match(res.text, /<option value="sessions.purge" selected>清理过期会话与登录日志<\/option>/);
  res = await page('/admin/jobs?job=sessions.purge', { lang: 'en' });
  assert.match(res.text, /Purge old sessions and sign-ins/);
  assert.match(res.text, /<td>deleted \d+ sessions, \d+ API tokens and \d+ sign-in log rows older than 180 days<\/td>/);
  // Its audit entry: 定时任务 · 执行.
  res = await page('/admin/audit?entity=job&limit=1');
  assert.equal(entries(res.text)[0].what, '定时任务 · 执行');
});

// ---- the sign-in log ----------------------------------------------------

test('the sign-in log says why an attempt failed in the reader\'s language', async () => {
  const res = await fetch(`${srv.url}/api/v1/sessions`, { method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'labels_admin', password: 'not-the-password' }) });
  assert.equal(res.status, 401);
  let page_ = await page('/admin/logins?name=labels_admin');
  assert.match(page_.text, /<td>密码错误<\/td><\/tr>/);
  page_ = await page('/admin/logins?name=labels_admin', { lang: 'en' });
  assert.match(page_.text, /<td>wrong password<\/td><\/tr>/);
});
