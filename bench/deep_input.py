# Times `noormc check` on the deep and wide inputs of issue 11 item 8: each
# must be refused (E0108/E0109) or accepted in time linear in its length.
#   usage: bench/deep_input.py NOORMC_BINARY
import os, resource, subprocess, sys, tempfile, time

NOORMC = sys.argv[1]
CASES = {
    'DEFAULT (- - - ... 1) x100,000': '- ' * 100000 + '1',
    'NOT x100,000': 'NOT ' * 100000 + '1',
    'CASE x30,000': 'CASE WHEN 1 THEN ' * 30000 + '1' + ' END' * 30000,
    '( x100,000': '(' * 100000 + '1' + ')' * 100000,
    '1 + 1 + ... x100,000': '1' + ' + 1' * 100000,
    '-( x50,000': '-(' * 50000 + '1' + ')' * 50000,
}
with tempfile.TemporaryDirectory() as d:
    os.makedirs(os.path.join(d, 'migrations'))
    path = os.path.join(d, 'migrations', '0001_a.up.sql')
    rows = list(CASES.items())
    rows.append(('50,000-character unknown table name', None))
    rows.append(('2,001 columns', None))
    for name, expr in rows:
        if expr is not None:
            sql = f'CREATE TABLE t (a INTEGER DEFAULT ({expr}));\n'
        elif name.startswith('50,000'):
            sql = 'CREATE TABLE users (id INTEGER PRIMARY KEY);\nCREATE INDEX i ON ' + 'u' * 50000 + ' (id);\n'
        else:
            sql = 'CREATE TABLE w (' + ', '.join(f'c{i}' for i in range(2001)) + ');\n'
        with open(path, 'w') as f:
            f.write(sql)
        start = time.time()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run([NOORMC, 'check', '--migrations', 'migrations', '--quiet'], cwd=d, capture_output=True)
        code = next((w for w in p.stderr.decode('utf-8', 'replace').split('[') if w[:5].startswith(('E0', 'W0'))), '-')
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(f'{name:40s} {len(sql):>8d} bytes  exit {p.returncode}  {code[:5]:5s}  '
              f'{cpu:6.2f} s CPU  {time.time() - start:6.2f} s wall')
