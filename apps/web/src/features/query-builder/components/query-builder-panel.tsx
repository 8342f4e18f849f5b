import type { IndexInfo } from '@canopy/api-contract'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type Field, type FullOperator, QueryBuilder, type RuleGroupType } from 'react-querybuilder'
import 'react-querybuilder/dist/query-builder.css'
import { Button } from '../../../components/ui/button.js'
import { Field as FormField, Input, Select } from '../../../components/ui/input.js'
import { Tabs } from '../../../components/ui/tabs.js'
import { useSession } from '../../../lib/auth.js'
import { describeError, useNotices } from '../../../lib/notices.js'
import type { QueryState } from '../../../lib/query-state.js'
import { useShortcut } from '../../../lib/shortcuts.js'
import { type BsonKind, parseTypedJson, stringifyTypedJson } from '../../../lib/typed-json.js'
import { objectTextProblem, typedJsonErrorText, typedJsonProblem } from '../../../lib/typed-json-messages.js'
import { useExplain } from '../api/explain.js'
import { useSampledSchema } from '../api/sample-schema.js'
import { useSavedQueries, useSavedQueryMutations } from '../api/saved-queries.js'
import { toPython, toShell, toTypeScript } from '../code-gen.js'
import { type ConditionGroup, type ConditionRule, conditionFromTree, rawRules, type RuleValue, treeFromCondition } from '../condition-tree.js'
import { useQueryHistory } from '../hooks/use-query-history.js'
import { JsonField } from '../../../components/json-editor/json-field.js'
import { builderClassnames } from './builder-classnames.js'
import { RuleValueEditor } from './rule-value-editor.js'

const numeric: readonly BsonKind[] = ['int32', 'int64', 'double', 'decimal', 'number']

/** Operators offered for a field, suited to the types sampled for it. */
export function operatorsFor(kinds: readonly BsonKind[]): FullOperator[] {
  const ops: [string, string][] = [['$et', '= $et'], ['$ne', '≠ $ne'], ['$gt', '> $gt'], ['$gte', '≥ $gte'], ['$lt', '< $lt'], ['$lte', '≤ $lte'], ['$in', '$in'], ['$nin', '$nin'], ['$exists', '$exists'], ['$isnull', '$isnull']]
  const any = kinds.length === 0
  if (any || kinds.includes('string')) ops.push(['$regex', '$regex'], ['fn:$lower', '$lower(…)'], ['fn:$upper', '$upper(…)'], ['fn:$strlen', '$strlen(…)'])
  if (any || kinds.includes('array')) ops.push(['$all', '$all'], ['$elemMatch', '$elemMatch'], ['fn:$size', '$size(…)'])
  if (any || kinds.some((k) => numeric.includes(k))) ops.push(['$mod', '$mod'], ['fn:$abs', '$abs(…)'], ['fn:$ceiling', '$ceiling(…)'], ['fn:$floor', '$floor(…)'])
  ops.push(['fn:$type', '$type(…)'], ['raw', 'JSON'])
  return ops.map(([name, label]) => ({ name, value: name, label }))
}

function fieldsOf(g: ConditionGroup): string[] {
  return g.rules.flatMap((r) => ('rules' in r ? fieldsOf(r) : r.operator === 'raw' ? [] : [r.field]))
}

function pretty(text: string): string {
  try {
    return stringifyTypedJson(parseTypedJson(text), 2)
  } catch {
    return text
  }
}

/**
 * The visual query builder: a condition tree (nested AND / OR / NOT, typed values, SequoiaDB
 * function forms) kept in two-way sync with its JSON, plus selector, sort, hint, skip and limit,
 * explain, the query as code, history and saved queries.
 */
export function QueryBuilderPanel({ cluster, cs, cl, query, indexes, onRun, onChange }: {
  cluster: string
  cs: string
  cl: string
  query: QueryState
  indexes: readonly IndexInfo[]
  onRun: (q: QueryState) => void
  onChange?: (q: QueryState) => void
}) {
  const { t } = useTranslation()
  const { notify, notifyError } = useNotices()
  const session = useSession()
  const collection = `${cs}.${cl}`
  const schema = useSampledSchema(cluster, cs, cl)
  const explain = useExplain(cluster, cs, cl)
  const saved = useSavedQueries(cluster, collection)
  const savedMut = useSavedQueryMutations()
  const history = useQueryHistory(session.data?.user.username ?? 'anonymous', cluster, collection)

  const [tree, setTree] = useState<ConditionGroup>(() => { try { return treeFromCondition(query.condition ?? '') } catch { return { combinator: 'and', rules: [] } } })
  const [json, setJson] = useState(() => pretty(query.condition ?? '{}'))
  // Errors are kept as thrown and translated when shown, so a language switch re-reads them.
  const [jsonError, setJsonError] = useState<unknown>(null)
  const [treeError, setTreeError] = useState<unknown>(null)
  const [selector, setSelector] = useState(query.selector ?? '')
  const [orderBy, setOrderBy] = useState(query.orderBy ?? '')
  const [hint, setHint] = useState(query.hint ?? '')
  const [skip, setSkip] = useState(query.skip === undefined ? '' : String(query.skip))
  const [limit, setLimit] = useState(query.limit === undefined ? '' : String(query.limit))
  const [codeTab, setCodeTab] = useState('shell')
  const [saveName, setSaveName] = useState('')
  const [visibility, setVisibility] = useState<'private' | 'shared'>('private')

  const indexed = useMemo(() => new Set(indexes.map((i) => Object.keys(i.key)[0]).filter((k): k is string => k !== undefined)), [indexes])
  const fields = useMemo<Field[]>(() => {
    const known = new Map((schema.data ?? []).map((f) => [f.path, f]))
    const names = [...new Set([...known.keys(), ...fieldsOf(tree)])]
    return names.map((name) => {
      const f = known.get(name)
      return { name, value: name, label: `${name}${f === undefined ? '' : ` (${f.kinds.join('|')})`}${indexed.has(name) ? ' ⚡' : ''}`, kinds: f?.kinds ?? [], mainKind: f?.mainKind ?? 'string', indexed: indexed.has(name) }
    })
  }, [schema.data, tree, indexed])
  const kindsOf = (name: string): readonly BsonKind[] => (fields.find((f) => f.name === name) as { kinds?: BsonKind[] } | undefined)?.kinds ?? []

  const condition = jsonError === null && treeError === null ? json : null
  const numberOrUndef = (s: string) => (s.trim() === '' || !/^\d+$/.test(s.trim()) ? undefined : Number(s.trim()))
  const selectorProblem = objectTextProblem(selector, t)
  const orderByProblem = objectTextProblem(orderBy, t)
  const hintProblem = objectTextProblem(hint, t)
  const problems = [selectorProblem, orderByProblem, hintProblem].filter((p) => p !== null)
  const current: QueryState | null = condition === null || problems.length > 0 ? null : {
    condition: condition.trim() === '' ? undefined : stringifyTypedJson(parseTypedJson(condition)),
    selector: selector.trim() === '' ? undefined : selector,
    orderBy: orderBy.trim() === '' ? undefined : orderBy,
    hint: hint.trim() === '' ? undefined : hint,
    skip: numberOrUndef(skip),
    limit: numberOrUndef(limit),
  }

  // The URL follows the builder (debounced), so the current query is always bookmarkable.
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  const currentKey = current === null ? null : JSON.stringify(current)
  useEffect(() => {
    if (currentKey === null) return
    const id = setTimeout(() => onChangeRef.current?.(JSON.parse(currentKey) as QueryState), 500)
    return () => clearTimeout(id)
  }, [currentKey])

  const onTreeChange = (g: RuleGroupType) => {
    const next = g as ConditionGroup
    setTree(next)
    try {
      setJson(pretty(conditionFromTree(next)))
      setTreeError(null)
      setJsonError(null)
    } catch (e) {
      setTreeError(e)
    }
  }
  const onJsonChange = (text: string) => {
    setJson(text)
    try {
      setTree(treeFromCondition(text))
      setJsonError(null)
      setTreeError(null)
    } catch (e) {
      setJsonError(e)
    }
  }
  const run = () => {
    if (current === null) return
    history.add(current)
    onRun(current)
  }
  useShortcut('mod+enter', run)

  const load = (q: QueryState) => {
    onJsonChange(pretty(q.condition ?? '{}'))
    setSelector(q.selector ?? '')
    setOrderBy(q.orderBy ?? '')
    setHint(q.hint ?? '')
    setSkip(q.skip === undefined ? '' : String(q.skip))
    setLimit(q.limit === undefined ? '' : String(q.limit))
  }
  const kept = rawRules(tree)
  const code = current === null ? null : { shell: toShell(cs, cl, current), python: toPython(cs, cl, current), typescript: toTypeScript(cs, cl, current) }
  const conditionProblem = jsonError === null ? null : typedJsonProblem(jsonError, t)
  const copy = (text: string) => void navigator.clipboard.writeText(text).then(() => notify({ tone: 'info', title: t('common.copied') }))

  return (
    <div className="flex flex-col gap-4" data-testid="query-builder">
      {/* Side by side only where both halves keep room for a whole rule row (2xl); stacked below. */}
      <div className="grid grid-cols-1 gap-4 2xl:grid-cols-2">
        <section aria-label={t('builder.condition')} className="flex min-w-0 flex-col gap-2">
          <h2 className="text-sm font-semibold">{t('builder.condition')}</h2>
          <QueryBuilder
            fields={fields}
            query={tree}
            onQueryChange={onTreeChange}
            getOperators={(field) => operatorsFor(kindsOf(field))}
            getDefaultOperator="$et"
            getDefaultValue={(rule) => {
              const f = fields.find((x) => x.name === rule.field) as { mainKind?: BsonKind } | undefined
              const op = rule.operator
              const v: RuleValue = op === '$in' || op === '$nin' || op === '$all' || op === '$mod' ? { text: '', kind: 'array' } : op === '$elemMatch' ? { text: '', kind: 'object' } : op === '$exists' || op === '$isnull' ? { text: '1', kind: 'number' } : op.startsWith('fn:') ? { text: '', kind: 'int32', fnArg: '1', compare: '$et' } : op === 'raw' ? { text: `{${JSON.stringify(rule.field)}:{}}`, kind: 'object' } : { text: '', kind: f?.mainKind ?? 'string' }
              return v
            }}
            controlElements={{ valueEditor: RuleValueEditor }}
            controlClassnames={builderClassnames}
            accessibleDescriptionGenerator={({ path }) => (path.length === 0 ? t('builder.rqb.rootGroup') : t('builder.rqb.groupAt', { path: path.map((i) => i + 1).join('.') }))}
            showNotToggle
            resetOnOperatorChange
            autoSelectField={false}
            translations={{
              fields: { title: t('builder.rqb.field') },
              operators: { title: t('builder.rqb.operator') },
              value: { title: t('builder.rqb.value') },
              values: { title: t('builder.rqb.values') },
              combinators: { title: t('builder.rqb.combinator') },
              addRule: { label: t('builder.rqb.addRuleLabel'), title: t('builder.rqb.addRule') },
              addGroup: { label: t('builder.rqb.addGroupLabel'), title: t('builder.rqb.addGroup') },
              removeRule: { label: '⨯', title: t('builder.rqb.removeRule') },
              removeGroup: { label: '⨯', title: t('builder.rqb.removeGroup') },
              notToggle: { label: t('builder.rqb.notLabel'), title: t('builder.rqb.notTitle') },
            }}
          />
          {kept.length > 0 && <p role="status" className="text-xs text-amber-700 dark:text-amber-400">⚠ {t('builder.unsupported')} ({kept.length})</p>}
          {treeError !== null && <p role="alert" className="text-xs text-red-600 dark:text-red-400">{typedJsonErrorText(treeError, t)}</p>}
        </section>
        <section className="flex min-w-0 flex-col gap-2">
          <JsonField
            label={t('builder.json')}
            testId="condition-json"
            value={json}
            onChange={onJsonChange}
            problem={conditionProblem === null ? null : { ...conditionProblem, message: `${t('builder.jsonInvalid')} ${conditionProblem.message}` }}
          />
        </section>
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_minmax(0,1.5fr)_minmax(0,1fr)_minmax(0,1fr)]">
        <JsonField label={t('builder.selector')} multiline={false} placeholder='{"name": ""}' value={selector} onChange={setSelector} problem={selectorProblem} />
        <JsonField label={t('builder.sort')} multiline={false} placeholder='{"age": -1}' value={orderBy} onChange={setOrderBy} problem={orderByProblem} />
        <FormField label={t('builder.hint')} error={hintProblem?.message}>{(id) => (
          <Select id={id} value={hint} onChange={(e) => setHint(e.target.value)}>
            <option value="">{t('common.none')}</option>
            <option value='{"":null}'>{t('builder.tableScan')}</option>
            {indexes.map((i) => <option key={i.name} value={`{"":${JSON.stringify(i.name)}}`}>{i.name}</option>)}
            {hint !== '' && !indexes.some((i) => hint === `{"":${JSON.stringify(i.name)}}`) && hint !== '{"":null}' && <option value={hint}>{hint}</option>}
          </Select>
        )}</FormField>
        <FormField label={t('builder.skip')}>{(id) => <Input id={id} inputMode="numeric" value={skip} onChange={(e) => setSkip(e.target.value)} />}</FormField>
        <FormField label={t('builder.limit')}>{(id) => <Input id={id} inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value)} />}</FormField>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" disabled={current === null} onClick={run} title={t('builder.runShortcut')}>{t('builder.run')}</Button>
        <Button disabled={current === null} busy={explain.isPending} onClick={() => current !== null && explain.mutate(current)}>{t('builder.explain')}</Button>
        <Input aria-label={t('builder.queryName')} placeholder={t('builder.queryName')} className="w-48" value={saveName} onChange={(e) => setSaveName(e.target.value)} />
        <Select aria-label={t('builder.visibility')} className="w-28" value={visibility} onChange={(e) => setVisibility(e.target.value === 'shared' ? 'shared' : 'private')}>
          <option value="private">{t('builder.private')}</option><option value="shared">{t('builder.shared')}</option>
        </Select>
        <Button disabled={current === null || saveName.trim() === ''} busy={savedMut.save.isPending} onClick={() => {
          if (current === null) return
          const obj = (text: string | undefined) => (text === undefined ? undefined : (JSON.parse(stringifyTypedJson(parseTypedJson(text))) as Record<string, never>))
          savedMut.save.mutate({ name: saveName.trim(), visibility, cluster, collection, query: { condition: obj(current.condition), selector: obj(current.selector), orderBy: obj(current.orderBy), hint: obj(current.hint), limit: current.limit } }, {
            onSuccess: () => { notify({ tone: 'success', title: `${t('builder.saveAs')}: ${saveName}` }); setSaveName('') },
            onError: (err) => notifyError(t('builder.saveAs'), err),
          })
        }}>{t('builder.saveAs')}</Button>
      </div>
      {explain.error !== null && <p role="alert" className="text-sm text-red-600">{describeError(explain.error, t)}</p>}
      {explain.data !== undefined && (
        <dl data-testid="explain" className="grid grid-cols-[max-content_1fr] gap-x-4 rounded bg-slate-50 p-2 text-sm dark:bg-slate-900">
          <dt>{t('builder.scanType')}</dt><dd className="font-mono">{explain.data.scanType}</dd>
          <dt>{t('builder.indexUsed')}</dt><dd className="font-mono">{explain.data.indexName}</dd>
          <dt>{t('builder.examined')}</dt><dd className="font-mono">{explain.data.examined}</dd>
          <dt>{t('builder.returned')}</dt><dd className="font-mono">{explain.data.returned}</dd>
        </dl>
      )}
      {code !== null && (
        <section aria-label={t('builder.code')}>
          <Tabs label={t('builder.code')} value={codeTab} onValueChange={setCodeTab} tabs={(['shell', 'python', 'typescript'] as const).map((k) => ({
            value: k,
            label: t(`builder.${k}`),
            content: (
              <div className="relative">
                <pre data-testid={`code-${k}`} className="overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-900">{code[k]}</pre>
                <Button size="sm" className="absolute right-1 top-1" aria-label={`${t('common.copy')} ${t(`builder.${k}`)}`} onClick={() => copy(code[k])}>{t('common.copy')}</Button>
              </div>
            ),
          }))} />
        </section>
      )}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <section aria-label={t('builder.history')}>
          <h2 className="text-sm font-semibold">{t('builder.history')}</h2>
          {history.entries.length === 0 && <p className="text-xs text-slate-500">{t('builder.noHistory')}</p>}
          <ul className="text-xs">
            {history.entries.map((e) => (
              <li key={e.at} className="flex items-center gap-2 border-b border-slate-100 py-1 dark:border-slate-800">
                <span className="text-slate-500">{new Date(e.at).toLocaleTimeString()}</span>
                <code className="flex-1 truncate">{e.query.condition ?? '{}'}</code>
                <Button size="sm" onClick={() => load(e.query)}>{t('builder.load')}</Button>
              </li>
            ))}
          </ul>
        </section>
        <section aria-label={t('builder.saved')}>
          <h2 className="text-sm font-semibold">{t('builder.saved')}</h2>
          <ul className="text-xs">
            {(saved.data ?? []).map((s) => (
              <li key={s.id} className="flex items-center gap-2 border-b border-slate-100 py-1 dark:border-slate-800">
                <span className="font-medium">{s.name}</span>
                <span className="text-slate-500">{t('builder.savedMeta', { owner: s.owner, visibility: t(`builder.${s.visibility}`) })}</span>
                <code className="flex-1 truncate">{JSON.stringify(s.query.condition ?? {})}</code>
                <Button size="sm" onClick={() => {
                  const txt = (o: unknown) => (o === undefined ? undefined : JSON.stringify(o))
                  load({ condition: txt(s.query.condition), selector: txt(s.query.selector), orderBy: txt(s.query.orderBy), hint: txt(s.query.hint), limit: s.query.limit })
                }}>{t('builder.load')}</Button>
                {s.owner === session.data?.user.username && <Button size="sm" variant="ghost" aria-label={`${t('common.delete')} ${s.name}`} onClick={() => savedMut.remove.mutate(s.id)}>×</Button>}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  )
}

/** Re-exported for tests that build rules by hand. */
export type { ConditionRule }
