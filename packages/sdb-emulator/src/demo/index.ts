/**
 * The `--demo` data set: a few collection spaces with realistic, deterministic collections
 * (customers, products and orders of a shop; devices and hash-sharded sensor readings; an HR
 * directory) with nested fields, arrays, dates, Int64 and decimals, plus indexes, so the console
 * has something real to show on first start.
 *
 * The loader only talks to a {@link DemoTarget}, which the runtime implements with the same
 * routing as the `$create ...` commands and inserts, so the data lands on the right groups and
 * replicas exactly as a client's would.
 */
import { Double, Long, ObjectId, SdbDecimal, type BsonDocument } from '@canopy/sdb-client/bson'

/** What the demo needs from the emulator: the effect of the equivalent client requests. */
export interface DemoTarget {
  /** As `$create collectionspace` with this Q document. */
  createCollectionSpace(options: BsonDocument): void
  /** As `$create collection` with this Q document (`Name` = `cs.cl` plus options). */
  createCollection(options: BsonDocument): void
  /** As `$create index` on `fullName` with this `Index` document (`{ name, key, unique? }`). */
  createIndex(fullName: string, index: BsonDocument): void
  /** As one bulk insert; the loader sends batches of at most {@link DEMO_BATCH} documents. */
  insert(fullName: string, docs: BsonDocument[]): void
}

/** `full`: 50,000+ documents; `small`: about 1,100, for end-to-end tests that must seed in a second. */
export type DemoSize = 'full' | 'small'

/** Options of {@link loadDemo}. */
export interface DemoOptions {
  readonly size?: DemoSize | undefined
  /** Seed of the generator; the same seed always yields the same documents. */
  readonly seed?: number | undefined
}

/** What {@link loadDemo} created, for logging and tests. */
export interface DemoSummary {
  readonly collections: readonly { readonly name: string; readonly documents: number }[]
  readonly totalDocuments: number
}

/** Documents per insert call. */
export const DEMO_BATCH = 1000

/** Collection names of the demo, for tests and the console's first-start hints. */
export const DemoCollections = {
  customers: 'shop.customers',
  products: 'shop.products',
  orders: 'shop.orders',
  devices: 'iot.devices',
  readings: 'iot.sensor_readings',
  departments: 'hr.departments',
  employees: 'hr.employees',
} as const

const FULL_COUNTS = {
  customers: 5000,
  products: 400,
  orders: 20000,
  devices: 200,
  readings: 25000,
  departments: 12,
  employees: 1200,
}

const SMALL_COUNTS = {
  customers: 100,
  products: 40,
  orders: 400,
  devices: 20,
  readings: 500,
  departments: 12,
  employees: 60,
}

/** A fixed instant so that every load yields the same dates (2026-01-01T00:00:00Z). */
const EPOCH = Date.UTC(2026, 0, 1)
const DAY = 86_400_000

/** mulberry32: small, fast and good enough to make data look varied. */
class Random {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new RangeError('pick from an empty list')
    return item
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }
}

const FIRST_NAMES = ['Ada', 'Bao', 'Chen', 'Dara', 'Elif', 'Femi', 'Gita', 'Hugo', 'Ines', 'Jun', 'Kofi', 'Lena', 'Mei', 'Nils', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Uma', 'Vik', 'Wen', 'Xiu', 'Yara', 'Zane']
const LAST_NAMES = ['Li', 'Wang', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Garcia', 'Smith', 'Okafor', 'Novak', 'Silva', 'Khan', 'Berg', 'Rossi', 'Tanaka', 'Kim']
const CITIES = [
  { city: 'Shenzhen', country: 'CN', lat: 22.54, lon: 114.06 },
  { city: 'Guangzhou', country: 'CN', lat: 23.13, lon: 113.26 },
  { city: 'Shanghai', country: 'CN', lat: 31.23, lon: 121.47 },
  { city: 'Beijing', country: 'CN', lat: 39.9, lon: 116.41 },
  { city: 'Singapore', country: 'SG', lat: 1.35, lon: 103.82 },
  { city: 'Berlin', country: 'DE', lat: 52.52, lon: 13.4 },
  { city: 'Lagos', country: 'NG', lat: 6.52, lon: 3.38 },
  { city: 'Sao Paulo', country: 'BR', lat: -23.55, lon: -46.63 },
  { city: 'Toronto', country: 'CA', lat: 43.65, lon: -79.38 },
  { city: 'Sydney', country: 'AU', lat: -33.87, lon: 151.21 },
]
const CATEGORIES = ['books', 'electronics', 'garden', 'kitchen', 'outdoor', 'toys', 'office', 'music']
const ADJECTIVES = ['Compact', 'Deluxe', 'Eco', 'Smart', 'Classic', 'Pro', 'Mini', 'Ultra', 'Rugged', 'Silent']
const NOUNS = ['Lamp', 'Kettle', 'Backpack', 'Speaker', 'Notebook', 'Drill', 'Tent', 'Puzzle', 'Chair', 'Headphones', 'Planter', 'Blender']
const ORDER_STATUS = ['pending', 'paid', 'shipped', 'delivered', 'delivered', 'delivered', 'cancelled', 'returned']
const PAYMENT = ['card', 'alipay', 'wechat', 'bank_transfer', 'cash_on_delivery']
const TIERS = ['bronze', 'silver', 'gold', 'platinum']
const SENSOR_KINDS = [
  { kind: 'temperature', unit: 'C', base: 21, spread: 8 },
  { kind: 'humidity', unit: '%', base: 45, spread: 20 },
  { kind: 'pressure', unit: 'hPa', base: 1013, spread: 12 },
  { kind: 'co2', unit: 'ppm', base: 600, spread: 300 },
]
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Support', 'Operations', 'Legal', 'People', 'Research', 'Design', 'Security', 'Data']
const SKILLS = ['sql', 'typescript', 'go', 'negotiation', 'design', 'ops', 'statistics', 'writing', 'java', 'python', 'security', 'support']

/** Two decimal places, as money is stored. */
function money(cents: number): SdbDecimal {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return SdbDecimal.fromString(`${sign}${String(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`)
}

/** A double even when the value happens to be integral (so the field keeps one BSON type). */
function double(value: number, digits: number): Double {
  return new Double(Number(value.toFixed(digits)))
}

function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = []
  for (const item of items) {
    batch.push(item)
    if (batch.length === size) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

/**
 * Creates the demo collection spaces, collections and indexes and fills them. Deterministic:
 * the same options always produce the same documents. Throws the target's errors (e.g. -33
 * when the demo already exists: the runtime should call it only on a fresh data directory).
 */
export function loadDemo(target: DemoTarget, options: DemoOptions = {}): DemoSummary {
  const counts = options.size === 'small' ? SMALL_COUNTS : FULL_COUNTS
  const random = new Random(options.seed ?? 20260101)
  const summary: { name: string; documents: number }[] = []

  const fill = (fullName: string, docs: Iterable<BsonDocument>): void => {
    let total = 0
    for (const batch of chunks(docs, DEMO_BATCH)) {
      target.insert(fullName, batch)
      total += batch.length
    }
    summary.push({ name: fullName, documents: total })
  }

  target.createCollectionSpace({ Name: 'shop' })
  target.createCollectionSpace({ Name: 'iot', LobPageSize: 65536 })
  target.createCollectionSpace({ Name: 'hr', PageSize: 16384 })

  target.createCollection({ Name: DemoCollections.customers })
  target.createCollection({ Name: DemoCollections.products, ReplSize: 0 })
  target.createCollection({ Name: DemoCollections.orders, Compressed: true, CompressionType: 'lz4' })
  target.createCollection({ Name: DemoCollections.devices })
  target.createCollection({
    Name: DemoCollections.readings,
    ShardingKey: { sensorId: 1 },
    ShardingType: 'hash',
    Partition: 1024,
    AutoSplit: true,
  })
  target.createCollection({ Name: DemoCollections.departments })
  target.createCollection({ Name: DemoCollections.employees })

  target.createIndex(DemoCollections.customers, { name: 'email_unique', key: { email: 1 }, unique: true, enforced: true })
  target.createIndex(DemoCollections.customers, { name: 'city_tier', key: { 'address.city': 1, tier: 1 } })
  target.createIndex(DemoCollections.products, { name: 'sku_unique', key: { sku: 1 }, unique: true })
  target.createIndex(DemoCollections.products, { name: 'category_price', key: { category: 1, price: -1 } })
  target.createIndex(DemoCollections.orders, { name: 'customer_date', key: { customerId: 1, orderDate: -1 } })
  target.createIndex(DemoCollections.orders, { name: 'status', key: { status: 1 } })
  target.createIndex(DemoCollections.readings, { name: 'sensor_time', key: { sensorId: 1, ts: -1 } })
  target.createIndex(DemoCollections.employees, { name: 'department', key: { department: 1, salary: -1 } })

  const customers = customerDocuments(random, counts.customers)
  fill(DemoCollections.customers, customers)
  const products = productDocuments(random, counts.products)
  fill(DemoCollections.products, products)
  fill(DemoCollections.orders, orderDocuments(random, counts.orders, customers, products))
  const devices = deviceDocuments(random, counts.devices)
  fill(DemoCollections.devices, devices)
  fill(DemoCollections.readings, readingDocuments(random, counts.readings, devices))
  fill(DemoCollections.departments, departmentDocuments(counts.departments))
  fill(DemoCollections.employees, employeeDocuments(random, counts.employees, counts.departments))

  return { collections: summary, totalDocuments: summary.reduce((sum, c) => sum + c.documents, 0) }
}

function customerDocuments(random: Random, count: number): BsonDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const first = random.pick(FIRST_NAMES)
    const last = random.pick(LAST_NAMES)
    const place = random.pick(CITIES)
    const doc: BsonDocument = {
      _id: i + 1,
      name: { first, last },
      email: `${first.toLowerCase()}.${last.toLowerCase()}.${String(i + 1)}@example.com`,
      tier: random.pick(TIERS),
      address: {
        street: `${String(random.int(1, 999))} ${random.pick(NOUNS)} Road`,
        city: place.city,
        country: place.country,
        zip: String(random.int(10000, 99999)),
      },
      signupDate: new Date(EPOCH - random.int(30, 1500) * DAY),
      loyaltyPoints: new Long(random.int(0, 250_000)),
      tags: Array.from(new Set(Array.from({ length: random.int(0, 3) }, () => random.pick(['vip', 'newsletter', 'b2b', 'wholesale', 'beta'])))),
      active: random.chance(0.9),
    }
    if (random.chance(0.3)) doc['phone'] = `+${String(random.int(10, 99))} ${String(random.int(100_000_000, 999_999_999))}`
    return doc
  })
}

function productDocuments(random: Random, count: number): BsonDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const category = random.pick(CATEGORIES)
    const priceCents = random.int(199, 99_999)
    return {
      _id: `P${String(i + 1).padStart(5, '0')}`,
      sku: `${category.slice(0, 3).toUpperCase()}-${String(100_000 + i * 7)}`,
      title: `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)}`,
      category,
      price: money(priceCents),
      stock: random.int(0, 500),
      rating: double(1 + random.next() * 4, 1),
      dimensions: { widthCm: random.int(5, 120), heightCm: random.int(5, 120), weightKg: double(0.1 + random.next() * 25, 2) },
      attributes: Array.from({ length: random.int(1, 3) }, () => ({ name: random.pick(['color', 'size', 'material']), value: random.pick(['red', 'blue', 'L', 'M', 'steel', 'oak']) })),
      addedAt: new Date(EPOCH - random.int(1, 900) * DAY),
    }
  })
}

function orderDocuments(random: Random, count: number, customers: BsonDocument[], products: BsonDocument[]): Generator<BsonDocument> {
  return (function* () {
    for (let i = 0; i < count; i += 1) {
      const customer = random.pick(customers)
      const lines = Array.from({ length: random.int(1, 5) }, () => {
        const product = random.pick(products)
        const quantity = random.int(1, 4)
        const unit = product['price'] as SdbDecimal
        const unitCents = Math.round(unit.toNumber() * 100)
        return { productId: product['_id'], sku: product['sku'], quantity, unitPrice: unit, lineTotalCents: unitCents * quantity }
      })
      const subtotal = lines.reduce((sum, line) => sum + line.lineTotalCents, 0)
      const shipping = subtotal > 10_000 ? 0 : 899
      const status = random.pick(ORDER_STATUS)
      const orderDate = new Date(EPOCH - random.int(0, 720) * DAY - random.int(0, DAY - 1))
      const customerName = customer['name'] as { first: string; last: string }
      const doc: BsonDocument = {
        _id: new Long(1_000_000 + i),
        orderNo: `SO-${String(2024_000_000 + i)}`,
        customerId: customer['_id'],
        // Denormalised as order screens and reports want them: who and where, and the amount.
        customer: {
          id: customer['_id'],
          name: `${customerName.first} ${customerName.last}`,
          country: (customer['address'] as BsonDocument)['country'] ?? null,
        },
        orderDate,
        status,
        items: lines.map((line) => ({ productId: line.productId, sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice })),
        total: money(subtotal + shipping),
        totals: { subtotal: money(subtotal), shipping: money(shipping), grandTotal: money(subtotal + shipping) },
        payment: { method: random.pick(PAYMENT), captured: status !== 'pending' && status !== 'cancelled' },
        shipTo: customer['address'] ?? null,
      }
      if (status === 'shipped' || status === 'delivered') {
        doc['shippedAt'] = new Date(orderDate.getTime() + random.int(1, 4) * DAY)
      }
      if (random.chance(0.1)) doc['note'] = random.pick(['gift wrap', 'leave at the door', 'call before delivery', 'fragile'])
      yield doc
    }
  })()
}

function deviceDocuments(random: Random, count: number): BsonDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const sensor = SENSOR_KINDS[i % SENSOR_KINDS.length] ?? SENSOR_KINDS[0]
    const place = random.pick(CITIES)
    return {
      _id: `S${String(i + 1).padStart(4, '0')}`,
      kind: sensor?.kind ?? 'temperature',
      unit: sensor?.unit ?? 'C',
      firmware: `${String(random.int(1, 3))}.${String(random.int(0, 9))}.${String(random.int(0, 20))}`,
      location: { site: `${place.city} DC${String(random.int(1, 4))}`, lat: double(place.lat + random.next() / 10, 4), lon: double(place.lon + random.next() / 10, 4) },
      installedAt: new Date(EPOCH - random.int(10, 700) * DAY),
      online: random.chance(0.92),
    }
  })
}

function readingDocuments(random: Random, count: number, devices: BsonDocument[]): Generator<BsonDocument> {
  return (function* () {
    const start = EPOCH - 7 * DAY
    for (let i = 0; i < count; i += 1) {
      const device = devices[i % devices.length] ?? {}
      const sensor = SENSOR_KINDS.find((k) => k.kind === device['kind']) ?? SENSOR_KINDS[0]
      const base = sensor?.base ?? 0
      const spread = sensor?.spread ?? 1
      const micros = BigInt(start + Math.floor((i / count) * 7 * DAY)) * 1000n + BigInt(random.int(0, 999))
      const doc: BsonDocument = {
        _id: demoObjectId(Number(micros / 1_000_000n), i),
        sensorId: device['_id'] ?? 'S0000',
        ts: Long.fromBigInt(micros),
        recordedAt: new Date(Number(micros / 1000n)),
        value: double(base + (random.next() - 0.5) * spread, 3),
        unit: device['unit'] ?? '',
        quality: random.chance(0.97) ? 'good' : 'suspect',
        seq: new Long(i),
      }
      if (random.chance(0.05)) doc['alerts'] = [random.pick(['threshold', 'spike', 'battery_low'])]
      yield doc
    }
  })()
}

/** An ObjectId made of a time and a counter, so reloading the demo yields the same ids. */
function demoObjectId(seconds: number, counter: number): ObjectId {
  const bytes = Buffer.alloc(12)
  bytes.writeUInt32BE(seconds >>> 0, 0)
  bytes.writeUInt32BE(0xca0097, 4)
  bytes.writeUInt32BE(counter >>> 0, 8)
  return new ObjectId(bytes)
}

function departmentDocuments(count: number): BsonDocument[] {
  return DEPARTMENTS.slice(0, count).map((name, i) => ({
    _id: i + 1,
    name,
    code: name.slice(0, 3).toUpperCase(),
    budget: money((i + 3) * 125_000_00),
    floors: [i % 5 + 1],
  }))
}

function employeeDocuments(random: Random, count: number, departments: number): BsonDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const first = random.pick(FIRST_NAMES)
    const last = random.pick(LAST_NAMES)
    const department = DEPARTMENTS[random.int(0, departments - 1)] ?? 'Engineering'
    const doc: BsonDocument = {
      _id: 10_000 + i,
      name: `${first} ${last}`,
      department,
      title: random.pick(['Engineer', 'Senior Engineer', 'Manager', 'Analyst', 'Specialist', 'Director', 'Associate']),
      salary: money(random.int(40_000, 240_000) * 100),
      hiredOn: new Date(EPOCH - random.int(30, 4000) * DAY),
      skills: Array.from(new Set(Array.from({ length: random.int(1, 4) }, () => random.pick(SKILLS)))),
      contact: { email: `${first.toLowerCase()}.${String(10_000 + i)}@corp.example`, desk: `${String(random.int(1, 9))}-${String(random.int(100, 450))}` },
    }
    if (i > 0 && random.chance(0.8)) doc['managerId'] = 10_000 + random.int(0, Math.max(0, i - 1))
    return doc
  })
}
