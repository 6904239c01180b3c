// The daemon's API as the console uses it: JSON in and out, and the login of a daemon with a
// token (docs/console.md). After a login the browser holds an HttpOnly cookie the script never
// sees; every change carries the CSRF token the login answered, which another site's page
// cannot read.
const CSRF_KEY = 'stridecue.csrf';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `HTTP ${status}`);
    this.status = status;
    this.field = body && body.field;
  }
}

export async function call(method, path, body) {
  const headers = {};
  const init = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    const csrf = sessionStorage.getItem(CSRF_KEY);
    if (csrf) headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) init.body = JSON.stringify(body);
  }
  const reply = await fetch(path, init);
  let parsed = null;
  try {
    parsed = await reply.json();
  } catch (e) {
    parsed = null;
  }
  if (!reply.ok) throw new ApiError(reply.status, parsed);
  return parsed;
}

export async function login(token) {
  const reply = await call('POST', '/api/v1/login', { token });
  sessionStorage.setItem(CSRF_KEY, reply.csrf);
  return reply;
}

export function streamUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/stream`;
}
