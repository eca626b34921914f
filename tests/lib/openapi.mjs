// Check HTTP responses against the OpenAPI document the server publishes.
//
//   const api = await apiClient(srv.url);
//   const res = await api.request('GET', '/healthz');   // throws if the
//   assert.equal(res.status, 200);                      // body breaks the schema
//
// Every JSON response of a documented path is validated against the schema
// the document gives for its status code (or `default`); an undocumented
// status or path fails the test, so the document cannot fall behind the
// server. The test suite's own routes (/api/v1/_test/...) are not in the
// document; their error responses are still checked against the Error schema.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export async function loadDocument(baseUrl) {
  const res = await fetch(baseUrl + '/api/v1/openapi.json');
  if (res.status !== 200) throw new Error(`openapi.json: HTTP ${res.status}`);
  return res.json();
}

// Turn "/api/v1/orgs/{id}" into a regular expression for concrete paths.
function templateRegex(template) {
  const escaped = template.split(/(\{[^}]+\})/).map((part) =>
    part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp('^' + escaped.join('') + '$');
}

export class OpenApiChecker {
  constructor(doc) {
    this.doc = doc;
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi.json', components: doc.components || {} });
    this.paths = Object.keys(doc.paths || {}).map((t) => ({ template: t, re: templateRegex(t) }));
  }

  // The operation for a concrete method and path, or null.
  operation(method, pathname) {
    // Literal templates win over parameterised ones ("/orgs/export" over "/orgs/{id}").
    const hits = this.paths.filter((p) => p.re.test(pathname))
      .sort((a, b) => (a.template.match(/\{/g) || []).length - (b.template.match(/\{/g) || []).length);
    for (const hit of hits) {
      const op = this.doc.paths[hit.template][method.toLowerCase()];
      if (op) return { template: hit.template, op };
    }
    return hits.length ? { template: hits[0].template, op: null } : null;
  }

  // The object a local "#/..." reference points at.
  resolve(ref) {
    return ref.replace(/^#\//, '').split('/').reduce((node, key) => node?.[key], this.doc);
  }

  validatorFor(schema) {
    // Resolve local $refs against the document's components.
    const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'));
    return this.ajv.compile(rewritten);
  }

  // Throw unless `body` (parsed JSON) is what the document promises.
  check(method, pathname, status, contentType, body) {
    const found = this.operation(method, pathname);
    const isTestRoute = pathname.startsWith('/api/v1/_test/');
    if (!found || !found.op) {
      if (isTestRoute || status === 404 || status === 405) {
        if (status >= 400) this.checkSchema({ $ref: '#/components/schemas/Error' }, body, `${method} ${pathname} ${status}`);
        return;
      }
      throw new Error(`${method} ${pathname} is not in the OpenAPI document`);
    }
    const responses = found.op.responses || {};
    let resp = responses[String(status)] || responses.default;
    if (resp && resp.$ref) resp = this.resolve(resp.$ref);
    if (!resp) throw new Error(`${method} ${found.template}: status ${status} is not documented`);
    const media = resp.content && (resp.content[contentType] || resp.content['application/json']);
    if (!media) {
      if (body !== undefined && contentType === 'application/json')
        throw new Error(`${method} ${found.template} ${status}: documented without a JSON body`);
      return;
    }
    if (media.schema) this.checkSchema(media.schema, body, `${method} ${found.template} ${status}`);
  }

  checkSchema(schema, body, where) {
    const validate = this.validatorFor(schema);
    if (!validate(body)) {
      throw new Error(`${where}: response does not match its schema: ` +
        this.ajv.errorsText(validate.errors) + `\nbody: ${JSON.stringify(body).slice(0, 500)}`);
    }
  }
}

// A small client that checks every JSON response.
export async function apiClient(baseUrl) {
  const checker = new OpenApiChecker(await loadDocument(baseUrl));
  return {
    checker,
    async request(method, pathname, { body, headers = {}, raw } = {}) {
      const init = { method, headers: { ...headers } };
      if (raw !== undefined) init.body = raw;
      else if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(baseUrl + pathname, init);
      const text = await res.text();
      const type = (res.headers.get('content-type') || '').split(';')[0];
      let json;
      if (type === 'application/json' && method !== 'HEAD') {
        json = JSON.parse(text);
        checker.check(method, pathname.split('?')[0], res.status, type, json);
      }
      return { status: res.status, headers: res.headers, text, json };
    },
  };
}
