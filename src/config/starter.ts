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
      apiKey: { env: ODOO_API_KEY }         # or password: { env: ODOO_PASSWORD }
      transport: auto                       # auto | jsonrpc | json2 (Odoo 19+)
      webhookToken: { env: ODOO_WEBHOOK_TOKEN }
    clarity:
      url: "https://shop.example.com"
      clientId: bridge
      clientSecret: { env: CLARITY_CLIENT_SECRET }
      webhooks: true
    flows:
      order-to-odoo: { confirm: true }      # false leaves orders as quotations
      # product-to-clarity: { salePricelist: "Sale" }   # Clarity's SalePrice from this Odoo pricelist
      # product-to-odoo: { createInOdoo: false }         # true makes products created in Clarity in Odoo too
      # stock-to-clarity: { quantity: on-hand, safetyBuffer: 0 }
      # Who owns each field group (the defaults); "both" lets the later change win and records the conflict:
      # systems-of-record: { sku: odoo, price: odoo, stock: odoo, tax: odoo, financial: odoo, description: clarity, seo: clarity, contact: clarity, address: clarity }
    # Per-connector limits, so a flow can never flood a system:
    # limits:
    #   odoo: { concurrency: 2, ratePerSecond: 10, burst: 20 }
`;
