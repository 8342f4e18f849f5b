/** English strings; the shape every other locale follows. */
export const en = {
  common: {
    save: 'Save', cancel: 'Cancel', delete: 'Delete', create: 'Create', refresh: 'Refresh', close: 'Close', confirm: 'Confirm',
    loading: 'Loading…', retry: 'Retry', name: 'Name', actions: 'Actions', apply: 'Apply', copy: 'Copy', copied: 'Copied',
    edit: 'Edit', clone: 'Clone', insert: 'Insert', none: 'None', dismiss: 'Dismiss', done: 'Done', failed: 'Failed', yes: 'Yes', no: 'No',
    typeToConfirm: 'Type {{name}} to confirm', drop: 'Drop', rename: 'Rename', truncate: 'Truncate', upload: 'Upload', download: 'Download',
  },
  nav: { topology: 'Topology', data: 'Data', monitoring: 'Monitoring', sql: 'SQL', audit: 'Audit log', users: 'Users', main: 'Main' },
  shell: {
    cluster: 'Cluster', tree: 'Collection spaces and collections', filterTree: 'Filter collections', signedInAs: 'Signed in as {{user}} ({{role}})',
    logout: 'Log out', theme: 'Theme', themeSystem: 'System', themeLight: 'Light', themeDark: 'Dark', language: 'Language',
    commandPalette: 'Command palette', commandPlaceholder: 'Type a command or a collection…', breadcrumbs: 'Breadcrumbs', noMatches: 'No matches',
    shortcutsHint: 'Ctrl+K palette · / focus tree · Ctrl+Enter run query', home: 'Home', notices: 'Notifications', treeEmpty: 'No collection spaces',
  },
  roles: { viewer: 'Viewer', operator: 'Operator', admin: 'Admin' },
  login: { title: 'Sign in to Canopy', username: 'Username', password: 'Password', submit: 'Sign in', failed: 'Sign-in failed' },
  auth: {
    changePassword: 'Change password', chooseTitle: 'Choose a new password',
    oneTimeIntro: 'You signed in with a one-time password. Choose your own password to open the console.',
    voluntaryIntro: 'Choose a new password for signing in. Your other sessions will be signed out.',
    currentPassword: 'Current password', newPassword: 'New password', repeatPassword: 'Repeat the new password',
    newPasswordHint: 'At least {{count}} characters.', tooShort: 'Use at least {{count}} characters', sameAsCurrent: 'Choose a password that differs from the current one',
    mismatch: 'The two new passwords differ', required: 'Enter your current password', wrongCurrent: 'The current password is wrong',
    submit: 'Change password', failed: 'The password was not changed',
  },
  topology: {
    title: 'Topology', map: 'Map', table: 'Table', graph: 'Graph', view: 'View', group: 'Group', node: 'Node', role: 'Role', status: 'Status', primary: 'Primary',
    lag: 'Lag', lagValue: '{{lag}} behind', start: 'Start', stop: 'Stop', startGroup: 'Start group', stopGroup: 'Stop group', createGroup: 'Create group',
    addNode: 'Add node', removeNode: 'Remove node', live: 'Live', polling: 'Polling', outageTitle: 'Cluster unavailable: the console cannot reach SequoiaDB. The map below shows the last known state.', outageRetrying: 'Retrying every few seconds; this page recovers by itself when the cluster is back.', host: 'Host', port: 'Port', dbpath: 'Data path',
    impactTitle: 'Stop {{target}}?', impactLoading: 'Checking the impact…', isPrimary: 'This node is the primary of {{group}}: a new primary will be elected.',
    notPrimary: 'This node is a replica.', keepsMajority: 'The group keeps its majority ({{after}} of {{total}} nodes running).',
    losesMajority: 'The group loses its majority ({{after}} of {{total}} nodes running): writes to {{group}} will fail.', othersLag: 'Lag of the other nodes',
    stopGroupImpact: 'Every node of {{group}} stops; its data is unavailable until it starts again.',
    started: '{{target}} started', stopped: '{{target}} stopped', actionFailed: '{{action}} {{target}} failed', groupCreated: 'Group {{name}} created',
    nodeAdded: 'Node {{name}} added', nodeRemoved: 'Node {{name}} removed', removeNodeConfirm: 'Remove node {{name}} from {{group}}?', nodes: 'Nodes',
    statusValues: { running: 'running', stopped: 'stopped', starting: 'starting', stopping: 'stopping', unknown: 'unknown' },
    roles: { coord: 'coord', catalog: 'catalog', data: 'data' },
    empty: 'No groups yet', nodesCount: '{{count}} nodes',
  },
  data: {
    collectionSpaces: 'Collection spaces', collections: 'Collections', createCs: 'Create collection space', dropCs: 'Drop collection space',
    pageSize: 'Page size', lobPageSize: 'LOB page size', domain: 'Domain', count: 'Documents', size: 'Size', createCl: 'Create collection',
    dropCl: 'Drop collection', truncateCl: 'Truncate collection', renameCl: 'Rename collection', newName: 'New name',
    shardingKey: 'Sharding key (JSON)', shardingType: 'Sharding type', partition: 'Partitions', replSize: 'ReplSize', compressed: 'Compressed',
    compressionType: 'Compression', group: 'Group', autoSplit: 'AutoSplit', ensureShardingIndex: 'Ensure sharding index', isMainCl: 'Main collection',
    autoIndexId: 'Auto _id index', strictDataMode: 'Strict data mode', capped: 'Capped',
    created: '{{name}} created', dropped: '{{name}} dropped', truncated: '{{name}} truncated', renamed: 'Renamed to {{name}}',
    dropWarning: 'Dropping {{name}} deletes all of its data. This cannot be undone.', truncateWarning: 'Every document and LOB in {{name}} is deleted.',
    tabs: { documents: 'Documents', query: 'Query builder', indexes: 'Indexes', lobs: 'LOBs', details: 'Details' }, noCollections: 'No collections',
    details: 'Details', invalidJson: 'Not valid JSON: {{message}}',
  },
  documents: {
    table: 'Table', json: 'JSON', view: 'View', condition: 'Condition', run: 'Run', nextPage: 'Next page', firstPage: 'First page', rows: '{{count}} documents',
    estimated: 'about {{count}} in total', insert: 'Insert document', edit: 'Edit document', clone: 'Clone document', delete: 'Delete document',
    deleteConfirm: 'Delete the document with _id {{id}}?', updateByCondition: 'Update by condition', deleteByCondition: 'Delete by condition',
    rule: 'Update rule', preview: 'Preview', affected: '{{count}} documents match and will be changed', affectedDelete: '{{count}} documents match and will be deleted',
    updated: '{{updated}} documents updated', deleted: '{{count}} documents deleted', export: 'Export', import: 'Import', format: 'Format',
    importPreview: 'Preview of the first rows and their types', importProgress: 'Imported {{done}} rows', importDone: '{{name}}: {{inserted}} rows imported, {{failed}} failed', importErrors: '{{count}} rows failed',
    expand: 'Expand {{field}}', collapse: 'Collapse {{field}}', saved: 'Document saved', inserted: 'Document inserted', empty: 'No documents',
    chooseFile: 'File to import', rowActions: 'Actions for document {{id}}',
  },
  editor: {
    field: 'Field', value: 'Value', type: 'Type', addField: 'Add field', addItem: 'Add item', removeField: 'Remove {{field}}', typeOf: 'Type of {{field}}',
    valueOf: 'Value of {{field}}', nameOf: 'Name of field {{index}}', rawJson: 'Edit as JSON', tree: 'Edit as fields', invalid: 'Fix the highlighted values first',
    changedType: 'type changed',
  },
  indexes: {
    title: 'Indexes', create: 'Create index', drop: 'Drop index', fields: 'Fields', unique: 'Unique', enforced: 'Enforced', direction: 'Direction',
    asc: 'Ascending', desc: 'Descending', addField: 'Add field', fieldName: 'Field name', key: 'Key', dropConfirm: 'Drop index {{name}}?',
  },
  lobs: {
    title: 'LOBs', oid: 'Id', size: 'Size', created: 'Created', upload: 'Upload LOB', uploading: 'Uploading {{percent}}%', deleteConfirm: 'Delete LOB {{oid}}?', empty: 'No LOBs',
  },
  builder: {
    title: 'Query builder', condition: 'Condition', selector: 'Selector (fields to return)', sort: 'Sort', hint: 'Hint', skip: 'Skip', limit: 'Limit',
    json: 'Condition JSON', unsupported: 'Kept as JSON: the builder cannot show this part', jsonInvalid: 'The JSON is not valid; the builder keeps the last valid condition.',
    explain: 'Explain', scanType: 'Scan type', indexUsed: 'Index used', examined: 'Records examined', returned: 'Records returned', indexServable: 'An index can serve this field',
    code: 'As code', shell: 'sdb shell', python: 'Python', typescript: 'TypeScript', history: 'History', saved: 'Saved queries', saveAs: 'Save query',
    visibility: 'Visibility', private: 'Private', shared: 'Shared', run: 'Run query', load: 'Load', queryName: 'Query name', noHistory: 'No queries run yet',
  },
  monitoring: {
    title: 'Monitoring', charts: 'Live rates', pause: 'Pause', resume: 'Resume', window: 'Time window', scope: 'Scope', cluster: 'Whole cluster',
    inserts: 'Inserts/s', updates: 'Updates/s', deletes: 'Deletes/s', reads: 'Reads/s', snapshots: 'Snapshots', filter: 'Filter (JSON condition)',
    sortBy: 'Sort by', killSession: 'Kill session', killConfirm: 'Kill session {{id}}?', killed: 'Session {{id}} killed',
    types: { sessions: 'Sessions', contexts: 'Contexts', collections: 'Collections', health: 'Health', database: 'Database' },
  },
  sql: { title: 'SQL', statement: 'SQL statement', run: 'Run', results: '{{count}} rows' },
  audit: { title: 'Audit log', time: 'Time', actor: 'User', action: 'Action', target: 'Target', result: 'Result', older: 'Older entries', filterActor: 'Filter by user', filterAction: 'Filter by action' },
  users: {
    title: 'Users', create: 'Create user', username: 'Username', password: 'Password', role: 'Role', changeRole: 'Role of {{user}}', resetPassword: 'Reset password',
    deleteConfirm: 'Delete user {{user}}?', created: 'User {{user}} created', updated: 'User {{user}} updated', deleted: 'User {{user}} deleted',
  },
  errors: { notFound: 'Page not found', generic: 'Something went wrong', forbidden: 'Your role may not do this' },
}

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }
/** The shape of a locale's strings. */
export type Locale = Strings<typeof en>
