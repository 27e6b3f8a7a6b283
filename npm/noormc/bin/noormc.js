#!/usr/bin/env node
// The `noormc` command of the npm package: finds the native compiler in the
// platform package that npm installed through optionalDependencies (only the
// one whose "os", "cpu" and "libc" match this machine) and runs it with the
// same arguments, stdio, exit code and signals.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const SOURCE_BUILD =
  'Build it from source instead (CMake, a C++20 compiler, ANTLR 4, SQLite; see\n' +
  '  docs/getting-started/installation.md#building-from-source in the noormc repository),\n' +
  'then point this command at it: NOORMC_BINARY=/path/to/noormc npx noormc --version';

/** The platform packages published with this version, by `process.platform-process.arch-libc`. */
const PLATFORMS = { 'linux-x64-gnu': '@noormc/linux-x64-gnu' };

/** glibc's version as "major.minor", or null on musl and on systems without glibc. */
function glibcVersion() {
  if (process.platform !== 'linux') return null;
  if ('excludeNetwork' in process.report) process.report.excludeNetwork = true;
  const header = process.report && process.report.getReport().header;
  return (header && header.glibcVersionRuntime) || null;
}

function platformKey() {
  const libc = process.platform === 'linux' ? (glibcVersion() ? '-gnu' : '-musl') : '';
  return `${process.platform}-${process.arch}${libc}`;
}

function fail(message) {
  process.stderr.write(`noormc: ${message}\n`);
  process.exit(3);
}

function olderThan(have, need) {
  const [a, b] = have.split('.').map(Number);
  const [c, d] = need.split('.').map(Number);
  return a < c || (a === c && b < d);
}

/** The native binary's path, or a message that says why there is none and what to do. */
function resolveBinary() {
  if (process.env.NOORMC_BINARY) return process.env.NOORMC_BINARY;
  const key = platformKey();
  const pkg = PLATFORMS[key];
  if (!pkg) {
    fail(
      `no prebuilt binary for this platform (${key}); the npm packages cover ` +
        `${Object.keys(PLATFORMS).join(', ')}.\n${SOURCE_BUILD}`,
    );
  }
  let manifest;
  try {
    manifest = require.resolve(`${pkg}/package.json`);
  } catch {
    fail(
      `the package ${pkg}, which holds the compiler for ${key}, is not installed.\n` +
        'npm leaves optional dependencies out under --omit=optional (or --no-optional), and a\n' +
        'package-lock.json written on another platform can lack it. Reinstall with\n' +
        `  npm i -D noormc ${pkg}\n` +
        `(or remove node_modules and package-lock.json, then npm install).\n${SOURCE_BUILD}`,
    );
  }
  const meta = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  const need = meta.noormc && meta.noormc.glibc;
  const have = glibcVersion();
  if (need && have && olderThan(have, need)) {
    fail(`the prebuilt binary needs glibc ${need} or newer (Debian 12, Ubuntu 24.04); this system has ${have}.\n${SOURCE_BUILD}`);
  }
  return path.join(path.dirname(manifest), 'bin', 'noormc');
}

function run() {
  const binary = resolveBinary();
  const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  child.on('error', (err) => fail(`cannot run ${binary}: ${err.message}\n${SOURCE_BUILD}`));
  child.on('exit', (code, signal) => {
    for (const s of signals) process.removeListener(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code === null ? 3 : code);
  });
}

run();
