import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const e2eDir = join(dirname(fileURLToPath(import.meta.url)), '..')

function run(cmd: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`${cmd} failed: ${err.message}\n${stderr}`))
      else resolve(stdout)
    })
  })
}

/**
 * Runs the TypeScript the query builder generated, unchanged apart from the host it connects to,
 * in a child process (never in the test process). A preamble captures what the code prints per
 * record, so the records come back as the value of `field` in each.
 */
export async function runGeneratedTypeScript(code: string, host: string, field: string): Promise<string[]> {
  if (!code.includes("'localhost:11810'")) throw new Error('the generated code does not name localhost:11810')
  const body = code.replace("'localhost:11810'", JSON.stringify(host))
  const preamble = [
    'const __seen: string[] = []',
    `console.log = (rec: unknown) => { __seen.push(String((rec as Record<string, unknown>)[${JSON.stringify(field)}])) }`,
    "process.on('exit', () => { process.stdout.write(JSON.stringify(__seen)) })",
    '',
  ].join('\n')
  // Inside e2e/ so the workspace packages resolve exactly as the console's own code does.
  const file = join(e2eDir, `.generated-${String(process.pid)}-${String(Date.now())}.ts`)
  writeFileSync(file, `${preamble}${body}\n`)
  try {
    const out = await run(process.execPath, ['--conditions=@canopy/source', '--import', 'tsx', file], { cwd: e2eDir, timeoutMs: 60_000 })
    return JSON.parse(out) as string[]
  } finally {
    rmSync(file, { force: true })
  }
}

const pythonStubs: Record<string, string> = {
  // Records what the generated code asks for instead of talking to a server.
  'pysequoiadb/__init__.py': [
    'import json',
    'from pysequoiadb.error import SDBEndOfCursor',
    'from bson import to_json',
    'class _Cursor:',
    '    def next(self):',
    '        raise SDBEndOfCursor()',
    'class _Collection:',
    '    def __init__(self, name):',
    '        self.name = name',
    '    def query(self, **kw):',
    "        print(json.dumps({'collection': self.name, 'args': {k: to_json(v) for k, v in kw.items()}}))",
    '        return _Cursor()',
    'class client:',
    '    def __init__(self, host, port, user, password):',
    '        pass',
    '    def get_collection(self, name):',
    '        return _Collection(name)',
    '    def disconnect(self):',
    '        pass',
  ].join('\n'),
  'pysequoiadb/error.py': 'class SDBEndOfCursor(Exception):\n    pass\n',
  'bson/__init__.py': [
    'from collections import OrderedDict',
    'class SON(OrderedDict):',
    '    pass',
    'def to_json(v):',
    '    from bson.int64 import Int64',
    '    from bson.decimal import Decimal',
    '    if isinstance(v, dict):',
    '        return {k: to_json(x) for k, x in v.items()}',
    '    if isinstance(v, list):',
    '        return [to_json(x) for x in v]',
    '    if isinstance(v, Int64):',
    "        return {'$numberLong': str(int(v))}",
    '    if isinstance(v, Decimal):',
    "        return {'$decimal': v.text}",
    '    return v',
  ].join('\n'),
  'bson/int64.py': 'class Int64(int):\n    pass\n',
  'bson/decimal.py': 'class Decimal:\n    def __init__(self, text, *precision):\n        self.text = text\n',
}

/**
 * Runs the Python the query builder generated against a recording stand-in for pysequoiadb (in a
 * child python3) and returns the keyword arguments it passed to `query`, as JSON.
 */
export async function runGeneratedPython(code: string): Promise<{ collection: string; args: Record<string, unknown> }> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-e2e-py-'))
  try {
    for (const [path, text] of Object.entries(pythonStubs)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), `${text}\n`)
    }
    writeFileSync(join(dir, 'generated.py'), code)
    const out = await run('python3', ['generated.py'], { cwd: dir, env: { ...process.env, PYTHONPATH: dir, PYTHONDONTWRITEBYTECODE: '1' }, timeoutMs: 30_000 })
    const line = out.split('\n').find((l) => l.startsWith('{'))
    if (line === undefined) throw new Error(`the generated Python printed no query: ${out}`)
    return JSON.parse(line) as { collection: string; args: Record<string, unknown> }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The first argument of `.find(...)` in generated sdb shell JavaScript, read as JSON (the shell
 * code writes every key quoted), by scanning brackets; nothing is evaluated.
 */
export function shellFindCondition(code: string): unknown {
  const start = code.indexOf('.find(')
  if (start < 0) throw new Error(`no .find( in ${code}`)
  let i = start + '.find('.length
  const from = i
  let depth = 0
  let inString = false
  for (; i < code.length; i += 1) {
    const c = code[i]
    if (inString) {
      if (c === '\\') i += 1
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') inString = true
    else if (c === '{' || c === '[') depth += 1
    else if (c === '}' || c === ']') depth -= 1
    else if ((c === ',' || c === ')') && depth === 0) break
  }
  return JSON.parse(code.slice(from, i)) as unknown
}
