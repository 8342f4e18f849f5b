import { SdbFault } from '../../engine/fault.js'
import type { CommandHandler } from '../types.js'

/**
 * `$create catalog group`: the emulated cluster always has its catalog group, so this is the
 * answer a real cluster gives to a second one (-153, group exists).
 */
export const createCatalogGroup: CommandHandler = () => {
  throw new SdbFault(-153, 'Group SYSCatalogGroup already exists')
}
