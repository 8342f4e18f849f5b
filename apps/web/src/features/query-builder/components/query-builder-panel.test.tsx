import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { QueryState } from '../../../lib/query-state.js'
import { AppProvider } from '../../../app/provider.js'
import { createI18n } from '../../../lib/i18n.js'
import { createQueryClient } from '../../../lib/query-client.js'
import { mockApi } from '../../../testing/mock-api.js'
import { baseRoutes, renderWithProviders } from '../../../testing/render-app.js'
import { editorText, keys, queueSelectionChange } from '../../../components/json-editor/json-editor-testing.js'
import { QueryBuilderPanel } from './query-builder-panel.js'

beforeAll(queueSelectionChange)

const sample = '{"documents":[{"_id":{"$oid":"65a1b2c3d4e5f60718293a4b"},"age":{"$numberInt":"30"},"big":{"$numberLong":"5"},"name":"Tom","tags":["a"]}],"nextPageToken":null,"estimatedCount":"1"}'
const routes = {
  'POST /api/clusters/:cluster/collection-spaces/:cs/collections/:cl/documents/query': () => new Response(sample, { headers: { 'content-type': 'application/json' } }),
  'GET /api/saved-queries': () => ({ queries: [] }),
  'POST /api/clusters/:cluster/collection-spaces/:cs/collections/:cl/documents/explain': () => ({ plans: [{ ScanType: 'ixscan', IndexName: 'ageIdx', ReturnNum: 3, DataRead: 3 }] }),
}

function setup(query: QueryState = {}) {
  const onRun = vi.fn<(q: QueryState) => void>()
  renderWithProviders(<QueryBuilderPanel cluster="embedded" cs="foo" cl="bar" query={query} indexes={[{ name: 'ageIdx', key: { age: 1 }, unique: false, enforced: false, notNull: false }]} onRun={onRun} />, { routes })
  const json = () => editorText('condition-json').replace(/\s+/g, '')
  const user = userEvent.setup()
  /** Replaces the condition JSON by typing into the editor, as a user would. */
  const typeCondition = async (text: string) => {
    await user.click(await screen.findByRole('textbox', { name: 'Condition JSON' }))
    await user.keyboard('{Control>}a{/Control}{Backspace}')
    await user.keyboard(keys(text))
  }
  /** Replaces the condition JSON in one paste (no half-typed states in between). */
  const pasteCondition = async (text: string) => {
    await user.click(await screen.findByRole('textbox', { name: 'Condition JSON' }))
    await user.keyboard('{Control>}a{/Control}')
    await user.paste(text)
  }
  return { onRun, json, user, typeCondition, pasteCondition }
}

describe('QueryBuilderPanel', () => {
  it('parses condition JSON into the tree: nested groups, NOT, typed values and function forms', async () => {
    setup({ condition: '{"age":{"$gte":{"$numberLong":"5"}},"$or":[{"name":"Tom"},{"$not":[{"tags":{"$size":1,"$et":3}}]}]}' })
    const builder = screen.getByRole('region', { name: 'Condition' })
    expect(await within(builder).findByLabelText('Value age')).toHaveValue('5')
    expect(within(builder).getByLabelText('Type age')).toHaveDisplayValue('Int64')
    expect(within(builder).getByLabelText('Value name')).toHaveValue('Tom')
    expect(within(builder).getByLabelText('$size tags')).toHaveValue('1')
    expect(within(builder).getByLabelText('Value tags')).toHaveValue('3')
    expect(within(builder).getAllByRole('checkbox', { checked: true }).length).toBeGreaterThanOrEqual(1)
  })

  it('rebuilds the tree when the JSON is typed into the editor, and keeps unsupported parts flagged', async () => {
    const { json, typeCondition } = setup()
    await typeCondition('{"a":{"$field":"b"},"n":{"$numberInt":"7"}}')
    const builder = screen.getByRole('region', { name: 'Condition' })
    expect(await within(builder).findByLabelText('Value n')).toHaveValue('7')
    expect(screen.getByRole('status')).toHaveTextContent('Kept as JSON')
    expect(json()).toBe('{"a":{"$field":"b"},"n":{"$numberInt":"7"}}')
  })

  it('writes condition JSON from edits in the builder, with the value typed as chosen', async () => {
    const { json, user } = setup({ condition: '{"age":{"$gt":{"$numberInt":"30"}}}' })
    const value = await screen.findByLabelText('Value age')
    await user.clear(value)
    await user.type(value, '9007199254740993')
    await user.selectOptions(screen.getByLabelText('Type age'), 'Int64')
    await waitFor(() => expect(json()).toBe('{"age":{"$gt":{"$numberLong":"9007199254740993"}}}'))
  })

  it('marks index-servable fields, explains, runs, and shows the query as code', async () => {
    const { onRun, user } = setup({ condition: '{"age":{"$gt":{"$numberInt":"30"}}}' })
    expect(await screen.findByTitle('An index can serve this field')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Explain' }))
    const explain = await screen.findByTestId('explain')
    expect(explain).toHaveTextContent('ixscan')
    expect(explain).toHaveTextContent('ageIdx')
    await user.type(screen.getByLabelText('Limit'), '10')
    expect(screen.getByTestId('code-shell')).toHaveTextContent('db.foo.bar.find({ "age": { "$gt": 30 } }).limit(10)')
    await user.click(screen.getByRole('tab', { name: 'Python' }))
    expect(screen.getByTestId('code-python')).toHaveTextContent("cl.query(condition=SON([(\"age\", SON([(\"$gt\", 30)]))]), num_to_return=10)")
    await user.click(screen.getByRole('button', { name: 'Run query' }))
    expect(onRun).toHaveBeenCalledWith({ condition: '{"age":{"$gt":{"$numberInt":"30"}}}', selector: undefined, orderBy: undefined, hint: undefined, skip: undefined, limit: 10 })
    expect(screen.getByRole('region', { name: 'History' })).toHaveTextContent('{"age":{"$gt":{"$numberInt":"30"}}}')
  })

  it('builds nested AND / OR / NOT groups with typed values through the UI', async () => {
    const { json, user } = setup()
    const builder = screen.getByRole('region', { name: 'Condition' })
    await screen.findByRole('option', { name: /^age/ })
    await user.click(within(builder).getAllByTitle('Add rule')[0]!)
    await user.selectOptions(within(builder).getByTitle('Field'), 'age')
    await user.selectOptions(within(builder).getByTitle('Operator'), '$gte')
    await user.type(within(builder).getByLabelText('Value age'), '30')
    await waitFor(() => expect(json()).toBe('{"age":{"$gte":{"$numberInt":"30"}}}'))

    await user.click(within(builder).getAllByTitle('Add group')[0]!)
    const groups = () => builder.querySelectorAll<HTMLElement>('.ruleGroup .ruleGroup')
    const inner = groups()[0]!
    await user.selectOptions(within(inner).getByTitle('Combinator'), 'or')
    await user.click(within(inner).getByTitle('Invert this group (NOT)'))
    await user.click(within(inner).getAllByTitle('Add rule')[0]!)
    await user.selectOptions(within(inner).getAllByTitle('Field')[0]!, 'name')
    await user.type(within(inner).getByLabelText('Value name'), 'Tom')
    await user.click(within(inner).getAllByTitle('Add rule')[0]!)
    await user.selectOptions(within(inner).getAllByTitle('Field')[1]!, 'big')
    await user.type(within(inner).getByLabelText('Value big'), '5')
    await waitFor(() => expect(json()).toBe('{"age":{"$gte":{"$numberInt":"30"}},"$not":[{"$or":[{"name":"Tom"},{"big":{"$numberLong":"5"}}]}]}'))
  })

  it('marks invalid JSON in the editor, keeps the last valid tree, and recovers when fixed', async () => {
    const { json, typeCondition, pasteCondition } = setup({ condition: '{"age":{"$gt":{"$numberInt":"30"}}}' })
    const builder = screen.getByRole('region', { name: 'Condition' })
    expect(await within(builder).findByLabelText('Value age')).toHaveValue('30')
    await pasteCondition('{"age" 5}')
    const editor = screen.getByRole('textbox', { name: 'Condition JSON' })
    expect(await screen.findByText(/Expected ":" at position 7/)).toHaveAttribute('role', 'alert')
    expect(editor).toHaveAttribute('aria-invalid', 'true')
    expect(editor).toHaveAccessibleDescription(/Expected ":" at position 7/)
    // The lint marker sits on the character the parser stopped at.
    await waitFor(() => expect(document.querySelector('.cm-lintRange-error')).toHaveTextContent('5'))
    expect(within(builder).getByLabelText('Value age')).toHaveValue('30')
    expect(screen.getByRole('button', { name: 'Run query' })).toBeDisabled()

    await typeCondition('{"age":5}')
    await waitFor(() => expect(editor).toHaveAttribute('aria-invalid', 'false'))
    expect(document.querySelector('.cm-lintRange-error')).toBeNull()
    expect(within(builder).getByLabelText('Value age')).toHaveValue('5')
    expect(json()).toBe('{"age":5}')
  })

  it('runs the query with Ctrl+Enter from inside the editor without adding a line', async () => {
    const { onRun, user } = setup({ condition: '{"name":"Tom"}' })
    const editor = await screen.findByRole('textbox', { name: 'Condition JSON' })
    const before = editorText('condition-json')
    await user.click(editor)
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect(onRun).toHaveBeenCalledTimes(1)
    expect(onRun).toHaveBeenCalledWith(expect.objectContaining({ condition: '{"name":"Tom"}' }))
    expect(editorText('condition-json')).toBe(before)
  })

  it('edits selector and sort as JSON, and refuses text that is not an object', async () => {
    const { onRun, user } = setup({ condition: '{"name":"Tom"}' })
    const selector = await screen.findByRole('textbox', { name: 'Selector (fields to return)' })
    await user.click(selector)
    await user.keyboard(keys('{"name":1}'))
    const sort = screen.getByRole('textbox', { name: 'Sort' })
    await user.click(sort)
    await user.keyboard(keys('[1]'))
    expect(await screen.findByText('Expected a JSON object at position 0')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Run query' })).toBeDisabled()
    await user.keyboard('{Control>}a{/Control}{Backspace}')
    await user.keyboard(keys('{"age":-1}'))
    await user.click(screen.getByRole('button', { name: 'Run query' }))
    expect(onRun).toHaveBeenCalledWith(expect.objectContaining({ selector: '{"name":1}', orderBy: '{"age":-1}' }))
  })

  it('follows the app theme in the editor and the builder controls', async () => {
    localStorage.setItem('canopy.theme', 'dark')
    setup({ condition: '{"age":{"$gt":{"$numberInt":"30"}}}' })
    const editor = await screen.findByRole('textbox', { name: 'Condition JSON' })
    expect(editor.closest('.cm-theme-dark')).not.toBeNull()
    const builder = screen.getByRole('region', { name: 'Condition' })
    expect(within(builder).getByTitle('Add rule')).toHaveClass('dark:bg-slate-800')
    expect(within(builder).getAllByTitle('Field')[0]).toHaveClass('dark:bg-slate-900')
  })

  it('lets rule rows wrap inside a narrow column instead of overflowing it', async () => {
    setup({ condition: '{"tags":{"$size":1,"$et":3}}' })
    const builder = screen.getByRole('region', { name: 'Condition' })
    await within(builder).findByLabelText('$size tags')
    expect(builder).toHaveClass('min-w-0')
    expect(builder.querySelector('.queryBuilder')).toHaveClass('queryBuilder-responsive')
    const row = within(builder).getByLabelText('Value tags').parentElement!
    expect(row).toHaveClass('flex-wrap', 'min-w-0')
  })

  it('speaks Simplified Chinese: builder controls, editor label and value errors', async () => {
    mockApi({ ...baseRoutes('admin'), ...routes })
    render(
      <AppProvider queryClient={createQueryClient()} i18n={createI18n('zh-CN')}>
        <QueryBuilderPanel cluster="embedded" cs="foo" cl="bar" query={{ condition: '{"age":{"$gt":{"$numberInt":"x"}}}' }} indexes={[]} onRun={vi.fn()} />
      </AppProvider>,
    )
    expect(await screen.findByRole('textbox', { name: '条件 JSON' })).toBeInTheDocument()
    const builder = screen.getByRole('region', { name: '条件' })
    expect(within(builder).getAllByTitle('添加条件')[0]).toHaveTextContent('+ 条件')
    expect(within(builder).getByTitle('取反此条件组（NOT）')).toBeInTheDocument()
    for (const alert of within(builder).getAllByRole('alert')) expect(alert).toHaveTextContent('请输入整数')
    expect(screen.getByRole('option', { name: '全表扫描' })).toBeInTheDocument()
  })
})
