/** Levenshtein distance between two strings (case-sensitive). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length]!;
}

/**
 * Similarity in [0, 1]: 1 - Levenshtein distance / length of the longer
 * string, compared case-insensitively (`user_name` vs `username`: 89%).
 */
export function similarity(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const max = Math.max(x.length, y.length);
  if (max === 0) return 1;
  return 1 - levenshtein(x, y) / max;
}

export interface Suggestion {
  name: string;
  /** Similarity in percent, 0..100. */
  percent: number;
}

/** The closest candidate, when it is at least `threshold` similar. */
export function closest(name: string, candidates: readonly string[], threshold = 0.5): Suggestion | null {
  let best: Suggestion | null = null;
  let bestScore = -1;
  for (const c of candidates) {
    const s = similarity(name, c);
    if (s > bestScore) {
      bestScore = s;
      best = { name: c, percent: Math.round(s * 100) };
    }
  }
  return best !== null && bestScore >= threshold ? best : null;
}
