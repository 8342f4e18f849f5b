import { listResult } from '../list-result.js'
import type { CommandHandler } from '../types.js'

/**
 * Lists of objects the emulator never has (tasks, procedures, backups, sequences, data sources,
 * recycle bin, transactions of other nodes...): an empty result, as a fresh real cluster gives.
 */
export const listEmpty: CommandHandler = (_env, args) => listResult([], args)
