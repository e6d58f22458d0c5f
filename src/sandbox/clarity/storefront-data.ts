// What the storefront generator draws from: names (unicode), addresses in countries whose states, currencies and
// carriers the Odoo sandbox knows, payment methods, notes.

export interface City {
  city: string;
  region: string | null;
  postalCode: string;
}

export interface Country {
  code: string;
  currency: string;
  /** Sales tax/VAT the store charges on goods and shipping. */
  taxRate: number;
  /** The phone prefix; the generator appends four digits. */
  phonePrefix: string;
  cities: City[];
  streets: string[];
}

export const COUNTRIES: Country[] = [
  {
    code: 'US',
    currency: 'USD',
    taxRate: 0.0825,
    phonePrefix: '+1 415 555 ',
    cities: [
      { city: 'San Francisco', region: 'CA', postalCode: '94103' },
      { city: 'Los Angeles', region: 'CA', postalCode: '90012' },
      { city: 'New York', region: 'NY', postalCode: '10001' },
      { city: 'Austin', region: 'TX', postalCode: '78701' },
      { city: 'Seattle', region: 'WA', postalCode: '98101' },
      { city: 'Chicago', region: 'IL', postalCode: '60601' },
      { city: 'Boston', region: 'MA', postalCode: '02108' },
      { city: 'Miami', region: 'FL', postalCode: '33130' },
    ],
    streets: [
      '1200 Market Street',
      '77 Massachusetts Avenue',
      '350 Fifth Avenue',
      '500 Congress Ave',
      '1 Infinite Loop',
    ],
  },
  {
    code: 'CA',
    currency: 'USD',
    taxRate: 0.13,
    phonePrefix: '+1 416 555 ',
    cities: [
      { city: 'Toronto', region: 'ON', postalCode: 'M5V 2T6' },
      { city: 'Montréal', region: 'QC', postalCode: 'H2Y 1C6' },
      { city: 'Vancouver', region: 'BC', postalCode: 'V6B 1A1' },
      { city: 'Calgary', region: 'AB', postalCode: 'T2P 1J9' },
    ],
    streets: ['290 Bremner Blvd', '1001 Rue Sherbrooke Ouest', '800 Robson Street', '120 Rue Saint-Paul'],
  },
  {
    code: 'AU',
    currency: 'USD',
    taxRate: 0.1,
    phonePrefix: '+61 2 9555 ',
    cities: [
      { city: 'Sydney', region: 'NSW', postalCode: '2000' },
      { city: 'Melbourne', region: 'VIC', postalCode: '3000' },
      { city: 'Brisbane', region: 'QLD', postalCode: '4000' },
      { city: 'Perth', region: 'WA', postalCode: '6000' },
    ],
    streets: ['1 Macquarie Street', '200 Bourke Street', '33 Queen Street', '8 Hay Street'],
  },
  {
    code: 'GB',
    currency: 'GBP',
    taxRate: 0.2,
    phonePrefix: '+44 20 7946 ',
    cities: [
      { city: 'London', region: null, postalCode: 'EC1A 1BB' },
      { city: 'Manchester', region: null, postalCode: 'M1 1AE' },
      { city: 'Edinburgh', region: null, postalCode: 'EH1 1YZ' },
    ],
    streets: ['221B Baker Street', '10 Downing Street', "1 St Giles' Close", '5 Princes Street'],
  },
  {
    code: 'DE',
    currency: 'EUR',
    taxRate: 0.19,
    phonePrefix: '+49 30 5555 ',
    cities: [
      { city: 'Berlin', region: null, postalCode: '10115' },
      { city: 'München', region: null, postalCode: '80331' },
      { city: 'Köln', region: null, postalCode: '50667' },
    ],
    streets: ['Königstraße 42', 'Unter den Linden 77', 'Straße des 17. Juni 135', 'Hohe Straße 1'],
  },
  {
    code: 'FR',
    currency: 'EUR',
    taxRate: 0.2,
    phonePrefix: '+33 1 55 55 ',
    cities: [
      { city: 'Paris', region: null, postalCode: '75001' },
      { city: 'Lyon', region: null, postalCode: '69001' },
    ],
    streets: ['7 Rue de Rivoli', "12 Place de l'Hôtel de Ville", '3 Quai Saint-Antoine'],
  },
  {
    code: 'IE',
    currency: 'EUR',
    taxRate: 0.23,
    phonePrefix: '+353 1 555 ',
    cities: [
      { city: 'Dublin', region: null, postalCode: 'D02 X285' },
      { city: 'Galway', region: null, postalCode: 'H91 E2K3' },
    ],
    streets: ['12 Grafton Street', '4 Shop Street'],
  },
];

export const FIRST_NAMES = [
  'José',
  'Zoë',
  'Søren',
  'Łukasz',
  'Chloé',
  'Björn',
  'Aoife',
  'Mei',
  'Ольга',
  'François',
  'Siobhán',
  'Jürgen',
  'Renée',
  'Yūki',
  'Ngozi',
  'Matías',
  'Émilie',
  'Liam',
  'Olivia',
  'Noah',
  'Ana María',
  'Dmitri',
  'Ingrid',
  'Raphaël',
];
export const LAST_NAMES = [
  'Álvarez',
  'Brontë',
  'Kierkegaard',
  'Wójcik',
  'Müller',
  "O'Connor",
  'Nguyễn',
  '李',
  'Иванова',
  'García-López',
  'Smith',
  'Johnson',
  'van der Berg',
  'Dubois',
  'MacLeod',
  'Takahashi',
  'Okafor',
  'Søndergaard',
  'Şahin',
  'Øberg',
];
export const COMPANIES = [
  'Nordlicht GmbH',
  'Café Olé SARL',
  'Kōbō Studio',
  'Acme Outdoor Co.',
  'Þór & Sons Ltd',
  'Zürich Atelier AG',
];
export const STREET2 = ['Apt 4B', 'Suite 210', 'Unit 7', 'Floor 3', 'Building C', 'Wohnung 12', 'Bâtiment B'];
export const STREET3 = [
  'c/o Reception',
  'Attn: Receiving Dock',
  'Rear entrance',
  'Door code 4711',
  'Hinterhaus, 2. OG',
];
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'mail.example.net'];
export const PAYMENT_METHODS = ['CreditCard', 'PayPal', 'ApplePay', 'PurchaseOrder', 'BankTransfer'] as const;
/** Carriers the Odoo sandbox has as delivery methods, with their flat rate in USD. */
export const CARRIERS = [
  { key: 'UPS', rateUsd: 7.95 },
  { key: 'FedEx', rateUsd: 12.5 },
  { key: 'DHL', rateUsd: 19.9 },
] as const;
export const NOTES = [
  'Please leave at the back door 🚪',
  'Gift wrap, bitte 🎁',
  'Ring twice — the bell is quiet',
  'Délivrer après 18h',
];
export const RETURN_REASONS = ['Wrong size', 'Damaged in transit', 'Changed my mind', 'Not as described'];

/** What one unit of the store's base currency (USD) is worth in each currency the storefront sells in. */
export const USD_RATES: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79 };
