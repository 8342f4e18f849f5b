import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { Input, Select } from '../../../components/ui/input.js'
import { JsonField } from '../../../components/json-editor/json-field.js'
import {
  type BsonKind,
  convertKind,
  kindLabel,
  parseTypedDocument,
  scalarFromText,
  scalarToText,
  stringifyTypedJson,
  type TypedObject,
  type TypedValue,
} from '../../../lib/typed-json.js'
import { typedJsonErrorText, typedJsonProblem } from '../../../lib/typed-json-messages.js'

const selectableKinds: readonly BsonKind[] = ['string', 'int32', 'int64', 'double', 'decimal', 'bool', 'date', 'objectId', 'timestamp', 'binary', 'regex', 'null', 'object', 'array', 'minKey', 'maxKey']

type Errors = Readonly<Record<string, string>>

function ScalarInput({ value, path, label, onChange, onError }: { value: TypedValue; path: string; label: string; onChange: (v: TypedValue) => void; onError: (path: string, msg: string | null) => void }) {
  const { t } = useTranslation()
  const [text, setText] = useState(() => scalarToText(value))
  // Kept as thrown and translated when shown, so a language switch re-reads it.
  const [error, setError] = useState<unknown>(null)
  if (value.kind === 'null' || value.kind === 'minKey' || value.kind === 'maxKey') return <span className="text-xs text-slate-500">{scalarToText(value)}</span>
  if (value.kind === 'bool') {
    return (
      <Select aria-label={label} value={String(value.value)} onChange={(e) => onChange({ kind: 'bool', value: e.target.value === 'true' })} className="w-28">
        <option value="true">true</option><option value="false">false</option>
      </Select>
    )
  }
  const kind = value.kind
  const apply = (typed: string) => {
    setText(typed)
    try {
      let next = scalarFromText(kind, typed)
      // Keep the parts the text form does not show (binary subtype, decimal precision).
      if (next.kind === 'binary' && value.kind === 'binary') next = { ...next, subType: value.subType }
      if (next.kind === 'decimal' && value.kind === 'decimal' && value.precision !== undefined && next.text === value.text) next = value
      setError(null)
      onError(path, null)
      onChange(next)
    } catch (e) {
      setError(e)
      onError(path, typedJsonErrorText(e, t))
    }
  }
  return (
    <span className="flex flex-1 flex-col">
      <Input aria-label={label} aria-invalid={error !== null} value={text} onChange={(e) => apply(e.target.value)} className={`font-mono ${error === null ? '' : 'border-red-500'}`} />
      {error !== null && <span role="alert" className="text-xs text-red-600">{typedJsonErrorText(error, t)}</span>}
    </span>
  )
}

function ValueEditor({ value, path, name, onChange, onError, depth }: { value: TypedValue; path: string; name: string; onChange: (v: TypedValue) => void; onError: (path: string, msg: string | null) => void; depth: number }) {
  const { t } = useTranslation()
  const typeSelect = (
    <Select
      aria-label={t('editor.typeOf', { field: name })}
      data-testid={`type-${path}`}
      value={value.kind}
      onChange={(e) => {
        const k = selectableKinds.find((x) => x === e.target.value) ?? 'string'
        onError(path, null)
        onChange(convertKind(value, k))
      }}
      className="w-28 shrink-0 text-xs"
    >
      {value.kind === 'number' && <option value="number">{kindLabel.number}</option>}
      {selectableKinds.map((k) => <option key={k} value={k}>{kindLabel[k]}</option>)}
    </Select>
  )
  if (value.kind === 'object' || value.kind === 'array') {
    return (
      <div className="flex flex-1 flex-col gap-1">
        <div>{typeSelect}</div>
        <div className="border-l-2 border-slate-200 pl-2 dark:border-slate-700">
          <Fields value={value} path={path} onChange={onChange} onError={onError} depth={depth + 1} />
        </div>
      </div>
    )
  }
  return (
    <span className="flex flex-1 items-start gap-2">
      {typeSelect}
      {/* The key resets the draft text when the type changes underneath it. */}
      <ScalarInput key={`${path}:${value.kind}`} value={value} path={path} label={t('editor.valueOf', { field: name })} onChange={onChange} onError={onError} />
    </span>
  )
}

function Fields({ value, path, onChange, onError, depth }: { value: Extract<TypedValue, { kind: 'object' | 'array' }>; path: string; onChange: (v: TypedValue) => void; onError: (path: string, msg: string | null) => void; depth: number }) {
  const { t } = useTranslation()
  if (value.kind === 'array') {
    return (
      <ul className="flex flex-col gap-1">
        {value.items.map((item, i) => (
          <li key={i} className="flex items-start gap-2">
            <span className="w-16 shrink-0 pt-1 text-right font-mono text-xs text-slate-500">[{i}]</span>
            <ValueEditor value={item} path={`${path}.${i}`} name={`${path}[${i}]`} depth={depth} onError={onError} onChange={(v) => onChange({ kind: 'array', items: value.items.map((x, j) => (j === i ? v : x)) })} />
            <Button size="sm" variant="ghost" aria-label={t('editor.removeField', { field: `${path}[${i}]` })} onClick={() => onChange({ kind: 'array', items: value.items.filter((_, j) => j !== i) })}>×</Button>
          </li>
        ))}
        <li><Button size="sm" variant="ghost" onClick={() => onChange({ kind: 'array', items: [...value.items, { kind: 'string', value: '' }] })}>+ {t('editor.addItem')}</Button></li>
      </ul>
    )
  }
  return (
    <ul className="flex flex-col gap-1">
      {value.entries.map(([k, v], i) => {
        const p = path === '' ? k : `${path}.${k}`
        return (
          <li key={i} className="flex items-start gap-2">
            <Input
              aria-label={t('editor.nameOf', { index: i + 1 })}
              value={k}
              readOnly={depth === 0 && k === '_id'}
              onChange={(e) => onChange({ kind: 'object', entries: value.entries.map((x, j) => (j === i ? [e.target.value, x[1]] as const : x)) })}
              className="w-40 shrink-0 font-mono"
            />
            <ValueEditor value={v} path={p} name={k} depth={depth} onError={onError} onChange={(nv) => onChange({ kind: 'object', entries: value.entries.map((x, j) => (j === i ? [x[0], nv] as const : x)) })} />
            {!(depth === 0 && k === '_id') && (
              <Button size="sm" variant="ghost" aria-label={t('editor.removeField', { field: p })} onClick={() => { onError(p, null); onChange({ kind: 'object', entries: value.entries.filter((_, j) => j !== i) }) }}>×</Button>
            )}
          </li>
        )
      })}
      <li><Button size="sm" variant="ghost" onClick={() => onChange({ kind: 'object', entries: [...value.entries, [`field${value.entries.length + 1}`, { kind: 'string', value: '' }]] })}>+ {t('editor.addField')}</Button></li>
    </ul>
  )
}

/**
 * Edits one document keeping every BSON type: each value shows its type, Int64 / Decimal / Date /
 * ObjectId / Binary are edited as themselves, and a value the user did not touch is saved exactly
 * as it was loaded (same type, same text, same key order).
 */
export function DocumentEditor({ initial, onSave, onCancel, saving = false, saveLabel }: { initial: TypedObject; onSave: (doc: TypedObject) => void; onCancel: () => void; saving?: boolean; saveLabel?: string }) {
  const { t } = useTranslation()
  const [doc, setDoc] = useState<TypedObject>(initial)
  const [errors, setErrors] = useState<Errors>({})
  const [raw, setRaw] = useState<string | null>(null)
  const [rawError, setRawError] = useState<unknown>(null)
  const onError = (path: string, msg: string | null) => setErrors((e) => {
    if (msg === null) {
      if (!(path in e)) return e
      return Object.fromEntries(Object.entries(e).filter(([k]) => k !== path))
    }
    return { ...e, [path]: msg }
  })
  const hasErrors = Object.keys(errors).length > 0 || rawError !== null
  const switchToTree = () => {
    if (raw === null) return
    try {
      setDoc(parseTypedDocument(raw))
      setRaw(null)
      setRawError(null)
    } catch (e) {
      setRawError(e)
    }
  }
  const save = () => {
    if (raw !== null) {
      try {
        onSave(parseTypedDocument(raw))
      } catch (e) {
        setRawError(e)
      }
      return
    }
    if (!hasErrors) onSave(doc)
  }
  return (
    <div className="flex flex-col gap-3" data-testid="document-editor">
      <div className="flex gap-2">
        <Button size="sm" aria-pressed={raw === null} onClick={switchToTree}>{t('editor.tree')}</Button>
        <Button size="sm" aria-pressed={raw !== null} onClick={() => { setRaw(stringifyTypedJson(doc, 2)); setRawError(null) }}>{t('editor.rawJson')}</Button>
      </div>
      {raw === null ? (
        <Fields value={doc} path="" depth={0} onError={onError} onChange={(v) => { if (v.kind === 'object') setDoc(v) }} />
      ) : (
        <>
          <JsonField label={t('editor.rawJson')} testId="raw-json" value={raw} onChange={(text) => { setRaw(text); setRawError(null) }} problem={rawError === null ? null : typedJsonProblem(rawError, t)} />
        </>
      )}
      {hasErrors && <p role="alert" className="text-xs text-red-600">{t('editor.invalid')}</p>}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button variant="primary" busy={saving} disabled={hasErrors} onClick={save}>{saveLabel ?? t('common.save')}</Button>
      </div>
    </div>
  )
}
