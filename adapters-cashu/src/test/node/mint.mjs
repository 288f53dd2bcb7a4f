#!/usr/bin/env node
// A small in-memory Cashu mint for integration tests, built on the mint-side helpers of
// @cashu/cashu-ts (public keys, keyset ids, blind signatures, DLEQ, hash_to_curve). Fake Lightning backend.
// NUTs: 00-09, 12, 19 (bolt11 only, units sat and msat). Not for production: no persistence,
// no spending conditions (NUT-10/11 secrets are rejected), no auth.
//
// Usage: node mint.mjs [--port N] [--seed S] [--input-fee-ppk N] [--units sat,msat]
//                      [--manual-pay] [--max-order N] [--verbose]
// Env equivalents: MINT_PORT, MINT_SEED, MINT_INPUT_FEE_PPK, MINT_UNITS, MINT_MANUAL_PAY=1,
// MINT_MAX_ORDER, MINT_VERBOSE=1. Prints "LISTENING <port>" on stdout once ready.

import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import {
  createBlindSignature,
  createDLEQProof,
  deriveKeysetId,
  getPubKeyFromPrivKey,
  hashToCurve,
  pointFromHex,
  schnorrVerifyDigest,
  verifyMintQuoteSignature,
} from '@cashu/cashu-ts';

// ---------------------------------------------------------------------------------------------
// Configuration

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) {
      out[a.slice(2, eq)] = a.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      out[a.slice(2)] = argv[++i];
    } else {
      out[a.slice(2)] = 'true';
    }
  }
  return out;
}

const truthy = (v) => v !== undefined && /^(1|true|yes|on)$/i.test(String(v));

const args = parseArgs(process.argv.slice(2));
const env = process.env;
const PORT = Number(args.port ?? env.MINT_PORT ?? 0);
const SEED = String(args.seed ?? env.MINT_SEED ?? 'routstr-test-mint');
const INPUT_FEE_PPK = Number(args['input-fee-ppk'] ?? env.MINT_INPUT_FEE_PPK ?? 0);
const UNITS = String(args.units ?? env.MINT_UNITS ?? 'sat,msat')
  .split(',')
  .map((u) => u.trim())
  .filter(Boolean);
const MAX_ORDER = Number(args['max-order'] ?? env.MINT_MAX_ORDER ?? 64);
const VERBOSE = truthy(args.verbose ?? env.MINT_VERBOSE);

for (const [name, v] of [
  ['port', PORT],
  ['input-fee-ppk', INPUT_FEE_PPK],
  ['max-order', MAX_ORDER],
]) {
  if (!Number.isInteger(v) || v < 0) {
    console.error(`invalid --${name}: ${v}`);
    process.exit(2);
  }
}
if (MAX_ORDER < 1 || MAX_ORDER > 64) {
  console.error('--max-order must be in [1, 64]');
  process.exit(2);
}

// Mutable at run time through POST /test/config.
const config = {
  // Mint quotes are PAID as soon as they are created (false: UNPAID until POST /test/pay/{quote}).
  autoPay: !truthy(args['manual-pay'] ?? env.MINT_MANUAL_PAY),
  // Outcome of paying an external (not this mint's) invoice: PAID, FAILED or PENDING.
  meltOutcome: 'PAID',
  // Lightning routing fee actually paid for external invoices, in msat (capped at fee_reserve).
  lnFeeMsat: 1000,
  // fee_reserve for external invoices = max(feeReserveMinMsat, feePercent % of the amount).
  feeReserveMinMsat: 2000,
  feePercent: 1,
  // NUT-19: replay the cached 200 response of an identical swap/mint/melt request.
  cacheResponses: true,
  // NUT-20: advertise and honour quote locks (a quote created with a pubkey is minted only with its signature).
  quoteLocks: true,
  // NUT-20 message a locked quote's signature must cover: 'legacy' (quote id + B_ hex, as cashu-ts signs) or 'v1'
  // (the NUT's length-prefixed Cashu_MintQuoteSig_v1 message).
  quoteSignature: 'legacy',
  // Fake Lightning between test mints: base URLs (comma separated) of other test mints. An external invoice this mint
  // pays is offered to each of them (POST /test/lightning/receive), and the one that issued it marks its quote PAID
  // before this mint answers the melt.
  lightningPeers: String(args['lightning-peers'] ?? env.MINT_LIGHTNING_PEERS ?? ''),
};

// Invoices paid to peers, offered to them before the melt's answer goes out (see config.lightningPeers).
const paidToPeers = [];

// ---------------------------------------------------------------------------------------------
// Helpers

const te = new TextEncoder();
const toHex = (bytes) => Buffer.from(bytes).toString('hex');

class MintError extends Error {
  constructor(code, detail, status = 400) {
    super(detail);
    this.code = code;
    this.status = status;
  }
}
const fail = (code, detail) => {
  throw new MintError(code, detail);
};

function log(...parts) {
  if (VERBOSE) console.error('[mint]', ...parts);
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isPosInt = (v) => Number.isSafeInteger(v) && v > 0;

function decompose(amount) {
  // Powers of two, ascending (amount is a safe integer here).
  const out = [];
  let big = BigInt(amount);
  for (let bit = 0n; big > 0n; bit++, big >>= 1n) {
    if (big & 1n) out.push(Number(1n << bit));
  }
  return out;
}

const nowSec = () => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------------------------------------
// Keysets

/** id -> {id, unit, active, input_fee_ppk, final_expiry, pubKeys{amount:hex}, privKeys{amount:bytes}} */
const keysets = new Map();
/** unit -> number of keysets generated so far (used to derive the next keyset's seed). */
const generation = new Map();

const CURVE_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Private key for one amount: HMAC-SHA256(seed, "unit/generation/amount") reduced into [1, n-1]. */
function derivePrivKey(unit, index, amount) {
  const mac = createHmac('sha256', SEED).update(`${unit}/${index}/${amount}`).digest();
  const k = (BigInt('0x' + mac.toString('hex')) % (CURVE_N - 1n)) + 1n;
  return new Uint8Array(Buffer.from(k.toString(16).padStart(64, '0'), 'hex'));
}

function newKeyset(unit, inputFeePpk) {
  const index = generation.get(unit) ?? 0;
  generation.set(unit, index + 1);
  // Deterministic: the same seed, unit, generation and fee give the same keys and id.
  // (cashu-ts' createNewMintKeys derives over BIP32 instead, which makes start-up several times slower.)
  const privKeys = {};
  const pubKeys = {};
  for (let bit = 0n; bit < BigInt(MAX_ORDER); bit++) {
    const amount = (1n << bit).toString();
    privKeys[amount] = derivePrivKey(unit, index, amount);
    pubKeys[amount] = toHex(getPubKeyFromPrivKey(privKeys[amount]));
  }
  const keysetId = deriveKeysetId(pubKeys, { unit, input_fee_ppk: inputFeePpk, versionByte: 1 });
  for (const ks of keysets.values()) {
    if (ks.unit === unit) ks.active = false;
  }
  if (keysets.has(keysetId)) throw new Error(`keyset id collision ${keysetId}`);
  const ks = {
    id: keysetId,
    unit,
    active: true,
    input_fee_ppk: inputFeePpk,
    final_expiry: null,
    pubKeys,
    privKeys,
  };
  keysets.set(ks.id, ks);
  return ks;
}

for (const unit of UNITS) newKeyset(unit, INPUT_FEE_PPK);

function keysetJson(ks) {
  return {
    id: ks.id,
    unit: ks.unit,
    active: ks.active,
    input_fee_ppk: ks.input_fee_ppk,
    final_expiry: ks.final_expiry,
    keys: ks.pubKeys,
  };
}

function keysetInfoJson(ks) {
  return {
    id: ks.id,
    unit: ks.unit,
    active: ks.active,
    input_fee_ppk: ks.input_fee_ppk,
    final_expiry: ks.final_expiry,
  };
}

// ---------------------------------------------------------------------------------------------
// State (in memory)

const spent = new Map(); // Y hex -> witness|null
const pending = new Map(); // Y hex -> melt quote id
const signed = new Map(); // B_ hex -> BlindSignature json
const mintQuotes = new Map(); // id -> quote
const meltQuotes = new Map(); // id -> quote
const invoices = new Map(); // bolt11 -> mint quote id
const responseCache = new Map(); // "path\nbody" -> response json
const dropResponses = new Map(); // path -> how many upcoming successful responses to drop

// ---------------------------------------------------------------------------------------------
// Fake bolt11

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

const BECH32_GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function bech32Polymod(values) {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GENERATOR[i];
  }
  return chk;
}

function bech32Encode(hrp, words) {
  const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5);
  expanded.push(0, ...[...hrp].map((c) => c.charCodeAt(0) & 31));
  const mod = bech32Polymod([...expanded, ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...words, ...checksum].map((w) => BECH32[w]).join('')}`;
}

function toWords(bytes) {
  const out = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push((acc >>> bits) & 31);
    }
  }
  if (bits > 0) out.push((acc << (5 - bits)) & 31);
  return out;
}

function fakeInvoice(amountMsat) {
  // Shaped like a real invoice: the HRP carries the amount, the data part a timestamp, a payment hash (p field, the
  // SHA-256 of a random preimage) and a signature-sized filler, under a valid bech32 checksum. Nobody checks the
  // signature here.
  let hrpAmount;
  if (amountMsat % 100 === 0) hrpAmount = `${amountMsat / 100}n`;
  else hrpAmount = `${amountMsat * 10}p`;
  const timestamp = nowSec();
  const words = [6, 5, 4, 3, 2, 1, 0].map((i) => Math.floor(timestamp / 2 ** (5 * i)) & 31);
  const hash = toWords(createHash('sha256').update(randomBytes(32)).digest());
  words.push(1, hash.length >> 5, hash.length & 31, ...hash);
  words.push(...toWords(randomBytes(65)));
  return bech32Encode(`lnbc${hrpAmount}`, words);
}

/** Amount in msat from the human-readable part, or null for an amountless invoice. */
function invoiceAmountMsat(invoice) {
  const lower = invoice.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (!lower.startsWith('lnbc') || sep < 4 || sep === lower.length - 1) {
    fail(10000, 'invalid bolt11 invoice');
  }
  const m = /^lnbc(\d*)([munp]?)$/.exec(lower.slice(0, sep));
  if (!m) fail(10000, 'invalid bolt11 invoice');
  const [, digits, mult] = m;
  if (digits === '') return null;
  const n = BigInt(digits);
  const perUnit = { '': 100_000_000_000n, m: 100_000_000n, u: 100_000n, n: 100n };
  let msat;
  if (mult === 'p') {
    if (n % 10n !== 0n) fail(10000, 'invalid bolt11 amount');
    msat = n / 10n;
  } else {
    msat = n * perUnit[mult];
  }
  if (msat > BigInt(Number.MAX_SAFE_INTEGER)) fail(11006, 'amount outside of limit range');
  return Number(msat);
}

const toMsat = (amount, unit) => (unit === 'msat' ? amount : amount * 1000);
const fromMsatCeil = (msat, unit) => (unit === 'msat' ? msat : Math.ceil(msat / 1000));

// ---------------------------------------------------------------------------------------------
// Verification and signing

function requireUnit(unit) {
  if (typeof unit !== 'string' || !UNITS.includes(unit)) fail(11013, `unit ${unit} is not supported`);
  return unit;
}

function parsePoint(hex, what) {
  if (typeof hex !== 'string' || !/^0[23][0-9a-fA-F]{64}$/.test(hex)) fail(10000, `invalid ${what}`);
  try {
    return pointFromHex(hex);
  } catch {
    return fail(10000, `invalid ${what}`);
  }
}

function proofY(secret) {
  return hashToCurve(te.encode(secret));
}

/** Checks proofs; returns {Ys, unit, sum, fees}. Does not mark anything. */
function verifyInputs(inputs) {
  if (!Array.isArray(inputs) || inputs.length === 0) fail(10000, 'no inputs provided');
  const Ys = [];
  const seen = new Set();
  let unit = null;
  let sum = 0;
  let ppk = 0;
  for (const p of inputs) {
    if (!isObject(p) || typeof p.secret !== 'string' || typeof p.id !== 'string') {
      fail(10000, 'malformed proof');
    }
    const ks = keysets.get(p.id);
    if (!ks) fail(12001, 'keyset is not known');
    if (unit !== null && unit !== ks.unit) fail(11009, 'inputs of multiple units');
    unit = ks.unit;
    if (!isPosInt(p.amount) || !ks.privKeys[String(p.amount)]) fail(10001, 'proof verification failed: invalid amount');
    if (p.secret.length === 0 || p.secret.length > 512) fail(10001, 'proof verification failed: invalid secret');
    if (/^\s*\[\s*"(P2PK|HTLC)"/.test(p.secret)) fail(10001, 'spending conditions are not supported by this test mint');
    const Y = proofY(p.secret);
    const yHex = Y.toHex(true);
    if (seen.has(yHex)) fail(11007, 'duplicate inputs provided');
    seen.add(yHex);
    let C;
    try {
      C = pointFromHex(p.C);
    } catch {
      fail(10001, 'proof verification failed: invalid C');
    }
    const k = ks.privKeys[String(p.amount)];
    // Check k * hash_to_curve(secret) == C.
    if (!createBlindSignature(Y, k, ks.id).C_.equals(C)) fail(10001, 'proof verification failed');
    Ys.push(yHex);
    sum += p.amount;
    ppk += ks.input_fee_ppk ?? 0;
  }
  for (const y of Ys) {
    if (spent.has(y)) fail(11001, 'proofs already spent');
  }
  for (const y of Ys) {
    if (pending.has(y)) fail(11002, 'proofs are pending');
  }
  if (!Number.isSafeInteger(sum)) fail(11006, 'amount outside of limit range');
  return { Ys, unit, sum, fees: Math.floor((ppk + 999) / 1000) };
}

/** Checks blinded messages; returns {unit, sum, parsed}. blank: amounts are ignored (NUT-08). */
function verifyOutputs(outputs, { blank = false, allowEmpty = false } = {}) {
  if (!Array.isArray(outputs)) fail(10000, 'outputs must be a list');
  if (outputs.length === 0 && !allowEmpty) fail(10000, 'no outputs provided');
  const seen = new Set();
  let unit = null;
  let sum = 0;
  const parsed = [];
  for (const o of outputs) {
    if (!isObject(o) || typeof o.id !== 'string') fail(10000, 'malformed output');
    const ks = keysets.get(o.id);
    if (!ks) fail(12001, 'keyset is not known');
    if (!ks.active) fail(12002, 'keyset is inactive, cannot sign messages');
    if (unit !== null && unit !== ks.unit) fail(11009, 'outputs of multiple units');
    unit = ks.unit;
    if (!blank && (!isPosInt(o.amount) || !ks.privKeys[String(o.amount)])) {
      fail(10000, `invalid output amount ${o.amount}`);
    }
    const B_ = parsePoint(o.B_, 'B_');
    const bHex = B_.toHex(true);
    if (seen.has(bHex)) fail(11008, 'duplicate outputs provided');
    seen.add(bHex);
    parsed.push({ ks, B_, bHex, amount: o.amount });
    if (!blank) sum += o.amount;
  }
  for (const p of parsed) {
    if (signed.has(p.bHex)) fail(11003, 'outputs have already been signed before');
  }
  if (!Number.isSafeInteger(sum)) fail(11006, 'amount outside of limit range');
  return { unit, sum, parsed };
}

function sign({ ks, B_, bHex }, amount) {
  const k = ks.privKeys[String(amount)];
  const { C_ } = createBlindSignature(B_, k, ks.id);
  const dleq = createDLEQProof(B_, k);
  const sig = {
    amount,
    id: ks.id,
    C_: C_.toHex(true),
    dleq: { e: toHex(dleq.e), s: toHex(dleq.s) },
  };
  signed.set(bHex, sig);
  return sig;
}

// ---------------------------------------------------------------------------------------------
// Endpoint handlers (synchronous: one request runs to completion before the next one starts)

function info() {
  const methods = UNITS.map((unit) => ({ method: 'bolt11', unit, min_amount: 1, options: { description: true } }));
  const meltMethods = UNITS.map((unit) => ({ method: 'bolt11', unit, min_amount: 1, options: { amountless: true } }));
  const first = [...keysets.values()][0];
  const cached = ['/v1/mint/bolt11', '/v1/swap', '/v1/melt/bolt11'].map((path) => ({ method: 'POST', path }));
  return {
    name: 'routstr test mint (cashu-ts)',
    pubkey: first.pubKeys['1'],
    version: 'cashu-ts-testmint/0.1.0',
    description: 'In-memory Cashu mint with a fake Lightning backend, for integration tests',
    contact: [],
    motd: 'test mint: ecash here is worthless',
    time: nowSec(),
    nuts: {
      4: { methods, disabled: false },
      5: { methods: meltMethods, disabled: false },
      7: { supported: true },
      8: { supported: true },
      9: { supported: true },
      10: { supported: false },
      11: { supported: false },
      12: { supported: true },
      20: { supported: config.quoteLocks },
      ...(config.cacheResponses ? { 19: { ttl: null, cached_endpoints: cached } } : {}),
    },
  };
}

function swap(body) {
  if (!isObject(body)) fail(10000, 'invalid request');
  const ins = verifyInputs(body.inputs);
  const outs = verifyOutputs(body.outputs);
  if (outs.unit !== ins.unit) fail(11010, 'inputs and outputs not of same unit');
  if (ins.sum - ins.fees !== outs.sum) {
    fail(
      11005,
      `transaction is not balanced: inputs ${ins.sum} - fees ${ins.fees} != outputs ${outs.sum}`,
    );
  }
  for (const y of ins.Ys) spent.set(y, null);
  return { signatures: outs.parsed.map((p) => sign(p, p.amount)) };
}

function mintQuoteJson(q) {
  return {
    quote: q.quote,
    request: q.request,
    amount: q.amount,
    unit: q.unit,
    state: q.state,
    expiry: q.expiry,
    paid: q.state !== 'UNPAID',
    pubkey: q.pubkey ?? null,
  };
}

function createMintQuote(body) {
  if (!isObject(body)) fail(10000, 'invalid request');
  const unit = requireUnit(body.unit ?? 'sat');
  if (!isPosInt(body.amount)) fail(11006, 'amount outside of limit range');
  const pubkey = config.quoteLocks ? body.pubkey ?? null : null;
  if (pubkey !== null && !(typeof pubkey === 'string' && /^0[23][0-9a-f]{64}$/.test(pubkey))) {
    fail(20009, 'invalid pubkey for mint quote');
  }
  const q = {
    quote: randomUUID(),
    request: fakeInvoice(toMsat(body.amount, unit)),
    amount: body.amount,
    unit,
    state: config.autoPay ? 'PAID' : 'UNPAID',
    expiry: nowSec() + 3600,
    pubkey,
  };
  mintQuotes.set(q.quote, q);
  invoices.set(q.request, q.quote);
  log('mint quote', q.quote, q.amount, q.unit, q.state);
  return mintQuoteJson(q);
}

function getMintQuote(id) {
  const q = mintQuotes.get(id);
  if (!q) fail(20000, 'quote not found');
  return mintQuoteJson(q);
}

function verifyQuoteSignatureV1(pubkey, quote, outputs, signature) {
  const parts = [Buffer.from('Cashu_MintQuoteSig_v1', 'ascii')];
  const prefixed = (bytes) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  prefixed(Buffer.from(quote, 'utf8'));
  for (const o of outputs) {
    if (!isObject(o) || typeof o.B_ !== 'string') return false;
    const amount = BigInt(o.amount);
    let hex = amount === 0n ? '' : amount.toString(16);
    if (hex.length % 2 === 1) hex = `0${hex}`;
    prefixed(Buffer.from(hex, 'hex'));
    prefixed(Buffer.from(o.B_, 'hex'));
  }
  const digest = createHash('sha256').update(Buffer.concat(parts)).digest();
  try {
    return schnorrVerifyDigest(signature, digest, pubkey);
  } catch {
    return false;
  }
}

function mintTokens(body) {
  if (!isObject(body)) fail(10000, 'invalid request');
  const q = mintQuotes.get(body.quote);
  if (!q) fail(20000, 'quote not found');
  if (q.state === 'UNPAID') fail(20001, 'quote request is not paid');
  if (q.state === 'ISSUED') fail(20002, 'quote has already been issued');
  if (q.pubkey) {
    // NUT-20: a locked quote is minted only with a signature by its key over the quote id and the outputs.
    const valid =
      typeof body.signature === 'string' &&
      Array.isArray(body.outputs) &&
      (config.quoteSignature === 'v1'
        ? verifyQuoteSignatureV1(q.pubkey, q.quote, body.outputs, body.signature)
        : verifyMintQuoteSignature(q.pubkey, q.quote, body.outputs, body.signature));
    if (!valid) fail(20008, 'mint quote with pubkey but no valid signature provided');
  }
  const outs = verifyOutputs(body.outputs);
  if (outs.unit !== q.unit) fail(11010, 'outputs not of the quote unit');
  if (outs.sum !== q.amount) fail(11005, `outputs ${outs.sum} do not match the quote amount ${q.amount}`);
  q.state = 'ISSUED';
  return { signatures: outs.parsed.map((p) => sign(p, p.amount)) };
}

function meltQuoteJson(q) {
  const out = {
    quote: q.quote,
    request: q.request,
    amount: q.amount,
    unit: q.unit,
    fee_reserve: q.fee_reserve,
    state: q.state,
    paid: q.state === 'PAID',
    expiry: q.expiry,
    payment_preimage: q.payment_preimage,
  };
  if (q.change) out.change = q.change;
  return out;
}

function createMeltQuote(body) {
  if (!isObject(body)) fail(10000, 'invalid request');
  const unit = requireUnit(body.unit ?? 'sat');
  if (typeof body.request !== 'string') fail(10000, 'missing request');
  const request = body.request.trim();
  let msat = invoiceAmountMsat(request);
  const amountless = body.options?.amountless;
  if (amountless != null) {
    const a = amountless.amount_msat;
    if (!isPosInt(a)) fail(10000, 'invalid amountless amount_msat');
    if (msat !== null && msat !== a) fail(11012, 'amount in request does not equal invoice');
    msat = a;
  }
  if (msat === null) fail(11011, 'amountless invoice is not supported');
  if (msat <= 0) fail(11006, 'amount outside of limit range');
  const amount = fromMsatCeil(msat, unit);
  const internal = invoices.has(request);
  const reserveMsat = internal ? 0 : Math.max(config.feeReserveMinMsat, Math.ceil((msat * config.feePercent) / 100));
  const q = {
    quote: randomUUID(),
    request,
    amount,
    unit,
    fee_reserve: fromMsatCeil(reserveMsat, unit),
    state: 'UNPAID',
    expiry: nowSec() + 3600,
    payment_preimage: null,
    internal,
    inputs: null,
  };
  meltQuotes.set(q.quote, q);
  log('melt quote', q.quote, q.amount, q.unit, 'reserve', q.fee_reserve, internal ? 'internal' : 'external');
  return meltQuoteJson(q);
}

function getMeltQuote(id) {
  const q = meltQuotes.get(id);
  if (!q) fail(20000, 'quote not found');
  return meltQuoteJson(q);
}

/** Marks the melt PAID with the given Lightning fee; NUT-08 change goes to the blank outputs. */
function settleMeltPaid(q, feePaid) {
  for (const y of q.inputs.Ys) {
    pending.delete(y);
    spent.set(y, null);
  }
  q.state = 'PAID';
  q.payment_preimage = toHex(randomBytes(32));
  if (!q.internal) paidToPeers.push(q.request);
  const overpaid = q.inputs.sum - q.inputs.fees - q.amount - feePaid;
  const change = [];
  if (overpaid > 0 && q.blank.length > 0) {
    const amounts = decompose(overpaid);
    for (let i = 0; i < amounts.length && i < q.blank.length; i++) {
      const b = q.blank[i];
      if (!b.ks.privKeys[String(amounts[i])]) break;
      change.push(sign(b, amounts[i]));
    }
  }
  if (q.blank.length > 0) q.change = change;
  q.blank = null;
}

function settleMeltFailed(q) {
  for (const y of q.inputs.Ys) pending.delete(y);
  q.state = 'UNPAID';
  q.inputs = null;
  q.blank = null;
}

function melt(body) {
  if (!isObject(body)) fail(10000, 'invalid request');
  const q = meltQuotes.get(body.quote);
  if (!q) fail(20000, 'quote not found');
  if (q.state === 'PENDING') fail(20005, 'quote is pending');
  if (q.state === 'PAID') fail(20006, 'invoice already paid');
  const ins = verifyInputs(body.inputs);
  if (ins.unit !== q.unit) fail(11010, 'inputs not of the quote unit');
  const outs = verifyOutputs(body.outputs ?? [], { blank: true, allowEmpty: true });
  if (outs.parsed.length > 0 && outs.unit !== q.unit) fail(11010, 'outputs not of the quote unit');
  if (ins.sum - ins.fees < q.amount + q.fee_reserve) {
    fail(
      11005,
      `transaction is not balanced: inputs ${ins.sum} - fees ${ins.fees} < amount ${q.amount} + fee_reserve ${q.fee_reserve}`,
    );
  }
  q.inputs = ins;
  q.blank = outs.parsed;
  if (q.internal) {
    const mq = mintQuotes.get(invoices.get(q.request));
    if (mq.state !== 'UNPAID') {
      q.inputs = null;
      q.blank = null;
      fail(20006, 'invoice already paid');
    }
    mq.state = 'PAID';
    settleMeltPaid(q, 0);
  } else if (config.meltOutcome === 'FAILED') {
    settleMeltFailed(q);
    fail(20004, 'lightning payment failed');
  } else if (config.meltOutcome === 'PENDING') {
    for (const y of ins.Ys) pending.set(y, q.quote);
    q.state = 'PENDING';
  } else {
    settleMeltPaid(q, Math.min(fromMsatCeil(config.lnFeeMsat, q.unit), q.fee_reserve));
  }
  return meltQuoteJson(q);
}

function checkState(body) {
  if (!isObject(body) || !Array.isArray(body.Ys)) fail(10000, 'invalid request');
  return {
    states: body.Ys.map((Y) => {
      if (typeof Y !== 'string') fail(10000, 'invalid Y');
      const y = Y.toLowerCase();
      const state = spent.has(y) ? 'SPENT' : pending.has(y) ? 'PENDING' : 'UNSPENT';
      return { Y, state, witness: spent.get(y) ?? null };
    }),
  };
}

function restore(body) {
  if (!isObject(body) || !Array.isArray(body.outputs)) fail(10000, 'invalid request');
  const outputs = [];
  const signatures = [];
  for (const o of body.outputs) {
    if (!isObject(o) || typeof o.B_ !== 'string') fail(10000, 'malformed output');
    const sig = signed.get(o.B_.toLowerCase());
    if (sig) {
      outputs.push(o);
      signatures.push(sig);
    }
  }
  return { outputs, signatures };
}

// Test control endpoints (not part of any NUT).

function testPay(id) {
  const q = mintQuotes.get(id);
  if (!q) fail(20000, 'quote not found');
  if (q.state === 'UNPAID') q.state = 'PAID';
  return mintQuoteJson(q);
}

function testConfig(body) {
  if (body !== undefined) {
    if (!isObject(body)) fail(10000, 'invalid request');
    for (const [k, v] of Object.entries(body)) {
      if (!(k in config)) fail(10000, `unknown config key ${k}`);
      if (typeof v !== typeof config[k]) fail(10000, `config key ${k} must be a ${typeof config[k]}`);
      if (k === 'meltOutcome' && !['PAID', 'FAILED', 'PENDING'].includes(v)) fail(10000, 'meltOutcome: PAID|FAILED|PENDING');
      if (k === 'quoteSignature' && !['legacy', 'v1'].includes(v)) fail(10000, 'quoteSignature: legacy|v1');
      config[k] = v;
    }
  }
  return { ...config, inputFeePpk: INPUT_FEE_PPK, units: UNITS };
}

function testSettleMelt(id, body) {
  const q = meltQuotes.get(id);
  if (!q) fail(20000, 'quote not found');
  if (q.state !== 'PENDING') fail(10000, `melt quote is ${q.state}, not PENDING`);
  const paid = !isObject(body) || body.paid !== false;
  if (paid) settleMeltPaid(q, Math.min(fromMsatCeil(config.lnFeeMsat, q.unit), q.fee_reserve));
  else settleMeltFailed(q);
  return meltQuoteJson(q);
}

function testDropNextResponse(body) {
  if (!isObject(body) || typeof body.path !== 'string') fail(10000, 'need {"path": "/v1/...", "count": n}');
  const count = body.count ?? 1;
  if (!Number.isInteger(count) || count < 0) fail(10000, 'count must be a non-negative integer');
  dropResponses.set(body.path, count);
  return { path: body.path, count };
}

function testLightningReceive(body) {
  // A peer mint paid an invoice: if this mint issued it, its quote is paid now.
  if (!isObject(body) || typeof body.request !== 'string') fail(10000, 'need {"request": bolt11}');
  const id = invoices.get(body.request);
  const q = id === undefined ? undefined : mintQuotes.get(id);
  if (q && q.state === 'UNPAID') q.state = 'PAID';
  return { paid: q !== undefined };
}

async function offerToPeers() {
  const peers = config.lightningPeers.split(',').map((p) => p.trim()).filter(Boolean);
  while (paidToPeers.length > 0) {
    const request = paidToPeers.shift();
    for (const peer of peers) {
      try {
        await fetch(`${peer.replace(/\/+$/, '')}/test/lightning/receive`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ request }),
        });
      } catch (e) {
        log('lightning peer', peer, 'unreachable:', e.message);
      }
    }
  }
}

function testInvoice(body) {
  // An invoice this mint does not know: melting it goes through the fake external Lightning node.
  if (!isObject(body) || !isPosInt(body.amount_msat)) fail(10000, 'need {"amount_msat": n}');
  return { request: fakeInvoice(body.amount_msat) };
}

function testRotateKeyset(body) {
  const b = isObject(body) ? body : {};
  const unit = requireUnit(b.unit ?? 'sat');
  const ppk = b.input_fee_ppk ?? INPUT_FEE_PPK;
  if (!Number.isInteger(ppk) || ppk < 0) fail(10000, 'input_fee_ppk must be a non-negative integer');
  return keysetInfoJson(newKeyset(unit, ppk));
}

// ---------------------------------------------------------------------------------------------
// HTTP

const CACHED = new Set(['/v1/mint/bolt11', '/v1/swap', '/v1/melt/bolt11']);

function route(method, path, body, rawBody) {
  let m;
  if (method === 'GET') {
    if (path === '/v1/info') return info();
    if (path === '/v1/keys') return { keysets: [...keysets.values()].filter((k) => k.active).map(keysetJson) };
    if ((m = /^\/v1\/keys\/([^/]+)$/.exec(path))) {
      const ks = keysets.get(decodeURIComponent(m[1]));
      if (!ks) fail(12001, 'keyset is not known');
      return { keysets: [keysetJson(ks)] };
    }
    if (path === '/v1/keysets') return { keysets: [...keysets.values()].map(keysetInfoJson) };
    if ((m = /^\/v1\/mint\/quote\/bolt11\/([^/]+)$/.exec(path))) return getMintQuote(decodeURIComponent(m[1]));
    if ((m = /^\/v1\/melt\/quote\/bolt11\/([^/]+)$/.exec(path))) return getMeltQuote(decodeURIComponent(m[1]));
    if (path === '/test/config') return testConfig(undefined);
  } else if (method === 'POST') {
    const cacheKey = `${path}\n${rawBody}`;
    if (config.cacheResponses && CACHED.has(path) && responseCache.has(cacheKey)) {
      return responseCache.get(cacheKey);
    }
    let res;
    if (path === '/v1/swap') res = swap(body);
    else if (path === '/v1/mint/quote/bolt11') res = createMintQuote(body);
    else if (path === '/v1/mint/bolt11') res = mintTokens(body);
    else if (path === '/v1/melt/quote/bolt11') res = createMeltQuote(body);
    else if (path === '/v1/melt/bolt11') res = melt(body);
    else if (path === '/v1/checkstate') res = checkState(body);
    else if (path === '/v1/restore') res = restore(body);
    else if ((m = /^\/test\/pay\/([^/]+)$/.exec(path))) res = testPay(decodeURIComponent(m[1]));
    else if (path === '/test/config') res = testConfig(body);
    else if ((m = /^\/test\/melt\/([^/]+)\/settle$/.exec(path))) res = testSettleMelt(decodeURIComponent(m[1]), body);
    else if (path === '/test/drop-next-response') res = testDropNextResponse(body);
    else if (path === '/test/rotate-keyset') res = testRotateKeyset(body);
    else if (path === '/test/invoice') res = testInvoice(body);
    else if (path === '/test/lightning/receive') res = testLightningReceive(body);
    else throw new MintError(0, 'Not Found', 404);
    // A PENDING melt must not be replayed from the cache once it settles.
    if (CACHED.has(path) && !(path === '/v1/melt/bolt11' && res.state !== 'PAID')) responseCache.set(cacheKey, res);
    return res;
  }
  throw new MintError(0, 'Not Found', 404);
}

function send(res, status, obj) {
  const text = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

// The verbose log gives each answered request the mint's own time (ms from the request to its answer), so that a
// benchmark can tell the mint's share of a client's wait from the client's.
const tookMs = (since) => (Number(process.hrtime.bigint() - since) / 1e6).toFixed(3) + 'ms';

const server = http.createServer((req, res) => {
  const arrived = process.hrtime.bigint();
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > 4 * 1024 * 1024) {
      req.destroy();
      return;
    }
    chunks.push(c);
  });
  req.on('end', async () => {
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url, 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    let body;
    try {
      if (req.method === 'POST' && rawBody.trim() !== '') {
        try {
          body = JSON.parse(rawBody);
        } catch {
          fail(10000, 'invalid JSON body');
        }
      }
      const result = route(req.method, path, body, rawBody);
      await offerToPeers();
      const drop = dropResponses.get(path) ?? 0;
      if (drop > 0) {
        // The request took effect; the client never learns about it (ambiguous outcome).
        dropResponses.set(path, drop - 1);
        log(req.method, path, '-> processed, response dropped');
        req.socket.destroy();
        return;
      }
      send(res, 200, result);
      log(req.method, path, '-> 200', tookMs(arrived));
    } catch (e) {
      if (e instanceof MintError) {
        send(res, e.status, e.status === 404 ? { detail: e.message } : { detail: e.message, code: e.code });
        log(req.method, path, '->', e.status, tookMs(arrived), e.code, e.message);
      } else {
        console.error('[mint] internal error', e);
        send(res, 500, { detail: `internal error: ${e.message}`, code: 10000 });
      }
    }
  });
});

// Node's default (5 s), as real mints behind Node or uvicorn keep idle connections: longer than the client's lanes
// keep one (MintConnections.MAX_IDLE, 2 s). At 1 s, a call on a lane idle 1-2 s went out on a connection this mint had
// just closed, and a swap broke with an unknown outcome (TestMintKeepAliveTest).
server.keepAliveTimeout = 5000;
server.listen(PORT, '127.0.0.1', () => {
  const { port } = server.address();
  for (const ks of keysets.values()) log('keyset', ks.unit, ks.id, 'input_fee_ppk', ks.input_fee_ppk);
  process.stdout.write(`LISTENING ${port}\n`);
});

const shutdown = () => server.close(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// Exit when the parent closes our stdin (e.g. the test JVM died without killing us).
if (truthy(args['exit-on-stdin-close'] ?? env.MINT_EXIT_ON_STDIN_CLOSE)) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();
}
