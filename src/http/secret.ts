import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether a secret a caller gave matches the expected one, in time that does not depend on where they differ. */
export function secretMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  // Digests make the lengths equal, which timingSafeEqual requires, without revealing the expected length.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
