/** The server's REST API, with the access token when the page was opened with one. */

const TOKEN_KEY = 'handflow-token';

/** Keeps a `?token=` from the address in this tab and takes it out of the address bar. */
export function adoptTokenFromAddress(): void {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  url.searchParams.delete('token');
  history.replaceState(null, '', url);
}

export function accessToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** An error answer of the API: its code, and a message that says what to do. */
export class ApiProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const token = accessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof Blob) {
    payload = body;
    headers['content-type'] = body.type || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  const data: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const problem = data as { code?: string; message?: string };
    throw new ApiProblem(problem.code ?? `HTTP_${response.status}`, problem.message ?? `the server answered ${response.status}`);
  }
  return data as T;
}
