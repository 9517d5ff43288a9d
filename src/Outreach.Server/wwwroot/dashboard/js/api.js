// The API client: every call sends the key typed once (kept in sessionStorage, so it dies with the tab) as X-Api-Key,
// and turns an RFC 7807 problem into an ApiError carrying the server's own words.
const KEY = 'outreach.apiKey';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: value => sessionStorage.setItem(KEY, value.trim()),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

export async function api(path, { method = 'GET', body, type = 'application/json', signal } = {}) {
  const headers = { 'X-Api-Key': apiKey.get() ?? '', Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = type;
  let response;
  try {
    response = await fetch(path, { method, headers, signal, body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body) });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', null);
  }
  const contentType = response.headers.get('content-type') || '';
  const payload = contentType.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) throw new ApiError(response.status, payload?.title, payload?.detail);
  return payload;
}
