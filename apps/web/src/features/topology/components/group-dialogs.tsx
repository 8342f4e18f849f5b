import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../../../components/ui/button.js'
import { Dialog } from '../../../components/ui/dialog.js'
import { Field, Input } from '../../../components/ui/input.js'
import { useNotices } from '../../../lib/notices.js'
import { useAddNode, useCreateGroup } from '../api/control.js'

/** Asks for a new group's name and creates it. */
export function CreateGroupDialog({ cluster, open, onOpenChange }: { cluster: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  const create = useCreateGroup(cluster)
  const { notify, notifyError } = useNotices()
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t('topology.createGroup')}>
      <form className="flex flex-col gap-3" onSubmit={(e) => {
        e.preventDefault()
        create.mutate(name, {
          onSuccess: () => { notify({ tone: 'success', title: t('topology.groupCreated', { name }) }); setName(''); onOpenChange(false) },
          onError: (err) => notifyError(t('topology.createGroup'), err),
        })
      }}>
        <Field label={t('common.name')}>{(id) => <Input id={id} required maxLength={127} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" busy={create.isPending}>{t('common.create')}</Button>
        </div>
      </form>
    </Dialog>
  )
}

/** Adds a node (host, port, data path) to `group`. */
export function AddNodeDialog({ cluster, group, onClose }: { cluster: string; group: string | null; onClose: () => void }) {
  const { t } = useTranslation()
  const [host, setHost] = useState('')
  const [port, setPort] = useState('')
  const [dbpath, setDbpath] = useState('')
  const add = useAddNode(cluster)
  const { notify, notifyError } = useNotices()
  const portNum = Number(port)
  const portOk = Number.isInteger(portNum) && portNum >= 1 && portNum <= 65535
  return (
    <Dialog open={group !== null} onOpenChange={(o) => { if (!o) onClose() }} title={`${t('topology.addNode')} · ${group ?? ''}`}>
      <form className="flex flex-col gap-3" onSubmit={(e) => {
        e.preventDefault()
        if (group === null || !portOk) return
        add.mutate({ group, body: { host, port: portNum, dbpath } }, {
          onSuccess: () => { notify({ tone: 'success', title: t('topology.nodeAdded', { name: `${host}:${port}` }) }); onClose() },
          onError: (err) => notifyError(t('topology.addNode'), err),
        })
      }}>
        <Field label={t('topology.host')}>{(id) => <Input id={id} required value={host} onChange={(e) => setHost(e.target.value)} />}</Field>
        <Field label={t('topology.port')} error={port !== '' && !portOk ? '1–65535' : undefined}>{(id) => <Input id={id} required inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />}</Field>
        <Field label={t('topology.dbpath')}>{(id) => <Input id={id} required value={dbpath} onChange={(e) => setDbpath(e.target.value)} />}</Field>
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" disabled={!portOk} busy={add.isPending}>{t('topology.addNode')}</Button>
        </div>
      </form>
    </Dialog>
  )
}
