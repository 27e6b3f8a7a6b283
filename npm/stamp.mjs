// Stamps one package.json for publication (scripts/pack.sh): the version of
// CMakeLists.txt's project(), the same version on every @noormc/* optional
// dependency, and the fields given as JSON.
//   node npm/stamp.mjs PACKAGE_DIR VERSION ['{"noormc":{"glibc":"2.36"}}'] [--drop scripts,devDependencies]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, version, ...rest] = process.argv.slice(2);
if (!dir || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version ?? '')) {
  console.error('usage: node npm/stamp.mjs PACKAGE_DIR VERSION [JSON] [--drop FIELD,...]');
  process.exit(2);
}
const file = join(dir, 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
pkg.version = version;
for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
  if (name.startsWith('@noormc/')) pkg.optionalDependencies[name] = version;
}
const drop = rest.indexOf('--drop');
if (drop >= 0) {
  for (const field of rest.splice(drop, 2)[1].split(',')) delete pkg[field];
}
if (rest[0]) Object.assign(pkg, JSON.parse(rest[0]));
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
