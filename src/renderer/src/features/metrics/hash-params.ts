/** Read and rewrite the current hash route's query without a history entry or a hashchange. */
export function currentHashParams(): URLSearchParams {
  const raw = window.location.hash;
  const q = raw.indexOf('?');
  return new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
}

export function replaceHashParams(update: (params: URLSearchParams) => void): void {
  const raw = window.location.hash;
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const params = currentHashParams();
  update(params);
  const query = params.toString();
  const next = `${path || '#/'}${query ? `?${query}` : ''}`;
  if (next !== raw) window.history.replaceState(window.history.state, '', next);
}
