import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { keys, queueSelectionChange } from '../../../components/json-editor/json-editor-testing.js'
import type { ApiCall } from '../../../testing/mock-api.js'
import { renderWithProviders } from '../../../testing/render-app.js'
import { DocumentsPanel } from './documents-panel.js'

const page = '{"documents":[{"_id":{"$numberInt":"1"},"name":"Tom","age":{"$numberLong":"24"}},{"_id":{"$numberInt":"2"},"name":"Ann","age":{"$numberLong":"31"}}],"nextPageToken":"tok-2","estimatedCount":"2"}'
const json = (text: string) => () => new Response(text, { headers: { 'content-type': 'application/json' } })
const base = 'POST /api/clusters/:cluster/collection-spaces/:cs/collections/:cl/documents'

function setup(role: 'viewer' | 'operator' = 'operator') {
  const onPageChange = vi.fn()
  const onQueryChange = vi.fn()
  const r = renderWithProviders(
    <DocumentsPanel cluster="embedded" cs="foo" cl="bar" query={{}} onQueryChange={onQueryChange} view="table" onViewChange={() => undefined} page={undefined} onPageChange={onPageChange} />,
    {
      role,
      routes: {
        [`${base}/query`]: json(page),
        [`${base}/update`]: ({ body }) => ((body as { dryRun?: boolean }).dryRun === true ? { matched: '2' } : { updated: '2', modified: '2' }),
        [`${base}/delete`]: ({ body }) => ((body as { dryRun?: boolean }).dryRun === true ? { matched: '1' } : { deleted: '1' }),
        [base]: () => ({ inserted: 1, ids: [{ $oid: '65a1b2c3d4e5f60718293a4b' }] }),
        'GET /api/auth/session': () => ({ user: { username: 'u', role }, csrfToken: 't' }),
      },
    },
  )
  return { ...r, onPageChange, onQueryChange, user: userEvent.setup() }
}

beforeAll(queueSelectionChange)

const bodies = (calls: ApiCall[], suffix: string) => calls.filter((c) => c.method === 'POST' && c.path.endsWith(suffix)).map((c) => c.body)

describe('DocumentsPanel', () => {
  it('shows the page with types and pages forward with the keyset token', async () => {
    const { user, onPageChange } = setup()
    expect(await screen.findByText('Tom')).toBeInTheDocument()
    expect(screen.getByText('24L')).toHaveAttribute('title', 'Int64')
    await user.click(screen.getByRole('button', { name: 'Next page' }))
    expect(onPageChange).toHaveBeenCalledWith('tok-2')
  })

  it('shows how many documents an update affects before it runs', async () => {
    const { user, api } = setup()
    await screen.findByText('Tom')
    await user.click(screen.getByRole('button', { name: 'Update by condition' }))
    const dialog = await screen.findByRole('dialog', { name: 'Update by condition' })
    const confirm = within(dialog).getAllByRole('button', { name: 'Update by condition' }).at(-1)!
    expect(confirm).toBeDisabled()
    // Typed into the JSON editors as a user would: select all, then the new text.
    const typeInto = async (name: string, text: string) => {
      await user.click(await within(dialog).findByRole('textbox', { name }))
      await user.keyboard('{Control>}a{/Control}{Backspace}')
      await user.keyboard(keys(text))
    }
    await typeInto('Condition', '{"age":{"$gt":20}}')
    await typeInto('Update rule', '{"$set":{"age":{"$numberLong":"19"}}}')
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }))
    expect(await within(dialog).findByTestId('affected-count')).toHaveTextContent('2 documents match and will be changed')
    expect(bodies(api.calls, '/update')).toEqual([{ condition: { age: { $gt: 20 } }, rule: { $set: { age: { $numberLong: '19' } } }, dryRun: true }])
    await user.click(confirm)
    await waitFor(() => expect(bodies(api.calls, '/update')).toHaveLength(2))
    expect(bodies(api.calls, '/update')[1]).toEqual({ condition: { age: { $gt: 20 } }, rule: { $set: { age: { $numberLong: '19' } } } })
    expect(await screen.findByTestId('notice-success')).toHaveTextContent('2 documents updated')
  })

  it('refuses a delete condition that is not a JSON object before asking the server, and says where', async () => {
    const { user, api } = setup()
    await screen.findByText('Tom')
    await user.click(screen.getByRole('button', { name: 'Delete by condition' }))
    const dialog = await screen.findByRole('dialog', { name: 'Delete by condition' })
    await user.click(await within(dialog).findByRole('textbox', { name: 'Condition' }))
    await user.keyboard('{Control>}a{/Control}{Backspace}')
    await user.keyboard(keys('[1]'))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/position 0/)
    expect(within(dialog).getByRole('button', { name: 'Preview' })).toBeDisabled()
    expect(bodies(api.calls, '/delete')).toEqual([])
  })

  it('inserts a document whose values keep the types chosen in the editor', async () => {
    const { user, api } = setup()
    await screen.findByText('Tom')
    await user.click(screen.getByRole('button', { name: 'Insert document' }))
    const dialog = await screen.findByRole('dialog', { name: 'Insert document' })
    await user.click(within(dialog).getByRole('button', { name: '+ Add field' }))
    await user.selectOptions(within(dialog).getByLabelText('Type of field1'), 'Int64')
    await user.clear(within(dialog).getByLabelText('Value of field1'))
    await user.type(within(dialog).getByLabelText('Value of field1'), '9007199254740993')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(bodies(api.calls, '/documents')).toEqual([{ document: { field1: { $numberLong: '9007199254740993' } } }]))
  })

  it('offers no write controls to a viewer', async () => {
    setup('viewer')
    await screen.findByText('Tom')
    expect(screen.queryByRole('button', { name: 'Insert document' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Delete by condition' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /^Delete / })).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Export' })).toBeInTheDocument()
  })
})
