/**
 * A small, self-contained API explorer for /docs. Hub deployments often have no route to a
 * CDN (and the build machines have none), so instead of Swagger UI this page renders
 * /openapi.json itself and can send requests with a token the user pastes.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Curfew hub API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.4rem} code,pre,textarea,input{font-family:ui-monospace,monospace;font-size:.85rem}
details{border:1px solid #ccc;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}
summary{cursor:pointer} .m{display:inline-block;width:4rem;font-weight:bold}
.get{color:#1565c0}.post{color:#2e7d32} pre{background:#f6f6f6;padding:.5rem;overflow:auto}
textarea{width:100%;min-height:5rem} input{width:100%}
</style>
</head>
<body>
<h1>Curfew hub admin API</h1>
<p>Generated from <a href="/openapi.json">/openapi.json</a>. Token (kept in this page only):
<input id="token" type="password" placeholder="API bearer token"></p>
<div id="ops">Loading…</div>
<script>
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
};
fetch('/openapi.json').then((r) => r.json()).then((doc) => {
  const ops = document.getElementById('ops');
  ops.textContent = '';
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = el('input', { placeholder: 'path/query, e.g. ' + path.replace('/api/v1', '') });
      params.value = path;
      const body = el('textarea', { placeholder: 'JSON body' });
      const out = el('pre');
      const send = el('button', { textContent: 'Send' });
      send.onclick = async () => {
        const headers = { authorization: 'Bearer ' + document.getElementById('token').value };
        if (method !== 'get') headers['content-type'] = 'application/json';
        const res = await fetch(params.value, { method: method.toUpperCase(), headers, body: method === 'get' ? undefined : body.value || '{}' });
        out.textContent = res.status + '\\n' + JSON.stringify(await res.json().catch(() => null), null, 2);
      };
      const schema = op.requestBody ? JSON.stringify(op.requestBody.content['application/json'].schema, null, 2) : '';
      ops.append(el('details', {},
        el('summary', {}, el('span', { className: 'm ' + method, textContent: method.toUpperCase() }), el('code', { textContent: path }), ' — ' + op.summary),
        el('p', { textContent: op.description || '' }),
        el('pre', { textContent: 'parameters: ' + JSON.stringify(op.parameters, null, 2) + (schema ? '\\nbody: ' + schema : '') + '\\nresponses: ' + Object.keys(op.responses).join(', ') }),
        params, method === 'get' ? '' : body, send, out));
    }
  }
});
</script>
</body>
</html>
`;
