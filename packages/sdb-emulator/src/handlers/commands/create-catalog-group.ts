import { SdbFault } from '../../engine/fault.js'
import { requireString } from '../args.js'
import type { CommandHandler } from '../types.js'

/**
 * `$create catalog group` `{HostName, svcname, dbpath, ...config}`: the emulated cluster always
 * has its catalog group. A real coord first checks the node fields (-6 when HostName, svcname or
 * dbpath is not a string), then refuses a second catalog with -200 SDB_COORD_RECREATE_CATALOG
 * (coordCMDCreateCataGroup), not -153.
 */
export const createCatalogGroup: CommandHandler = (_env, args) => {
  for (const field of ['HostName', 'svcname', 'dbpath']) requireString(args.condition, field)
  throw new SdbFault(-200, 'Unable to create new catalog when there is already one')
}
