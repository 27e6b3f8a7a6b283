# Mutation fuzzer of migration folders: takes every migrations folder under
# fixtures/, mutates a copy (bytes, tokens, nesting, names, invalid UTF-8,
# file names, pairing, noormc.sum) and runs `noormc check` and `noormc build`
# on it, in text and JSON. Every run must end with exit 0 or 1 (never a crash,
# an "internal error", a sanitizer report or a hang), print well-formed JSON
# diagnostics, and locate every diagnostic about a file (file:line).
#
#   usage: mutation_fuzz.py NOORMC_BINARY [--seed N] [--seconds S] [--mutants M] [--keep DIR]
#
# The seed is printed first; rerun with the same --seed and --mutants to get
# the same mutants. Exit 1 with the failing mutants kept under --keep (default
# a temporary folder that is printed).
import argparse, json, os, random, shutil, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))

# Diagnostics about a file that has no lines to point at: the folder itself,
# a file that cannot be read or written, a noormc.sum that does not exist yet.
UNLOCATABLE = {'E0001', 'E0006', 'E0007', 'E0008', 'E0701', 'W0301', ''}

HOSTILE_TEXT = [
    b'\xf4\x90\x80\x80', b'\xe0\x80\x80', b'\xed\xa0\x80', b'\xc0\xaf', b'\xff', b'\x80', b'\xf8\x88\x80\x80\x80',
    b'\x00', b'\r', b'\r\n', '\u2028'.encode(), '\u2029'.encode(), '\ufeff'.encode(), 'é'.encode(), '𝔘'.encode(),
    b'*/', b'/*', b'--', b"'", b'"', b'`', b'[', b']', b'(', b')', b';', b',', b'\\', b'${x}', b'</script>',
    b' NOT ', b' CASE WHEN 1 THEN ', b' END ', b' - ', b' || ', b' AND ', b' COLLATE ', b' DEFAULT ',
]
NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'transaction', 'where', 'include',
         'x*/ process.exit(9); /*', '"q""q"', '[b]', '`t`', 'a' * 300, '1a', 'user', 'users', 'É', 'a\u2028b']


def deep(kind, n):
    if kind == 'neg': return '- ' * n + '1'
    if kind == 'not': return 'NOT ' * n + '1'
    if kind == 'paren': return '(' * n + '1' + ')' * n
    if kind == 'case': return 'CASE WHEN 1 THEN ' * n + '1' + ' END' * n
    if kind == 'plus': return '1' + ' + 1' * n
    if kind == 'func': return 'abs(' * n + '1' + ')' * n
    return 'CAST(' * n + '1' + ' AS INT)' * n


def statement_mutation(rng):
    r = rng.random()
    n = rng.choice([1, 10, 19, 20, 23, 31, 45, 92, 93, 99, 100, 101, 999, 1000, 1001, 5000, 30000])
    kind = rng.choice(['neg', 'not', 'paren', 'case', 'plus', 'func', 'cast'])
    if r < 0.3:
        return f'\nCREATE TABLE fz{rng.randint(0, 9)} (id INTEGER PRIMARY KEY, v INTEGER DEFAULT ({deep(kind, n)}));\n'.encode()
    if r < 0.45:
        cols = ', '.join(f'c{i}' for i in range(rng.choice([1999, 2000, 2001, 2500])))
        return f'\nCREATE TABLE wide{rng.randint(0, 9)} (id INTEGER PRIMARY KEY, {cols});\n'.encode()
    if r < 0.75:
        name = rng.choice(NAMES).replace('"', '""')
        col = rng.choice(NAMES).replace('"', '""')
        return f'\nCREATE TABLE "{name}" (id INTEGER PRIMARY KEY, "{col}" TEXT CHECK ("{col}" IN (\'a*/\', \'b\')));\n'.encode()
    if r < 0.9:
        return f'\nCREATE VIEW fzv{rng.randint(0, 9)} AS SELECT {deep(kind, min(n, 2000))} AS x;\n'.encode()
    return f'\nALTER TABLE fz{rng.randint(0, 9)} ADD COLUMN z INTEGER DEFAULT ({deep(kind, min(n, 2000))});\n'.encode()


def mutate_bytes(rng, data):
    r = rng.random()
    pos = rng.randint(0, len(data))
    if r < 0.25:
        return data[:pos] + rng.choice(HOSTILE_TEXT) + data[pos:]
    if r < 0.4 and data:
        end = min(len(data), pos + rng.randint(1, 40))
        return data[:pos] + data[end:]
    if r < 0.5 and data:
        end = min(len(data), pos + rng.randint(1, 80))
        return data[:end] + data[pos:end] + data[end:]
    if r < 0.6:
        return data[:pos]
    if r < 0.7 and data:
        i = rng.randrange(len(data))
        return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]
    if r < 0.8:
        name = rng.choice(NAMES).encode()
        return data[:pos] + name + data[pos:]
    return data[:pos] + statement_mutation(rng) + data[pos:]


def mutate_files(rng, folder):
    files = sorted(f for f in os.listdir(folder) if f.endswith('.sql'))
    r = rng.random()
    if not files:
        return
    f = rng.choice(files)
    p = os.path.join(folder, f)
    if r < 0.1:
        names = [b'bad name.sql', b'01_x.up.sql', b'x.sql', b'0001_A.up.sql', b'0001_x.up.up.sql',
                 '0001_\xe9.sql'.encode(), b'0001_\xff\xfe.sql', b'0002_\xed\xa0\x80.up.sql', b'.sql', b'0001_.sql']
        os.rename(os.fsencode(p), os.path.join(os.fsencode(folder), rng.choice(names)))
    elif r < 0.2 and f.endswith('.up.sql'):
        os.remove(p)
    elif r < 0.3:
        stem = f.split('_', 1)[1] if '_' in f else f
        shutil.copy(p, os.path.join(folder, '0' + f.split('_', 1)[0] + '_' + stem))
    elif r < 0.4:
        shutil.copy(p, os.path.join(folder, f.replace('.up.sql', '.sql')))
    elif r < 0.5:
        sum_path = os.path.join(folder, 'noormc.sum')
        if os.path.exists(sum_path):
            with open(sum_path, 'rb') as fh:
                data = fh.read()
            with open(sum_path, 'wb') as fh:
                fh.write(mutate_bytes(rng, data))
    else:
        with open(p, 'rb') as fh:
            data = fh.read()
        for _ in range(rng.randint(1, 3)):
            data = mutate_bytes(rng, data)
        with open(p, 'wb') as fh:
            fh.write(data)


def corpus():
    out = []
    for dirpath, _, files in os.walk(os.path.join(ROOT, 'fixtures')):
        if any(f.endswith('.sql') for f in files):
            out.append(dirpath)
    return sorted(out)


def problems(folder, proc, fmt):
    found = []
    err = proc.stderr.decode('utf-8', 'replace')
    if proc.returncode not in (0, 1):
        found.append(f'exit {proc.returncode}')
    for marker in ('internal error', 'AddressSanitizer', 'runtime error:', 'LeakSanitizer', 'terminate called'):
        if marker in err:
            found.append(marker)
    if fmt != 'json':
        return found
    for line in proc.stderr.splitlines():
        if not line.startswith(b'{'):
            continue
        try:
            d = json.loads(line.decode('utf-8'))
        except (UnicodeDecodeError, ValueError) as e:
            found.append(f'JSON diagnostic not well formed: {e}')
            continue
        path = os.path.join(os.path.dirname(folder), d['file']) if d['file'] else ''
        if d['file'] and d['line'] == 0 and d['code'] not in UNLOCATABLE and os.path.isfile(path):
            found.append(f"unlocated {d['code']}: {d['file']}: {d['message'][:120]}")
    return found


def run_one(noormc, folder, out, fmt, command):
    args = [noormc, command, '--migrations', os.path.basename(folder), '--format', fmt, '--quiet']
    if command == 'build':
        args += ['--out', out]
    try:
        return subprocess.run(args, cwd=os.path.dirname(folder), capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 124, b'', b'internal error: timed out after 60 s')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('noormc')
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('--seconds', type=float, default=60)
    ap.add_argument('--mutants', type=int, default=10**9)
    ap.add_argument('--keep', default=None)
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else random.SystemRandom().randrange(2**32)
    print(f'mutation_fuzz: seed {seed}', flush=True)
    rng = random.Random(seed)
    sources = corpus()
    work = tempfile.mkdtemp(prefix='noormc-mutants-')
    keep = a.keep or os.path.join(tempfile.gettempdir(), f'noormc-mutation-failures-{seed}')
    start = time.time()
    count = failures = diagnostics = 0
    while count < a.mutants and time.time() - start < a.seconds:
        src = rng.choice(sources)
        folder = os.path.join(work, 'migrations')
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(src, folder)
        for _ in range(rng.randint(1, 4)):
            try:
                mutate_files(rng, folder)
            except OSError:
                pass  # a mutation that names an existing file: keep the folder as it is
        command = rng.choice(['check', 'build'])
        fmt = rng.choice(['text', 'json'])
        proc = run_one(os.path.abspath(a.noormc), folder, os.path.join(work, 'out'), fmt, command)
        diagnostics += proc.stderr.count(b'\n')
        found = problems(folder, proc, fmt)
        if found:
            failures += 1
            dest = os.path.join(keep, f'mutant-{count}')
            shutil.copytree(folder, os.path.join(dest, 'migrations'), dirs_exist_ok=True)
            print(f'mutant {count} (from {os.path.relpath(src, ROOT)}, {command} --format {fmt}): '
                  + '; '.join(sorted(set(found))) + f'\n  kept in {dest}', flush=True)
        count += 1
        if count % 500 == 0:
            print(f'mutation_fuzz: {count} mutants, {failures} failing, {(time.time() - start) / 60:.1f} min', flush=True)
    shutil.rmtree(work, ignore_errors=True)
    minutes = (time.time() - start) / 60
    print(f'mutation_fuzz: seed {seed}: {count} mutants in {minutes:.1f} min, {diagnostics} lines of diagnostics, '
          f'{failures} failing', flush=True)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
