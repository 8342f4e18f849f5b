import type { Cursor } from '../cursor/cursor.js'
import { AlterDomainOperation } from '../operations/domain-operations.js'
import type { OperationOptions } from '../operations/executor.js'
import { ListOperation } from '../operations/monitoring-operations.js'
import type { DomainOptions } from '../operations/wire-options.js'
import type { ClientContext } from './client-context.js'

/** A domain: the groups a collection space may use. */
export class Domain {
  readonly name: string
  readonly #context: ClientContext

  /** @internal Domains come from `Client` calls. */
  constructor(context: ClientContext, name: string) {
    this.#context = context
    this.name = name
  }

  /** Changes the domain's groups or options (`$alter domain`). */
  async alter(options: DomainOptions, callOptions?: OperationOptions): Promise<void> {
    return await this.#context.executor.execute(new AlterDomainOperation(this.name, options), callOptions)
  }

  /** Records `{Name}` of the collection spaces in this domain. */
  listCollectionSpaces(options?: OperationOptions): Cursor {
    const op = new ListOperation('collectionSpacesInDomain', { condition: { Domain: this.name }, selector: { Name: null } })
    return this.#context.executor.cursor(op, (d) => d, options)
  }

  /** Records `{Name}` of the collections in this domain. */
  listCollections(options?: OperationOptions): Cursor {
    const op = new ListOperation('collectionsInDomain', { condition: { Domain: this.name }, selector: { Name: null } })
    return this.#context.executor.cursor(op, (d) => d, options)
  }
}
