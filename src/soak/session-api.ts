/** The REST calls the soak makes: start a session, stop it. Failures throw with the server's `{code, message}`. */

export type SoakSource = { readonly type: 'browser' } | { readonly type: 'file'; readonly path: string; readonly realtime: boolean };

export async function startSession(origin: string, source: SoakSource): Promise<string> {
  const response = await fetch(`${origin}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ source }),
  });
  if (response.status !== 201) throw new Error(`POST /api/sessions (${source.type}) answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Stops a session; one that has already ended is fine. */
export async function stopSession(origin: string, id: string): Promise<void> {
  const response = await fetch(`${origin}/api/sessions/${id}/stop`, { method: 'POST' });
  if (!response.ok) throw new Error(`POST /api/sessions/${id}/stop answered ${response.status}: ${await response.text()}`);
}
