/**
 * Splits SQL text into statements on top-level semicolons, honouring string
 * literals, quoted identifiers ("x", `x`, [x]), comments, blob literals and
 * CREATE TRIGGER bodies (BEGIN ... END, with CASE ... END inside).
 */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  // Trigger tracking: words of the current statement.
  let firstWords: string[] = [];
  let isTrigger = false;
  let depth = 0; // BEGIN/CASE nesting inside a trigger
  let word = '';
  const endWord = (): void => {
    if (word === '') return;
    const w = word.toUpperCase();
    word = '';
    if (firstWords.length < 3) {
      firstWords.push(w);
      if (firstWords[0] === 'CREATE' && (w === 'TRIGGER')) isTrigger = true;
    }
    if (isTrigger) {
      if (w === 'BEGIN' || w === 'CASE') depth++;
      else if (w === 'END' && depth > 0) depth--;
    }
  };
  const push = (end: number): void => {
    const s = sql.slice(start, end).trim();
    if (s !== '' && !isOnlyComments(s)) out.push(s);
    start = end + 1;
    firstWords = [];
    isTrigger = false;
    depth = 0;
  };
  while (i < n) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      endWord();
      i++;
      while (i < n) {
        if (sql[i] === c) {
          if (sql[i + 1] === c) i += 2;
          else break;
        } else i++;
      }
      i++;
      continue;
    }
    if (c === '[') {
      endWord();
      const close = sql.indexOf(']', i + 1);
      i = close < 0 ? n : close + 1;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      endWord();
      const nl = sql.indexOf('\n', i + 2);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      endWord();
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (/[A-Za-z0-9_$]/.test(c)) {
      word += c;
      i++;
      continue;
    }
    endWord();
    if (c === ';' && depth === 0) push(i);
    i++;
  }
  endWord();
  push(n);
  return out;
}

function isOnlyComments(s: string): boolean {
  return s.replace(/--[^\n]*(\n|$)/g, '').replace(/\/\*[\s\S]*?(\*\/|$)/g, '').trim() === '';
}

/** The statement with leading comments removed. */
export function stripLeadingComments(s: string): string {
  let t = s;
  for (;;) {
    t = t.trimStart();
    if (t.startsWith('--')) {
      const nl = t.indexOf('\n');
      t = nl < 0 ? '' : t.slice(nl + 1);
    } else if (t.startsWith('/*')) {
      const close = t.indexOf('*/');
      t = close < 0 ? '' : t.slice(close + 2);
    } else return t;
  }
}

/** BEGIN / COMMIT / END / ROLLBACK (without TO): statements the migration runner owns. */
export function isTransactionControl(stmt: string): boolean {
  const t = stripLeadingComments(stmt);
  return /^(BEGIN|COMMIT|END)(\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\s+TRANSACTION)?\s*;?\s*$/i.test(t) || /^ROLLBACK(\s+TRANSACTION)?\s*;?\s*$/i.test(t);
}
