import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/** One configured SequoiaDB cluster: a name and one or more coord addresses. */
export interface ClusterConfig {
  readonly id: string
  readonly name: string
  /** Coord addresses, `host:port`. */
  readonly hosts: readonly string[]
  readonly user?: string
  readonly password?: string
}

/** The server's configuration, validated. */
export interface AppConfig {
  readonly port: number
  readonly host: string
  /** Absolute path of the data directory (console database, embedded emulator data). */
  readonly dataDir: string
  readonly adminPassword: string | undefined
  /** Configured clusters; empty means "start the embedded emulator". */
  readonly clusters: readonly ClusterConfig[]
  /** Port of the embedded emulator's coord (0 = any free port). */
  readonly emulatorPort: number
  /** Sessions end after this many milliseconds without a request. */
  readonly sessionIdleMs: number
  /** Failed logins allowed per client and user name in 15 minutes. */
  readonly loginRateLimit: number
  /** Send the session cookie only over HTTPS (set when a TLS proxy fronts the console). */
  readonly secureCookie: boolean
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Where the built web app lives (apps/web/dist unless CANOPY_WEB_DIR says otherwise). */
  readonly webDir: string
  /** Demo data set the embedded emulator loads on its first start. */
  readonly demo: 'full' | 'small' | 'none'
}

/** The configuration was invalid; `problems` lists every mistake, one readable line each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
}

const port = (name: string, fallback: number, allowZero: boolean) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a port number`)
    .transform(Number)
    .refine((n) => n <= 65535 && (allowZero || n > 0), `${name} must be between ${allowZero ? 0 : 1} and 65535`)
    .optional()
    .transform((n) => n ?? fallback)

const hostAddress = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'must look like host:port')
  .refine((h) => Number(h.slice(h.lastIndexOf(':') + 1)) <= 65535 && Number(h.slice(h.lastIndexOf(':') + 1)) > 0, 'port must be 1..65535')

const EnvSchema = z.object({
  CANOPY_PORT: port('CANOPY_PORT', 8080, true),
  CANOPY_HOST: z.string().trim().min(1).optional().default('127.0.0.1'),
  CANOPY_DATA_DIR: z.string().trim().min(1).optional().default('./.canopy-data'),
  CANOPY_ADMIN_PASSWORD: z.string().min(12, 'CANOPY_ADMIN_PASSWORD must have at least 12 characters').max(256).optional(),
  SDB_HOSTS: z.string().trim().min(1).optional(),
  SDB_USER: z.string().optional(),
  SDB_PASSWORD: z.string().optional(),
  CANOPY_CLUSTERS_FILE: z.string().trim().min(1).optional(),
  CANOPY_EMULATOR_PORT: port('CANOPY_EMULATOR_PORT', 11810, true),
  CANOPY_SESSION_IDLE_MINUTES: z
    .string()
    .regex(/^\d+$/, 'CANOPY_SESSION_IDLE_MINUTES must be a whole number of minutes')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 7 * 24 * 60, 'CANOPY_SESSION_IDLE_MINUTES must be 1..10080')
    .optional()
    .transform((n) => n ?? 30),
  CANOPY_LOGIN_RATE_LIMIT: z
    .string()
    .regex(/^\d+$/, 'CANOPY_LOGIN_RATE_LIMIT must be a whole number')
    .transform(Number)
    .refine((n) => n >= 1, 'CANOPY_LOGIN_RATE_LIMIT must be at least 1')
    .optional()
    .transform((n) => n ?? 10),
  CANOPY_SECURE_COOKIE: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
  CANOPY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
  CANOPY_WEB_DIR: z.string().trim().min(1).optional(),
  CANOPY_DEMO: z.enum(['full', 'small', 'none'], 'CANOPY_DEMO must be full, small or none').optional(),
  CANOPY_DEMO_SIZE: z.enum(['full', 'small', 'none'], 'CANOPY_DEMO_SIZE must be full, small or none').optional(),
})

const ClusterFileEntry = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id: use 1..64 letters, digits, "_" or "-"'),
    name: z.string().min(1).max(200).optional(),
    hosts: z.array(hostAddress).min(1, 'hosts: give at least one coord address'),
    user: z.string().optional(),
    password: z.string().optional(),
  })
  .strict()

const ClustersFile = z.union([z.array(ClusterFileEntry), z.object({ clusters: z.array(ClusterFileEntry) }).strict().transform((f) => f.clusters)])

const formatIssues = (error: z.ZodError, prefix = ''): string[] =>
  error.issues.map((i) => {
    const where = i.path.map(String).join('.')
    return `${prefix}${where ? `${where}: ` : ''}${i.message}`
  })

/** Where the built web app lives: apps/web/dist next to this package. */
function defaultWebDir(): string {
  return fileURLToPath(new URL('../../web/dist', import.meta.url))
}

/**
 * Reads the configuration from environment variables (and the clusters file they name).
 * Throws {@link ConfigError} listing every problem at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): AppConfig {
  // `npm start` at the repository root runs this package's script in apps/server; npm keeps the
  // directory the user typed the command in as INIT_CWD, and relative paths mean that one.
  const base = env['INIT_CWD'] ?? process.cwd()
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error))
  const e = parsed.data
  const problems: string[] = []
  const clusters: ClusterConfig[] = []

  if (e.SDB_HOSTS !== undefined) {
    const hosts = e.SDB_HOSTS.split(',').map((h) => h.trim()).filter((h) => h.length > 0)
    for (const h of hosts) {
      const r = hostAddress.safeParse(h)
      if (!r.success) problems.push(`SDB_HOSTS: "${h}" ${r.error.issues[0]?.message ?? 'is invalid'}`)
    }
    if (hosts.length === 0) problems.push('SDB_HOSTS: give at least one host:port')
    clusters.push({
      id: 'default',
      name: 'Default',
      hosts,
      ...(e.SDB_USER !== undefined ? { user: e.SDB_USER } : {}),
      ...(e.SDB_PASSWORD !== undefined ? { password: e.SDB_PASSWORD } : {}),
    })
  } else if (e.SDB_USER !== undefined || e.SDB_PASSWORD !== undefined) {
    problems.push('SDB_USER/SDB_PASSWORD are set but SDB_HOSTS is not')
  }

  if (e.CANOPY_CLUSTERS_FILE !== undefined) {
    let text: string | undefined
    try {
      text = readFile(resolve(base, e.CANOPY_CLUSTERS_FILE))
    } catch (err) {
      problems.push(`CANOPY_CLUSTERS_FILE: cannot read ${e.CANOPY_CLUSTERS_FILE} (${err instanceof Error ? err.message : String(err)})`)
    }
    if (text !== undefined) {
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        problems.push(`CANOPY_CLUSTERS_FILE: ${e.CANOPY_CLUSTERS_FILE} is not valid JSON`)
      }
      if (json !== undefined) {
        const file = ClustersFile.safeParse(json)
        if (!file.success) problems.push(...formatIssues(file.error, 'CANOPY_CLUSTERS_FILE: '))
        else {
          for (const c of file.data) {
            clusters.push({ ...c, name: c.name ?? c.id })
          }
          if (file.data.length === 0) problems.push('CANOPY_CLUSTERS_FILE: list at least one cluster')
        }
      }
    }
  }

  const ids = new Set<string>()
  for (const c of clusters) {
    if (c.id === 'embedded') problems.push('cluster id "embedded" is reserved for the built-in emulator')
    if (ids.has(c.id)) problems.push(`cluster id "${c.id}" is used twice`)
    ids.add(c.id)
  }

  if (e.CANOPY_DEMO !== undefined && e.CANOPY_DEMO_SIZE !== undefined && e.CANOPY_DEMO !== e.CANOPY_DEMO_SIZE) {
    problems.push(`CANOPY_DEMO=${e.CANOPY_DEMO} and CANOPY_DEMO_SIZE=${e.CANOPY_DEMO_SIZE} disagree; set one`)
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return {
    port: e.CANOPY_PORT,
    host: e.CANOPY_HOST,
    dataDir: resolve(base, e.CANOPY_DATA_DIR),
    adminPassword: e.CANOPY_ADMIN_PASSWORD,
    clusters,
    emulatorPort: e.CANOPY_EMULATOR_PORT,
    sessionIdleMs: e.CANOPY_SESSION_IDLE_MINUTES * 60_000,
    loginRateLimit: e.CANOPY_LOGIN_RATE_LIMIT,
    secureCookie: e.CANOPY_SECURE_COOKIE,
    logLevel: e.CANOPY_LOG_LEVEL,
    webDir: e.CANOPY_WEB_DIR !== undefined ? resolve(base, e.CANOPY_WEB_DIR) : defaultWebDir(),
    // CANOPY_DEMO_SIZE is the name the e2e suite uses; CANOPY_DEMO the short one.
    demo: e.CANOPY_DEMO ?? e.CANOPY_DEMO_SIZE ?? 'full',
  }
}
