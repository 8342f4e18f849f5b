import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { renderWithProviders } from '../../../testing/render-app.js'
import { ExportControl, ImportDialog } from './transfer-controls.js'

describe('ImportDialog', () => {
  it('previews types, streams progress and lists per-row errors', async () => {
    const user = userEvent.setup()
    const stream = ['{"type":"progress","rows":1,"inserted":1,"failed":0}', '{"type":"error","row":2,"code":"SDB_IXM_DUP_KEY","message":"Duplicate key"}', '{"type":"done","rows":2,"inserted":1,"failed":1}'].join('\n')
    const { api } = renderWithProviders(<ImportDialog cluster="embedded" cs="foo" cl="bar" open onOpenChange={() => undefined} />, {
      routes: { 'POST /api/clusters/:cluster/collection-spaces/:cs/collections/:cl/documents/import': () => new Response(stream, { headers: { 'content-type': 'application/x-ndjson' } }) },
    })
    const file = new File(['{"a":1}\n{"a":{"$numberLong":"2"}}\n'], 'rows.ndjson')
    await user.upload(screen.getByLabelText('File to import'), file)
    expect(await screen.findByTestId('import-preview')).toHaveTextContent('a: Int32 | Int64')
    await user.click(screen.getByRole('button', { name: 'Import' }))
    expect(await screen.findByText('Imported 1 rows · 1 rows failed')).toBeInTheDocument()
    expect(screen.getByText('#2: SDB_IXM_DUP_KEY Duplicate key')).toBeInTheDocument()
    expect(await screen.findByTestId('notice-info')).toHaveTextContent('rows.ndjson: 1 rows imported, 1 failed')
    const call = api.calls.find((c) => c.path.endsWith('/import'))!
    expect(call.search.get('format')).toBe('ndjson')
    expect(within(screen.getByRole('dialog')).getByRole('progressbar')).toHaveAttribute('value', '100')
  })
})

describe('ExportControl', () => {
  it('says the export was interrupted when the stream breaks midway, instead of "Failed to fetch"', async () => {
    const user = userEvent.setup()
    const broken = () => new Response(new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"a":1}\n'))
        c.error(new TypeError('Failed to fetch'))
      },
    }), { headers: { 'content-type': 'application/x-ndjson' } })
    renderWithProviders(<ExportControl cluster="embedded" cs="foo" cl="bar" query={{}} />, {
      routes: { 'POST /api/clusters/:cluster/collection-spaces/:cs/collections/:cl/documents/export': broken },
    })
    await user.click(screen.getByRole('button', { name: 'Export' }))
    const notice = await screen.findByTestId('notice-error')
    expect(notice).toHaveTextContent('Export')
    expect(notice).toHaveTextContent(/interrupted/i)
    expect(notice).toHaveTextContent('connection to the cluster was lost')
    expect(notice).not.toHaveTextContent('Failed to fetch')
    expect(screen.getByRole('button', { name: 'Export' })).toBeEnabled()
  })
})
