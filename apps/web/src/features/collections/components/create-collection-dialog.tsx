import type { CreateCollectionBody } from '@canopy/api-contract'
import type { TFunction } from 'i18next'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { Dialog } from '../../../components/ui/dialog.js'
import { Field, Input, Select } from '../../../components/ui/input.js'
import { useNotices } from '../../../lib/notices.js'
import { useCreateCollection } from '../api/collections.js'

/** What is wrong with a sharding key; the dialog words it in the user's language. */
export type ShardingKeyError =
  | { readonly code: 'invalidJson'; readonly message: string }
  | { readonly code: 'notObject' }
  | { readonly code: 'direction'; readonly field: string }
  | { readonly code: 'empty' }

/** Parses `{"a":1,"b":-1}` into a sharding key, or says what is wrong. */
export function parseShardingKey(text: string): { key?: Record<string, 1 | -1>; error?: ShardingKeyError } {
  if (text.trim() === '') return {}
  let v: unknown
  try {
    v = JSON.parse(text) as unknown
  } catch (e) {
    return { error: { code: 'invalidJson', message: (e as Error).message } }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: { code: 'notObject' } }
  const key: Record<string, 1 | -1> = {}
  for (const [k, d] of Object.entries(v as Record<string, unknown>)) {
    if (d !== 1 && d !== -1) return { error: { code: 'direction', field: k } }
    key[k] = d
  }
  return Object.keys(key).length === 0 ? { error: { code: 'empty' } } : { key }
}

function shardingKeyErrorText(e: ShardingKeyError, t: TFunction): string {
  switch (e.code) {
    case 'invalidJson': return t('data.invalidJson', { message: e.message })
    case 'notObject': return t('data.shardingKeyErrors.notObject')
    case 'direction': return t('data.shardingKeyErrors.direction', { field: e.field })
    case 'empty': return t('data.shardingKeyErrors.empty')
  }
}

type Tri = '' | 'true' | 'false'
const tri = (v: Tri): boolean | undefined => (v === '' ? undefined : v === 'true')

/** Create-collection form with every createCL option (sharding, partitions, ReplSize, compression, group, AutoSplit...). */
export function CreateCollectionDialog({ cluster, cs, open, onOpenChange }: { cluster: string; cs: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation()
  const create = useCreateCollection(cluster, cs)
  const { notify, notifyError } = useNotices()
  const [name, setName] = useState('')
  const [shardingKey, setShardingKey] = useState('')
  const [shardingType, setShardingType] = useState<'' | 'hash' | 'range'>('')
  const [partition, setPartition] = useState('')
  const [replSize, setReplSize] = useState('')
  const [compressionType, setCompressionType] = useState<'' | 'none' | 'snappy' | 'lzw'>('')
  const [group, setGroup] = useState('')
  const [autoSplit, setAutoSplit] = useState<Tri>('')
  const [ensureShardingIndex, setEnsureShardingIndex] = useState<Tri>('')
  const [autoIndexId, setAutoIndexId] = useState<Tri>('')
  const [strictDataMode, setStrictDataMode] = useState<Tri>('')
  const [isMainCL, setIsMainCL] = useState<Tri>('')
  const sk = parseShardingKey(shardingKey)
  const partNum = partition === '' ? undefined : Number(partition)
  const partError = partNum !== undefined && (!Number.isInteger(partNum) || partNum < 8 || partNum > 1048576 || (partNum & (partNum - 1)) !== 0) ? t('data.partitionRule') : undefined
  const replNum = replSize === '' ? undefined : Number(replSize)
  const replError = replNum !== undefined && (!Number.isInteger(replNum) || replNum < -1 || replNum > 7) ? '-1..7' : undefined
  const invalid = name === '' || sk.error !== undefined || partError !== undefined || replError !== undefined
  const triSelect = (label: string, v: Tri, set: (v: Tri) => void) => (
    <Field label={label}>{(id) => (
      <Select id={id} value={v} onChange={(e) => set(e.target.value === 'true' ? 'true' : e.target.value === 'false' ? 'false' : '')}>
        <option value="">{t('common.none')}</option><option value="true">{t('common.yes')}</option><option value="false">{t('common.no')}</option>
      </Select>
    )}</Field>
  )
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={`${t('data.createCl')} · ${cs}`} wide>
      <form className="grid grid-cols-2 gap-3" onSubmit={(e) => {
        e.preventDefault()
        if (invalid) return
        const body: CreateCollectionBody = {
          name,
          ...(sk.key === undefined ? {} : { shardingKey: sk.key }),
          ...(shardingType === '' ? {} : { shardingType }),
          ...(partNum === undefined ? {} : { partition: partNum }),
          ...(replNum === undefined ? {} : { replSize: replNum }),
          ...(compressionType === '' ? {} : compressionType === 'none' ? { compressed: false } : { compressed: true, compressionType }),
          ...(group === '' ? {} : { group }),
          ...(tri(autoSplit) === undefined ? {} : { autoSplit: tri(autoSplit) }),
          ...(tri(ensureShardingIndex) === undefined ? {} : { ensureShardingIndex: tri(ensureShardingIndex) }),
          ...(tri(autoIndexId) === undefined ? {} : { autoIndexId: tri(autoIndexId) }),
          ...(tri(strictDataMode) === undefined ? {} : { strictDataMode: tri(strictDataMode) }),
          ...(tri(isMainCL) === undefined ? {} : { isMainCL: tri(isMainCL) }),
        }
        create.mutate(body, {
          onSuccess: () => { notify({ tone: 'success', title: t('data.created', { name: `${cs}.${name}` }) }); setName(''); onOpenChange(false) },
          onError: (err) => notifyError(t('data.createCl'), err),
        })
      }}>
        <Field label={t('common.name')}>{(id) => <Input id={id} required maxLength={127} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <Field label={t('data.shardingKey')} error={sk.error === undefined ? undefined : shardingKeyErrorText(sk.error, t)}>{(id) => <Input id={id} className="font-mono" placeholder='{"uid": 1}' value={shardingKey} onChange={(e) => setShardingKey(e.target.value)} />}</Field>
        <Field label={t('data.shardingType')}>{(id) => (
          <Select id={id} value={shardingType} onChange={(e) => setShardingType(e.target.value === 'hash' ? 'hash' : e.target.value === 'range' ? 'range' : '')}>
            <option value="">{t('common.none')}</option><option value="hash">hash</option><option value="range">range</option>
          </Select>
        )}</Field>
        <Field label={t('data.partition')} error={partError}>{(id) => <Input id={id} inputMode="numeric" placeholder="4096" value={partition} onChange={(e) => setPartition(e.target.value)} />}</Field>
        <Field label={t('data.replSize')} error={replError}>{(id) => <Input id={id} inputMode="numeric" placeholder="1" value={replSize} onChange={(e) => setReplSize(e.target.value)} />}</Field>
        <Field label={t('data.compressionType')}>{(id) => (
          <Select id={id} value={compressionType} onChange={(e) => { const v = e.target.value; setCompressionType(v === 'snappy' || v === 'lzw' || v === 'none' ? v : '') }}>
            <option value="">{t('common.none')}</option><option value="none">{t('data.compressionOff')}</option><option value="snappy">snappy</option><option value="lzw">lzw</option>
          </Select>
        )}</Field>
        <Field label={t('data.group')}>{(id) => <Input id={id} value={group} onChange={(e) => setGroup(e.target.value)} />}</Field>
        {triSelect(t('data.autoSplit'), autoSplit, setAutoSplit)}
        {triSelect(t('data.ensureShardingIndex'), ensureShardingIndex, setEnsureShardingIndex)}
        {triSelect(t('data.autoIndexId'), autoIndexId, setAutoIndexId)}
        {triSelect(t('data.strictDataMode'), strictDataMode, setStrictDataMode)}
        {triSelect(t('data.isMainCl'), isMainCL, setIsMainCL)}
        <div className="col-span-2 flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" disabled={invalid} busy={create.isPending}>{t('common.create')}</Button>
        </div>
      </form>
    </Dialog>
  )
}
