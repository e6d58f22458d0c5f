// The commented starter file `bridge init` writes.

export const STARTER_CONFIG = `# odoo-clarity-bridge configuration. Check it with: bridge config check
# Secrets are never written here: use { env: NAME } or { file: PATH }.

# Where the bridge keeps its events, jobs, bindings and checkpoints.
# SQLite (one process) by default; postgres://user@host/db to run several workers. DATABASE_URL overrides it.
store:
  url: "sqlite:./data/bridge.db"

# The bridge's HTTP server: webhooks in, the operations API, the dashboard, /metrics and /healthz.
server:
  host: 127.0.0.1
  port: 8787
  # The address Clarity and Odoo can post webhooks to (used by \`bridge clarity subscribe\`).
  # publicUrl: "https://bridge.example.com"

log:
  level: info

# Retries, leases and workers (these are the defaults).
engine:
  attempts: 12            # attempts before a job is dead-lettered
  backoffBaseMs: 1000     # first retry after up to 1 s, doubling...
  backoffMaxMs: 900000    # ...up to 15 min, with full jitter
  leaseMs: 60000          # a job whose worker stops answering is retried after this
  concurrency: 16         # jobs at once in this process
  retentionDays: 30       # events and finished jobs kept this long

# One Odoo database/company paired with one Clarity store per entry.
integrations:
  - id: main
    odoo:
      url: "https://erp.example.com"
      db: prod
      login: bot
      # company: "My Company"              # the Odoo company this integration works in (needed when the user has several)
      apiKey: { env: ODOO_API_KEY }         # or password: { env: ODOO_PASSWORD }
      transport: auto                       # auto | jsonrpc | json2 (Odoo 19+)
      webhookToken: { env: ODOO_WEBHOOK_TOKEN }
    clarity:
      url: "https://shop.example.com"
      clientId: bridge
      clientSecret: { env: CLARITY_CLIENT_SECRET }
      webhooks: true
    # Each flow's options, at their defaults (README, "Flow options"). Every flow also takes enabled: false (off)
    # and ownership: { <field group>: odoo | clarity | both } (its own systems of record).
    flows:
      order-to-odoo:
        confirm: true                       # false leaves orders as quotations (the store shows Pending)
        # holdOnReview: true                # an order waiting in review shows OnHold in the store
        # unknownOutcomeRetryMs: 60000      # wait before retrying an Odoo write whose answer was lost (default:
        #                                     2 x odoo.timeoutMs, at least 60000), so the retry finds what Odoo did
        # taxes: store-rate                  # store-rate puts the Odoo tax of the rate the store charged on every
        #                                     line; fiscal-position leaves the taxes to Odoo's fiscal positions
        # taxCodes: { Standard: ["15%"], Exempt: ["0% Exports"] }   # Odoo taxes (by name) for the items' Clarity
        #                                     TaxCode; they win over taxes for those items
        # carriers: { UPS: "Standard delivery" }   # the store's carrier -> an Odoo shipping method; one that
        #                                     matches nothing goes on a generic delivery line at the store's price
        # genericShippingProduct: Delivery_007      # that line's product (default: Odoo's "Standard delivery")
        # orderDate: store                  # store keeps the store's order date in Odoo; confirmation takes Odoo's
      # product-to-clarity:
      #   domain: [["sale_ok", "=", true]]  # the Odoo products (product.template) the store sells; stock follows it
      #   salePricelist: "Sale"             # the store's SalePrice from this Odoo pricelist (default: none sent)
      #   createCategories: true            # create the store categories a product names when missing
      #   categoryRoot: All                 # Odoo's root category, left out of the store's category paths
      # product-to-odoo:
      #   createInOdoo: false               # true makes products created in the store in Odoo too
      #   createCategories: true            # create the Odoo categories a store product names when missing
      #   categoryRoot: All                 # the Odoo category the store's category paths hang under
      # stock-to-clarity:
      #   quantity: on-hand                 # or available (on hand minus reserved)
      #   locations: [{ warehouse: WH, locationKey: Main }]   # default: all stock, at the store's default location
      #   safetyBuffer: 0                   # units held back: a number, or
      #                                     { default: 0, skus: { SKU-1: 5 }, categories: { "Apparel/Shirts": 3 } }
      # fulfillment-to-clarity: { enabled: false }
      # Who owns each field group (the defaults); "both" lets the later change win and records the conflict:
      # (weight: shipping weights are logistics; category: the store's categories are merchandising, Odoo's set accounts)
      # systems-of-record: { sku: odoo, price: odoo, stock: odoo, tax: odoo, financial: odoo, weight: odoo, description: clarity, seo: clarity, category: clarity, contact: clarity, address: clarity }
    # Per-connector limits, so a flow can never flood a system:
    # limits:
    #   odoo: { concurrency: 2, ratePerSecond: 10, burst: 20 }
`;
