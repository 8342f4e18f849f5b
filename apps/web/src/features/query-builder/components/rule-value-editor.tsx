import { useTranslation } from 'react-i18next'
import type { ValueEditorProps } from 'react-querybuilder'
import { Badge } from '../../../components/ui/badge.js'
import { Input, Select } from '../../../components/ui/input.js'
import type { BsonKind } from '../../../lib/typed-json.js'
import { typedJsonErrorText } from '../../../lib/typed-json-messages.js'
import { compareOps, type RuleValue, valueText } from '../condition-tree.js'

const kindOptions: readonly [BsonKind, string][] = [
  ['string', 'String'], ['int32', 'Int32'], ['int64', 'Int64'], ['double', 'Double'], ['decimal', 'Decimal'], ['number', 'Number'], ['bool', 'Boolean'],
  ['date', 'Date'], ['objectId', 'ObjectId'], ['timestamp', 'Timestamp'], ['binary', 'Binary'], ['regex', 'Regex'], ['null', 'Null'], ['minKey', 'MinKey'], ['maxKey', 'MaxKey'], ['object', 'Object'], ['array', 'Array'],
]

function problem(v: RuleValue): unknown {
  try {
    valueText(v)
    return null
  } catch (e) {
    return e
  }
}

/** Value editor of one builder rule: a typed value (text + BSON type) suited to the operator. */
export function RuleValueEditor(props: ValueEditorProps) {
  const { t } = useTranslation()
  const value = (props.value ?? { text: '', kind: 'string' }) as RuleValue
  const set = (patch: Partial<RuleValue>) => props.handleOnChange({ ...value, ...patch })
  const op = props.operator
  const field = props.field
  const indexed = (props.fieldData as { indexed?: boolean }).indexed === true
  const err = op === 'raw' ? null : problem(value)
  const mark = indexed ? <Badge tone="good" title={t('builder.indexServable')}>⚡ idx</Badge> : null
  const errorText = err === null ? null : <span role="alert" className="text-xs break-words text-red-600 dark:text-red-400">{typedJsonErrorText(err, t)}</span>
  if (op === 'raw') {
    return (
      <span className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
        <Badge tone="warn" title={t('builder.unsupported')}>{t('builder.unsupported')}</Badge>
        <Input aria-label={`${t('builder.json')} ${field}`} className="min-w-0 basis-48 flex-1 font-mono" value={value.text} onChange={(e) => set({ text: e.target.value })} />
      </span>
    )
  }
  if (op === '$exists' || op === '$isnull') {
    return (
      <span className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
        <Select aria-label={`${op} ${field}`} value={value.text === '0' || value.text === 'false' ? '0' : '1'} onChange={(e) => props.handleOnChange({ text: e.target.value, kind: 'number' })} className="w-20">
          <option value="1">1</option><option value="0">0</option>
        </Select>
        {mark}
      </span>
    )
  }
  if (op === '$regex') {
    return (
      <span className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
        <Input aria-label={`$regex ${field}`} className="min-w-0 basis-32 flex-1 font-mono" value={value.text} onChange={(e) => props.handleOnChange({ ...value, text: e.target.value, kind: 'string' })} />
        <Input aria-label={`$options ${field}`} className="w-16 font-mono" placeholder="i" value={value.options ?? ''} onChange={(e) => set({ options: e.target.value })} />
        {mark}
      </span>
    )
  }
  if (op === '$in' || op === '$nin' || op === '$all' || op === '$mod' || op === '$elemMatch') {
    const kind: BsonKind = op === '$elemMatch' ? 'object' : 'array'
    return (
      <span className="flex min-w-0 flex-1 basis-40 flex-col gap-1">
        <span className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
          <Input aria-label={`${op} ${field}`} className="min-w-0 basis-40 flex-1 font-mono" placeholder={kind === 'array' ? (op === '$mod' ? '[3, 1]' : '[1, 2, 3]') : '{"x": 1}'} value={value.text} onChange={(e) => props.handleOnChange({ text: e.target.value, kind })} />
          {mark}
        </span>
        {errorText}
      </span>
    )
  }
  const typed = (
    <>
      <Input aria-label={`${t('editor.value')} ${field}`} className="min-w-0 basis-32 flex-1 font-mono" value={value.text} disabled={value.kind === 'null' || value.kind === 'minKey' || value.kind === 'maxKey'} onChange={(e) => set({ text: e.target.value })} />
      <Select aria-label={`${t('editor.type')} ${field}`} className="w-28 text-xs" value={value.kind} onChange={(e) => set({ kind: kindOptions.find(([k]) => k === e.target.value)?.[0] ?? 'string' })}>
        {kindOptions.map(([k, label]) => <option key={k} value={k}>{label}</option>)}
      </Select>
    </>
  )
  if (op.startsWith('fn:')) {
    return (
      <span className="flex min-w-0 flex-1 basis-40 flex-col gap-1">
        <span className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
          <span className="font-mono text-xs">{op.slice(3)}:</span>
          <Input aria-label={`${op.slice(3)} ${field}`} className="w-14 font-mono" value={value.fnArg ?? '1'} onChange={(e) => set({ fnArg: e.target.value })} />
          <Select aria-label={`${t('builder.condition')} ${field}`} className="w-20" value={value.compare ?? '$et'} onChange={(e) => set({ compare: compareOps.find((c) => c === e.target.value) ?? '$et' })}>
            {compareOps.map((c) => <option key={c} value={c}>{c}</option>)}
          </Select>
          {typed}
          {mark}
        </span>
        {errorText}
      </span>
    )
  }
  return (
    <span className="flex min-w-0 flex-1 basis-40 flex-col gap-1">
      <span className="flex min-w-0 flex-1 flex-wrap items-center gap-2">{typed}{mark}</span>
      {errorText}
    </span>
  )
}
