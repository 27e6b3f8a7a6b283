import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Where magic links go without a mail server: AUTH_OUTBOX, else outbox/magic-links.txt. */
export const outboxFile = resolve(process.env.AUTH_OUTBOX ?? 'outbox/magic-links.txt');

/**
 * The development "mail server": appends `email<TAB>link` to the outbox file
 * and prints the link. Tests read the file; you click the link in the terminal.
 */
export async function deliverToOutbox({ identifier, url }: { identifier: string; url: string }): Promise<void> {
  await mkdir(dirname(outboxFile), { recursive: true });
  await appendFile(outboxFile, `${identifier}\t${url}\n`);
  console.log(`\n  Sign-in link for ${identifier}:\n  ${url}\n`);
}
