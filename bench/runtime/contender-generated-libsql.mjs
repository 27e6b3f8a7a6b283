// Contender: the same generated repositories as contender-generated.mjs, on
// the libsql driver (createDb's driver option, set here as the default so that
// the generated code is called exactly as in that file). argv: <db file>
import { join } from 'node:path';
import { RUNTIME } from './common.mjs';

const { setDefaultDriver } = await import(join(RUNTIME, 'dist/esm/index.js'));
setDefaultDriver('libsql');
await import('./contender-generated.mjs');
