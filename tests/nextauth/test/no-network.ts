// Imported first by the end-to-end tests: any attempt to reach the network
// (a socket, a DNS look-up, fetch) or to create a mail transport is recorded
// and fails, so a test that passes provably sent no mail and reached no server.
import dns from 'node:dns';
import { createRequire } from 'node:module';
import net from 'node:net';

export const attempts: string[] = [];

function refuse(what: string): never {
  attempts.push(what);
  throw new Error(`network access attempted in a test: ${what}`);
}

net.Socket.prototype.connect = function connect(...args: unknown[]): never {
  return refuse(`socket connect ${JSON.stringify(args[0])}`);
} as typeof net.Socket.prototype.connect;
dns.lookup = ((host: string) => refuse(`dns lookup ${host}`)) as unknown as typeof dns.lookup;
globalThis.fetch = ((input: unknown) => refuse(`fetch ${String(input)}`)) as typeof fetch;

// nodemailer is CommonJS: patching its exports before an ES module imports it
// (@auth/core/providers/nodemailer, next-auth/providers/email) reaches them too.
const nodemailer = createRequire(import.meta.url)('nodemailer') as { createTransport: unknown };
nodemailer.createTransport = (options: unknown) => refuse(`nodemailer.createTransport ${JSON.stringify(options)}`);
