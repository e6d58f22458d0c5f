// Replays recorded Odoo exchanges (test/fixtures/odoo17, odoo19) against an Odoo, the sandbox or a real server, over
// real HTTP: the database, credentials and the ids learned from earlier answers are rewritten for the target, and
// each answer is handed back beside the recorded one. The fidelity test compares the sandbox's answers with the
// recording; the real-Odoo likeness check replays the same on a real server and on a sandbox and compares the two.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { isErrorBody, isObject, type HttpAnswer, type Json } from './odoo-answer-diff.ts';
import type { OdooLeftovers } from './odoo-leftovers.ts';
import type { Execute, OdooTarget } from './odoo-target.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

interface RecordedRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}
export interface RecordedResponse {
  status: number;
  headers?: Record<string, unknown>;
  body: unknown;
}
export interface Exchange {
  title?: string;
  request: RecordedRequest;
  response: RecordedResponse;
}
export interface FixtureFile {
  title: string;
  exchanges?: Exchange[];
  request?: RecordedRequest;
  response?: RecordedResponse;
  captured_webhook_requests?: { headers: Record<string, string>; body_raw: string }[];
}
export interface LoadedFixture {
  file: string;
  fixture: FixtureFile;
  exchanges: Exchange[];
}

type Relations = (model: string) => Promise<Record<string, { type: string; relation?: string }>>;

// ---- id mapping -----------------------------------------------------------------------------------------

/** Fixture ids → the target's ids, per model, learned from answers as the replay goes. */
export class IdMap {
  /** x2many answers whose ids, all known already, came in another order or set than recorded. */
  readonly mismatches: string[] = [];
  private readonly map = new Map<string, Map<number, number>>();
  private readonly used = new Map<string, Set<number>>();

  constructor(
    private readonly execute: Execute,
    private readonly relations: Relations,
  ) {}

  learn(model: string, fixtureId: unknown, targetId: unknown): void {
    if (typeof fixtureId !== 'number' || typeof targetId !== 'number') return;
    const forModel = this.map.get(model) ?? new Map<number, number>();
    this.map.set(model, forModel);
    if (forModel.has(fixtureId)) return;
    forModel.set(fixtureId, targetId);
    const used = this.used.get(model) ?? new Set<number>();
    used.add(targetId);
    this.used.set(model, used);
  }

  /**
   * The target's id for a fixture id. An id the replay never saw stands for the record the previous step just
   * created (Odoo made it server-side, e.g. a picking at confirmation): the newest one not mapped yet.
   * Ids from 99999 up are the fixtures' deliberately missing records and stay as they are.
   */
  async resolve(model: string, fixtureId: number): Promise<number> {
    const known = this.map.get(model)?.get(fixtureId);
    if (known !== undefined) return known;
    if (fixtureId >= 99999) return fixtureId;
    const ids = (await this.execute(model, 'search', [[]], {
      order: 'id desc',
      limit: 50,
      context: { active_test: false },
    })) as number[];
    const used = this.used.get(model) ?? new Set<number>();
    const fresh = ids.find((id) => !used.has(id));
    if (fresh === undefined) return fixtureId;
    this.learn(model, fixtureId, fresh);
    return fresh;
  }

  /** Learn from an answer of `model`: rows, ids, many2one pairs, x2many lists and window actions. */
  async learnFromAnswer(model: string, method: string, expected: Json, actual: Json): Promise<void> {
    if (method === 'create' || method === 'search') {
      if (typeof expected === 'number') this.learn(model, expected, actual);
      if (Array.isArray(expected) && Array.isArray(actual))
        expected.forEach((id, i) => this.learn(model, id, actual[i]));
      return;
    }
    if (Array.isArray(expected) && Array.isArray(actual)) {
      const pairs = pairRows(expected, actual);
      for (const [e, a] of pairs) await this.learnRow(model, e, a);
      return;
    }
    if (isObject(expected) && isObject(actual) && typeof expected.res_model === 'string') {
      this.learn(expected.res_model, expected.res_id, actual.res_id);
    }
  }

  private async learnRow(model: string, expected: Json, actual: Json): Promise<void> {
    if (!isObject(expected) || !isObject(actual)) return;
    this.learn(model, expected.id, actual.id);
    const fields = await this.relations(model);
    for (const [name, value] of Object.entries(expected)) {
      const relation = fields[name]?.relation;
      const other = actual[name];
      if (!relation) continue;
      if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string' && Array.isArray(other))
        this.learn(relation, value[0], other[0]);
      else if (Array.isArray(value) && Array.isArray(other) && value.length === other.length) {
        const known = value.map((id) => this.map.get(relation)?.get(id as number));
        if (value.length > 1 && known.every((id) => id !== undefined) && known.some((id, i) => id !== other[i])) {
          this.mismatches.push(
            `${model}.${name}: ${JSON.stringify(other)}, recorded ${JSON.stringify(value)} (= ${JSON.stringify(known)} on the target)`,
          );
        }
        value.forEach((id, i) => this.learn(relation, id, other[i]));
      } else if (typeof value === 'number' && typeof other === 'number') this.learn(relation, value, other);
    }
  }
}

/** Pair answer rows: by name when both hold the same names, else by position. */
function pairRows(expected: Json[], actual: Json[]): [Json, Json][] {
  const names = (rows: Json[]) => rows.map((r) => (isObject(r) ? r.name : undefined));
  const expectedNames = names(expected);
  const actualNames = names(actual);
  if (expectedNames.every((n) => typeof n === 'string') && expectedNames.every((n) => actualNames.includes(n))) {
    return expected.map((row) => [row, actual[actualNames.indexOf(isObject(row) ? row.name! : null)] ?? null]);
  }
  return expected.slice(0, actual.length).map((row, i) => [row, actual[i]!]);
}

// ---- request rewriting --------------------------------------------------------------------------------

/** Rewrites a recorded call for the target: ids, domains, contexts, the webhook URL, the polling cursor, tags. */
export class Rewriter {
  webhookUrl = '';
  sinceLiteral = '';
  /** Appended to the client_order_refs and external id names the fixtures use, so that runs never meet. */
  tag = '';

  constructor(
    private readonly ids: IdMap,
    private readonly relations: Relations,
  ) {}

  private tagged(model: string, field: string, value: Json): Json {
    const taggable = field === 'client_order_ref' || (model === 'ir.model.data' && field === 'name');
    return this.tag && taggable && typeof value === 'string' ? `${value}${this.tag}` : value;
  }

  async vals(model: string, vals: Json): Promise<Json> {
    if (!isObject(vals)) return vals;
    const fields = await this.relations(model);
    const out: Record<string, Json> = {};
    for (const [name, value] of Object.entries(vals)) {
      const def = fields[name];
      if (name === 'webhook_url' && typeof value === 'string') out[name] = this.webhookUrl;
      else if (this.tagged(model, name, value) !== value) out[name] = this.tagged(model, name, value);
      else if (
        model === 'ir.model.data' &&
        name === 'res_id' &&
        typeof value === 'number' &&
        typeof vals.model === 'string'
      )
        out[name] = await this.ids.resolve(vals.model, value);
      else if (def?.type === 'many2one' && typeof value === 'number' && def.relation)
        out[name] = await this.ids.resolve(def.relation, value);
      else if ((def?.type === 'one2many' || def?.type === 'many2many') && Array.isArray(value) && def.relation)
        out[name] = await this.commands(def.relation, value);
      else out[name] = value;
    }
    return out;
  }

  private async commands(relation: string, commands: Json[]): Promise<Json> {
    const out: Json[] = [];
    for (const command of commands) {
      if (typeof command === 'number') {
        out.push(await this.ids.resolve(relation, command));
        continue;
      }
      if (!Array.isArray(command)) continue;
      const [op, id, payload] = command as [number, number, Json];
      if (op === 0) out.push([0, 0, await this.vals(relation, payload)]);
      else if (op === 1) out.push([1, await this.ids.resolve(relation, id), await this.vals(relation, payload)]);
      else if (op === 6)
        out.push([6, 0, await Promise.all(((payload as number[]) ?? []).map((x) => this.ids.resolve(relation, x)))]);
      else out.push([op, await this.ids.resolve(relation, id)]);
    }
    return out;
  }

  async domain(model: string, domain: Json): Promise<Json> {
    if (!Array.isArray(domain)) return domain;
    const out: Json[] = [];
    const modelOfIrData = domain.find((leaf) => Array.isArray(leaf) && leaf[0] === 'model');
    for (const leaf of domain) {
      if (!Array.isArray(leaf) || typeof leaf[0] !== 'string') {
        out.push(leaf);
        continue;
      }
      const [path, op, value] = leaf as [string, string, Json];
      if (path === 'write_date' && typeof value === 'string') {
        out.push([path, op, this.sinceLiteral]);
        continue;
      }
      if (this.tagged(model, path, value) !== value) {
        out.push([path, op, this.tagged(model, path, value)]);
        continue;
      }
      let relation: string | undefined = path === 'id' ? model : undefined;
      if (!relation) {
        let current = model;
        for (const segment of path.split('.')) {
          const def: { type: string; relation?: string } | undefined = (await this.relations(current))[segment];
          relation = def?.relation;
          if (!relation) break;
          current = relation;
        }
      }
      if (model === 'ir.model.data' && path === 'res_id' && Array.isArray(modelOfIrData))
        relation = String(modelOfIrData[2]);
      if (relation && typeof value === 'number') out.push([path, op, await this.ids.resolve(relation, value)]);
      else if (relation && Array.isArray(value) && value.every((v) => typeof v === 'number'))
        out.push([path, op, await Promise.all(value.map((v) => this.ids.resolve(relation, v as number)))]);
      else out.push(leaf);
    }
    return out;
  }

  async context(context: Json): Promise<Json> {
    if (!isObject(context)) return context;
    const out: Record<string, Json> = { ...context };
    const activeModel = typeof context.active_model === 'string' ? context.active_model : undefined;
    if (activeModel && Array.isArray(context.active_ids))
      out.active_ids = await Promise.all(context.active_ids.map((id) => this.ids.resolve(activeModel, id as number)));
    if (activeModel && typeof context.active_id === 'number')
      out.active_id = await this.ids.resolve(activeModel, context.active_id);
    if (Array.isArray(context.button_validate_picking_ids))
      out.button_validate_picking_ids = await Promise.all(
        context.button_validate_picking_ids.map((id) => this.ids.resolve('stock.picking', id as number)),
      );
    if (Array.isArray(context.default_pick_ids))
      out.default_pick_ids = await this.commands('stock.picking', context.default_pick_ids);
    return out;
  }

  /** execute_kw(model, method, args, kwargs) with every id, domain and context rewritten. */
  async executeKw(
    model: string,
    method: string,
    args: Json[],
    kwargs: Record<string, Json>,
  ): Promise<[Json[], Record<string, Json>]> {
    const newArgs = [...args];
    const domainMethods = new Set(['search_read', 'search', 'search_count', 'read_group']);
    if (domainMethods.has(method)) newArgs[0] = await this.domain(model, args[0] ?? []);
    else if (method === 'create')
      newArgs[0] = Array.isArray(args[0])
        ? await Promise.all(args[0].map((v) => this.vals(model, v)))
        : await this.vals(model, args[0] ?? {});
    else if (method !== 'fields_get' && Array.isArray(args[0]))
      newArgs[0] = await Promise.all(args[0].map((id) => this.ids.resolve(model, id as number)));
    if (method === 'write') newArgs[1] = await this.vals(model, args[1] ?? {});
    const newKwargs = { ...kwargs };
    if (kwargs.context) newKwargs.context = await this.context(kwargs.context);
    return [newArgs, newKwargs];
  }
}

// ---- the replay ---------------------------------------------------------------------------------------

/** The fixture files of `test/fixtures/<dir>`, in order, each as a list of exchanges. */
export function loadFixtures(dir: string): LoadedFixture[] {
  return readdirSync(`${FIXTURES}${dir}`)
    .filter((name) => name.endsWith('.json') && !name.startsWith('_'))
    .sort()
    .map((file) => {
      const fixture = JSON.parse(readFileSync(`${FIXTURES}${dir}/${file}`, 'utf8')) as FixtureFile;
      const exchanges = fixture.exchanges ?? [
        { title: fixture.title, request: fixture.request!, response: fixture.response! },
      ];
      return { file, fixture, exchanges };
    });
}

export function loadJson2Exchanges(): Exchange[] {
  return (JSON.parse(readFileSync(`${FIXTURES}odoo19/json2-exchanges.json`, 'utf8')) as { exchanges: Exchange[] })
    .exchanges;
}

export interface Captured {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver for the webhooks Odoo posts (fixture 23), on a port of its own. */
export async function startReceiver(): Promise<{ url: string; captured: Captured[]; close(): Promise<void> }> {
  const captured: Captured[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      captured.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/odoo`,
    captured,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function makeRelations(execute: Execute): Relations {
  const cache = new Map<string, Record<string, { type: string; relation?: string }>>();
  return async (model) => {
    const cached = cache.get(model);
    if (cached) return cached;
    let fields: Record<string, { type: string; relation?: string }> = {};
    try {
      fields = (await execute(model, 'fields_get', [], { attributes: ['type', 'relation'] })) as typeof fields;
    } catch {
      fields = {};
    }
    cache.set(model, fields);
    return fields;
  };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    parsed = text.slice(0, 200);
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: parsed };
}

/** The demo products the fixtures use without looking them up, by the recorded ids and their codes. */
const DEMO_PRODUCTS: [number, string[]][] = [
  [17, ['E-COM07']],
  [19, ['E-COM09', 'E-COM08']], // 19's demo data has no E-COM09
  [20, ['E-COM10']],
  [21, ['E-COM11']],
  [12, ['E-COM12']],
];

/**
 * Learns the records the fixtures use without having looked them up (the recorded server's demo data), found on
 * the target by what they are: its products by code, the admin's company and its partner, the customers' location,
 * the company's stock and inventory-loss locations and its receipts type.
 */
export async function learnDemoRecords(ids: IdMap, target: OdooTarget): Promise<number[]> {
  const { execute } = target;
  const first = async (model: string, domain: unknown[]): Promise<number | undefined> =>
    ((await execute(model, 'search', [domain], { order: 'id', limit: 1 })) as number[])[0];
  const products = await demoProducts(target);
  for (const [fixtureId, id] of products) ids.learn('product.product', fixtureId, id);
  const [user] = (await execute('res.users', 'read', [[target.uid]], { fields: ['company_id'] })) as {
    company_id: [number, string];
  }[];
  const company = user!.company_id[0];
  const [companyRow] = (await execute('res.company', 'read', [[company]], { fields: ['partner_id'] })) as {
    partner_id: [number, string];
  }[];
  const [warehouse] = (await execute('stock.warehouse', 'search_read', [[['company_id', '=', company]]], {
    fields: ['lot_stock_id'],
    order: 'id',
    limit: 1,
  })) as { lot_stock_id: [number, string] }[];
  ids.learn('res.company', 1, company);
  ids.learn('res.users', 1, 1);
  ids.learn('res.users', 2, target.uid);
  ids.learn('res.partner', 1, companyRow!.partner_id[0]);
  ids.learn('stock.location', 5, await first('stock.location', [['usage', '=', 'customer']]));
  ids.learn('stock.location', 8, warehouse!.lot_stock_id[0]);
  ids.learn(
    'stock.location',
    14,
    await first('stock.location', [
      ['usage', '=', 'inventory'],
      ['company_id', '=', company],
    ]),
  );
  ids.learn(
    'stock.picking.type',
    1,
    await first('stock.picking.type', [
      ['code', '=', 'incoming'],
      ['company_id', '=', company],
    ]),
  );
  return [...products.values()];
}

/** The target's products standing for the recorded demo products: recorded id → the target's id. */
export async function demoProducts(target: OdooTarget): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  for (const [fixtureId, codes] of DEMO_PRODUCTS) {
    for (const code of codes) {
      const [id] = (await target.execute('product.product', 'search', [[['default_code', '=', code]]], {
        limit: 1,
      })) as number[];
      if (id === undefined) continue;
      found.set(fixtureId, id);
      break;
    }
  }
  return found;
}

export interface ReplayOptions {
  /** Where the webhook rule of fixture 23 posts. */
  webhookUrl: string;
  /** The polling cursor of fixture 18 (`YYYY-MM-DD HH:MM:SS`). */
  since: string;
  /** See Rewriter.tag. */
  tag?: string;
  /** Records what the replay makes, to take it away afterwards (real servers). */
  leftovers?: OdooLeftovers;
}

export interface ReplayedStep {
  file: string;
  index: number;
  /** `<file> #<n> <title>`: the same on every target. */
  label: string;
  /** The model and method of an execute_kw ('' otherwise). */
  model: string;
  method: string;
  recorded: RecordedResponse;
  answer: HttpAnswer;
}

/** Whose values the server's demo data decides: fields_get, polling, the first products (shapes only are compared). */
export function valuesComparable(step: { file: string; index: number }): boolean {
  return !(
    step.file.startsWith('10-') ||
    step.file.startsWith('18-') ||
    (step.file.startsWith('08-') && step.index === 0)
  );
}

/** Fixtures whose `name` values are ones the replay sent or Odoo fixed, not the server's sequences or demo data. */
export function namesComparable(step: { file: string }): boolean {
  return ['22-', '23-'].some((prefix) => step.file.startsWith(prefix));
}

/**
 * The recorded calls are Odoo 17's. Where a later version renamed a method, the replay calls it by its new name, so
 * that the sequence goes on (the old name's refusal is among the bridge's calls, test/support/odoo-bridge-calls.ts).
 */
const RENAMED_METHODS: { model: string; method: string; since: number; name: string }[] = [
  { model: 'stock.return.picking', method: 'create_returns', since: 18, name: 'action_create_returns' },
];

function renamedMethod(model: string, method: string, version: number): string {
  const rename = RENAMED_METHODS.find((r) => r.model === model && r.method === method && version >= r.since);
  return rename?.name ?? method;
}

/** Replays every exchange of `fixtures` in order against `target`. */
export async function replayRecorded(
  target: OdooTarget,
  fixtures: LoadedFixture[],
  options: ReplayOptions,
): Promise<{ steps: ReplayedStep[]; ids: IdMap; products: number[] }> {
  const relations = makeRelations(target.execute);
  const ids = new IdMap(target.execute, relations);
  const rewrite = new Rewriter(ids, relations);
  rewrite.webhookUrl = options.webhookUrl;
  rewrite.sinceLiteral = options.since;
  rewrite.tag = options.tag ?? '';
  const products = await learnDemoRecords(ids, target);
  const steps: ReplayedStep[] = [];
  const password = (value: Json | undefined): Json => (value === 'admin' ? target.password : (value ?? null));

  for (const { file, fixture, exchanges } of fixtures) {
    for (const [index, exchange] of exchanges.entries()) {
      const label = `${file} #${index + 1} ${exchange.title ?? fixture.title}`;
      const request = exchange.request;

      if (file.startsWith('23-') && (exchange.title ?? '').startsWith('trigger')) {
        // The recorded trigger validated a picking of an order made outside the recording: make one.
        const order = (await target.execute('sale.order', 'create', [
          {
            partner_id: await ids.resolve('res.partner', 67),
            order_line: [[0, 0, { product_id: await ids.resolve('product.product', 17), product_uom_qty: 1 }]],
          },
        ])) as number;
        options.leftovers?.note('sale.order', order);
        await target.execute('sale.order', 'action_confirm', [[order]]);
        const [picking] = (await target.execute('stock.picking', 'search', [[['sale_id', '=', order]]])) as number[];
        await target.execute('stock.picking', 'write', [[picking], { carrier_tracking_ref: '1Z888' }]);
        ids.learn('stock.picking', 452, picking);
      }

      let body = structuredClone(request.body) as Record<string, Json>;
      let model = '';
      let method = '';
      if (request.path === '/jsonrpc') {
        const params = body.params as Record<string, Json>;
        const args = [...(params.args as Json[])];
        if (params.service === 'common') {
          if (args[0] === 'odoo17') args[0] = target.db;
          if (args[1] === 'admin') args[1] = target.login;
          if (args.length > 2) args[2] = password(args[2]);
        } else {
          model = String(args[3]);
          method = renamedMethod(model, String(args[4]), target.version);
          args[4] = method;
          args[0] = target.db;
          if (args[1] === 2) args[1] = target.uid;
          args[2] = password(args[2]);
          const [newArgs, newKwargs] = await rewrite.executeKw(
            model,
            method,
            (args[5] as Json[]) ?? [],
            (args[6] as Record<string, Json>) ?? {},
          );
          args[5] = newArgs;
          args[6] = newKwargs;
        }
        body = { ...body, params: { ...params, args } };
      } else if (request.path === '/web/session/authenticate') {
        const params = body.params as Record<string, Json>;
        body = {
          ...body,
          params: {
            ...params,
            db: target.db,
            login: params.login === 'admin' ? target.login : params.login!,
            password: password(params.password),
          },
        };
      }

      const answer = await post(`${target.url}${request.path}`, body);
      steps.push({ file, index, label, model, method, recorded: exchange.response, answer });
      const recordedBody = exchange.response.body as Record<string, Json>;
      const answerBody = answer.body as Record<string, Json>;
      if (!model || isErrorBody(recordedBody)) continue;
      if (isErrorBody(answerBody)) {
        await learnDespiteDroppedFields(target, ids, relations, model, method, recordedBody, body);
        continue;
      }
      if (!isObject(answerBody) || 'result' in recordedBody !== 'result' in answerBody) continue;
      if (method === 'create' || isObject(answerBody.result)) options.leftovers?.note(model, answerBody.result ?? null);
      await ids.learnFromAnswer(model, method, recordedBody.result ?? null, answerBody.result ?? null);
    }
  }
  return { steps, ids, products };
}

/**
 * A read the version refused for a field it no longer has (18 dropped stock.return.picking's location_id) would
 * leave the ids it returns unknown to the rest of the sequence: they are learned from the same read without those
 * fields, asked aside (not a step of the replay).
 */
async function learnDespiteDroppedFields(
  target: OdooTarget,
  ids: IdMap,
  relations: Relations,
  model: string,
  method: string,
  recorded: Record<string, Json>,
  sent: Record<string, Json>,
): Promise<void> {
  if ((method !== 'read' && method !== 'search_read') || !('result' in recorded)) return;
  const [args, kwargs] = ((sent.params as Record<string, Json>).args as Json[]).slice(5) as [
    Json[],
    Record<string, Json>,
  ];
  const known = await relations(model);
  const fields = Array.isArray(kwargs.fields) ? kwargs.fields.filter((f) => typeof f === 'string' && f in known) : [];
  if (!fields.length) return;
  try {
    const rows = (await target.execute(model, method, args, { ...kwargs, fields })) as Json;
    await ids.learnFromAnswer(model, method, recorded.result ?? null, rows);
  } catch {
    // refused for another reason too: the ids stay unknown, as they would without this
  }
}

/** Replays the recorded JSON-2 exchanges of Odoo 19 (test/fixtures/odoo19) against a target with an API key. */
export async function replayJson2(
  target: OdooTarget,
  leftovers?: OdooLeftovers,
): Promise<{ label: string; recorded: RecordedResponse; answer: HttpAnswer }[]> {
  const steps: { label: string; recorded: RecordedResponse; answer: HttpAnswer }[] = [];
  const apiKey = target.apiKey ?? target.password;
  for (const exchange of loadJson2Exchanges()) {
    const label = exchange.title ?? exchange.request.path;
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(exchange.request.headers ?? {})) {
      if (key === 'authorization') headers[key] = value.replace('<api key>', apiKey);
      else if (key === 'x-odoo-database') headers[key] = target.db;
      else headers[key] = value;
    }
    let body = structuredClone(exchange.request.body) as Record<string, Json> | undefined;
    if (exchange.request.path === '/jsonrpc' && body) {
      const params = body.params as Record<string, Json>;
      const args = [...(params.args as Json[])];
      args[0] = target.db;
      args[1] = target.uid;
      args[2] = apiKey;
      body = { ...body, params: { ...params, args } };
    }
    const url = `${target.url}${exchange.request.path}`;
    let answer: HttpAnswer;
    if (exchange.request.method === 'GET') {
      const response = await fetch(url);
      answer = { status: response.status, body: (await response.json()) as Json };
    } else answer = await post(url, body ?? {}, headers);
    if (exchange.request.path.endsWith('/create') && answer.status === 200) {
      const model = exchange.request.path.split('/')[3]!;
      leftovers?.note(model, answer.body);
    }
    steps.push({ label, recorded: exchange.response, answer });
  }
  return steps;
}
