// The catalog both sandboxes are seeded with, so that their products match by SKU. Deterministic: the same
// count always gives the same products, and a large count (100,000) is generated lazily without holding it all.

export interface SeedProduct {
  /** The SKU: Odoo `default_code`, Clarity `CustomKey`. */
  sku: string;
  name: string;
  barcode: string;
  /** Price excluding tax, in USD. */
  listPrice: number;
  /** Weight in kg. */
  weight: number;
  /** Category path, e.g. `Apparel/Shirts` (Odoo shows it as `All / Apparel / Shirts`). */
  category: string;
  /** Units on hand in the main warehouse when the sandbox starts. */
  onHand: number;
}

export const SEED_CATEGORIES = [
  'Apparel/Shirts',
  'Apparel/Hoodies',
  'Apparel/Accessories',
  'Home/Kitchen',
  'Home/Decor',
  'Outdoor/Camping',
  'Outdoor/Cycling',
  'Office/Stationery',
] as const;

const NOUNS: Record<(typeof SEED_CATEGORIES)[number], string[]> = {
  'Apparel/Shirts': ['T-Shirt', 'Oxford Shirt', 'Polo', 'Linen Shirt', 'Henley'],
  'Apparel/Hoodies': ['Hoodie', 'Zip Hoodie', 'Sweatshirt', 'Fleece'],
  'Apparel/Accessories': ['Beanie', 'Scarf', 'Cap', 'Tote Bag', 'Socks'],
  'Home/Kitchen': ['Mug', 'Chef Knife', 'Cutting Board', 'Tea Kettle', 'Skillet'],
  'Home/Decor': ['Throw Pillow', 'Candle', 'Vase', 'Wall Clock', 'Blanket'],
  'Outdoor/Camping': ['Tent', 'Sleeping Bag', 'Headlamp', 'Camp Stove', 'Water Bottle'],
  'Outdoor/Cycling': ['Bike Light', 'Helmet', 'Bottle Cage', 'Saddle Bag', 'Gloves'],
  'Office/Stationery': ['Notebook', 'Fountain Pen', 'Desk Lamp', 'Planner', 'Sticky Notes'],
};
const ADJECTIVES = [
  'Classic',
  'Organic',
  'Nordic',
  'Trail',
  'Urban',
  'Vintage',
  'Café',
  'Alpine',
  'Coastal',
  'Studio',
  'Großartig',
  'Señor',
];
const COLOURS = ['Black', 'Navy', 'Sand', 'Forest', 'Crimson', 'Slate', 'Oat', 'Teal'];

/** A small deterministic PRNG (mulberry32), so seeds are reproducible across processes. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The SKU of the n-th seeded product (1-based): `SKU-00001`. */
export function seedSku(n: number): string {
  return `SKU-${String(n).padStart(5, '0')}`;
}

/** The n-th seeded product (1-based). */
export function seedProduct(n: number): SeedProduct {
  const random = seededRandom(n * 7919);
  const category = SEED_CATEGORIES[(n - 1) % SEED_CATEGORIES.length]!;
  const nouns = NOUNS[category];
  const noun = nouns[Math.floor(random() * nouns.length)]!;
  const adjective = ADJECTIVES[Math.floor(random() * ADJECTIVES.length)]!;
  const colour = COLOURS[Math.floor(random() * COLOURS.length)]!;
  const listPrice = Math.round((5 + random() * 195) * 100) / 100;
  return {
    sku: seedSku(n),
    name: `${adjective} ${noun} – ${colour}`,
    barcode: ean13(400000000000 + n),
    listPrice,
    weight: Math.round((0.1 + random() * 4.9) * 100) / 100,
    category,
    onHand: 20 + Math.floor(random() * 480),
  };
}

/** The first `count` seeded products, generated one at a time. */
export function* seedCatalog(count = 300): Generator<SeedProduct> {
  for (let n = 1; n <= count; n++) yield seedProduct(n);
}

/** An EAN-13 barcode for a 12-digit number (check digit computed). */
function ean13(body: number): string {
  const digits = String(body).padStart(12, '0');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return digits + ((10 - (sum % 10)) % 10);
}
