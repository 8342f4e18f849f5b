import { CommandOperation } from './command-operation.js'
import { toWire, type DomainOptions } from './wire-options.js'

/** `$create domain`: Q `{Name, Options?: {Groups, AutoSplit?, AutoRebalance?}}`. */
export class CreateDomainOperation extends CommandOperation {
  constructor(name: string, options: DomainOptions = {}) {
    const wire = toWire(options, [['groups', 'Groups'], ['autoSplit', 'AutoSplit'], ['autoRebalance', 'AutoRebalance']])
    super('create domain', { condition: Object.keys(wire).length === 0 ? { Name: name } : { Name: name, Options: wire } })
  }
}

/** `$drop domain`: Q `{Name}`. */
export class DropDomainOperation extends CommandOperation {
  constructor(name: string) {
    super('drop domain', { condition: { Name: name } })
  }
}

/** `$alter domain` form 1: Q `{Name, Options}`. */
export class AlterDomainOperation extends CommandOperation {
  constructor(name: string, options: DomainOptions) {
    const wire = toWire(options, [['groups', 'Groups'], ['autoSplit', 'AutoSplit'], ['autoRebalance', 'AutoRebalance']])
    super('alter domain', { condition: { Name: name, Options: wire }, skip: 0 })
  }
}
