// Writes blog/migrations.ts with the compiler: examples/blog/migrations plus
// the reference-only migrations in ./migrations, copied into one folder and
// built with `noormc build`; its migrations.ts (each file's statements split
// by noormc's parser, with their lines) is copied here.
// Run: node test/reference/gen-migrations.mjs [path/to/noormc] (from runtime-ts/; default ../build/noormc).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const noormc = resolve(process.argv[2] ?? join(here, '../../../build/noormc'));
const work = mkdtempSync(join(tmpdir(), 'noormme-ref-'));
try {
  mkdirSync(join(work, 'migrations'));
  for (const dir of [join(here, '../../../examples/blog/migrations'), join(here, 'migrations')]) {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.sql'))) copyFileSync(join(dir, f), join(work, 'migrations', f));
  }
  execFileSync(noormc, ['build', '--quiet', '--migrations', 'migrations', '--out', 'out'], { cwd: work, stdio: 'inherit' });
  copyFileSync(join(work, 'out/migrations.ts'), join(here, 'blog/migrations.ts'));
  console.log('wrote blog/migrations.ts');
} finally {
  rmSync(work, { recursive: true, force: true });
}
