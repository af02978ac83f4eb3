/** Resolves once `predicate` holds, polling every `everyMs`; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5_000, everyMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for the bot`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
