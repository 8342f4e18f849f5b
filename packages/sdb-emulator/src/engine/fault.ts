/**
 * A failure that the emulator reports to the client as a SequoiaDB error reply.
 *
 * Every layer of the emulator (engine, storage, cluster, handlers) throws this with the real
 * server's error code; the session turns it into `{errno, description, detail}` using the
 * driver's error table, so descriptions are spelled once, exactly as the real server spells them.
 */
export class SdbFault extends Error {
  /** Extra fields placed before `errno` in the error object (e.g. InsertedNum, IndexName, ErrNodes). */
  readonly extra: Record<string, unknown>

  constructor(
    /** Negative SequoiaDB error code, e.g. -6 for SDB_INVALIDARG. */
    readonly code: number,
    /** Free-form detail text, as the real server's `detail` field; '' when none. */
    readonly detail = '',
    extra: Record<string, unknown> = {},
  ) {
    super(detail === '' ? `SequoiaDB error ${code}` : `SequoiaDB error ${code}: ${detail}`)
    this.name = 'SdbFault'
    this.extra = extra
  }
}
