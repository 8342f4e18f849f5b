/**
 * A small RFC 4180 reader for checking exported files: quoted cells, doubled quotes, CRLF or LF,
 * newlines inside quotes. Returns the header and one object per record keyed by it.
 */
export function readCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const records: string[][] = []
  let cells: string[] = []
  let cell = ''
  let inQuotes = false
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text
  for (let i = 0; i < src.length; i += 1) {
    const c = src.charAt(i)
    if (inQuotes) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"'
        i += 1
      } else if (c === '"') inQuotes = false
      else cell += c
      continue
    }
    if (c === '"') inQuotes = true
    else if (c === ',') {
      cells.push(cell)
      cell = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i += 1
      cells.push(cell)
      records.push(cells)
      cells = []
      cell = ''
    } else cell += c
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell)
    records.push(cells)
  }
  const [header = [], ...body] = records
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) }
}
