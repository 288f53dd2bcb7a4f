#!/usr/bin/env node
// A Cashu wallet CLI on @cashu/cashu-ts, for tests. Every command prints one JSON object on stdout;
// failures print {"error": "...", "code": <mint error code or null>} and exit with status 1.
//
//   mint-token --mint URL --amount N [--unit sat] [--v3] [--no-dleq]
//       quote -> fake payment (POST /test/pay/{quote} on the test mint, if still UNPAID) -> mint;
//       prints {"token", "amount", "unit", "mint", "proofs": [Proof...], "ys": [Y...]}; V4 (cashuB)
//       unless --v3. ys are the NUT-07 Y values of the proofs, in order.
//   receive --mint URL --token T [--unit sat] [--require-dleq]
//       swaps the token's proofs for fresh ones at the mint;
//       prints {"amount", "fee", "unit", "token", "ys"} where token holds the fresh proofs (V4).
//   melt --mint URL --token T --invoice BOLT11 [--unit sat]
//       pays the invoice from the token's proofs (swapping first if needed, NUT-08 blank outputs);
//       prints {"quote", "state", "amount", "fee_reserve", "payment_preimage", "change", "remaining",
//       "token"} where token holds what is left (kept proofs + change) or is null.
//   decode --token T [--mint URL | --keyset-ids ID,ID]
//       prints the token as JSON; V4 short keyset ids are resolved against the given mint's keysets
//       (default: the mint named in the token).
//   checkstate --mint URL --token T
//       prints {"states": ["UNSPENT"|"PENDING"|"SPENT", ...]} for the token's proofs, in order.
//   serve
//       reads one command per stdin line as a JSON array (e.g. ["receive","--mint",URL,"--token",T])
//       and answers each with one JSON line on stdout; saves a Node start per command.

import {
  getDecodedToken,
  getEncodedToken,
  getTokenMetadata,
  hashToCurve,
  isMintOperationError,
  Mint,
  Wallet,
} from '@cashu/cashu-ts';
import { createInterface } from 'node:readline';

function parseArgs(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      out._.push(a);
    } else if (a.includes('=')) {
      out[a.slice(2, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      out[a.slice(2)] = argv[++i];
    } else {
      out[a.slice(2)] = true;
    }
  }
  return out;
}

class UsageError extends Error {}

function required(args, name) {
  const v = args[name];
  if (v === undefined || v === true || v === '') throw new UsageError(`missing --${name}`);
  return String(v);
}

const stripSlash = (url) => url.replace(/\/+$/, '');

/** JSON-safe copy: bigint becomes a number (a string beyond 2^53), bytes become hex. */
function plain(value) {
  return JSON.parse(
    JSON.stringify(value, (_k, v) => {
      if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
      if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
      return v;
    }),
  );
}

/** Proofs as NUT-00 JSON (amount as a number, DLEQ with e, s, r as hex). */
const plainProofs = (proofs) => plain(proofs.map((p) => ({ ...p, amount: num(BigInt(p.amount.toString())) })));

/** NUT-07 Y = hash_to_curve(UTF-8 secret) of each proof, compressed hex. */
const ysOf = (proofs) => proofs.map((p) => hashToCurve(new TextEncoder().encode(p.secret)).toHex(true));

const amountOf = (proofs) => proofs.reduce((s, p) => s + BigInt(p.amount.toString()), 0n);
const num = (big) => (big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString());

/** NUT-00 V3 token (cashu-ts 4.x only decodes V3, so it is encoded here). */
function encodeV3(mint, unit, proofs) {
  const token = {
    token: [
      {
        mint,
        proofs: proofs.map((p) => ({
          id: p.id,
          amount: Number(p.amount.toString()),
          secret: p.secret,
          C: p.C,
          ...(p.dleq ? { dleq: { e: p.dleq.e, s: p.dleq.s, r: p.dleq.r } } : {}),
        })),
      },
    ],
    unit,
  };
  return 'cashuA' + Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

async function loadWallet(mintUrl, unit) {
  const wallet = new Wallet(stripSlash(mintUrl), { unit, requireSigDleq: true });
  await wallet.loadMint();
  return wallet;
}

async function mintToken(args) {
  const mintUrl = stripSlash(required(args, 'mint'));
  const amount = Number(required(args, 'amount'));
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new UsageError('--amount must be a positive integer');
  const unit = args.unit ? String(args.unit) : 'sat';
  const wallet = await loadWallet(mintUrl, unit);
  let quote = await wallet.createMintQuoteBolt11(amount);
  if (quote.state !== 'PAID') {
    const res = await fetch(`${mintUrl}/test/pay/${encodeURIComponent(quote.quote)}`, { method: 'POST' });
    if (!res.ok) throw new Error(`fake payment failed: HTTP ${res.status} ${await res.text()}`);
    quote = await wallet.checkMintQuoteBolt11(quote.quote);
  }
  const proofs = await wallet.mintProofsBolt11(amount, quote);
  const withDleq = !args['no-dleq'];
  const token = args.v3
    ? encodeV3(mintUrl, unit, withDleq ? proofs : proofs.map(({ dleq: _d, ...p }) => p))
    : getEncodedToken({ mint: mintUrl, unit, proofs }, { removeDleq: !withDleq });
  return { token, amount: num(amountOf(proofs)), unit, mint: mintUrl, proofs: plainProofs(proofs), ys: ysOf(proofs) };
}

async function receive(args) {
  const mintUrl = stripSlash(required(args, 'mint'));
  const tokenStr = required(args, 'token');
  const meta = getTokenMetadata(tokenStr);
  const unit = args.unit ? String(args.unit) : meta.unit || 'sat';
  const wallet = await loadWallet(mintUrl, unit);
  const decoded = wallet.decodeToken(tokenStr);
  if (stripSlash(decoded.mint) !== mintUrl) {
    throw new UsageError(`token is from ${decoded.mint}, not ${mintUrl}`);
  }
  const fee = wallet.getFeesForProofs(decoded.proofs);
  const proofs = await wallet.receive(decoded, { requireDleq: Boolean(args['require-dleq']) });
  return {
    amount: num(amountOf(proofs)),
    fee: num(BigInt(fee.toString())),
    unit,
    token: getEncodedToken({ mint: mintUrl, unit, proofs }),
    ys: ysOf(proofs),
  };
}

async function melt(args) {
  const mintUrl = stripSlash(required(args, 'mint'));
  const tokenStr = required(args, 'token');
  const invoice = required(args, 'invoice');
  const meta = getTokenMetadata(tokenStr);
  const unit = args.unit ? String(args.unit) : meta.unit || 'sat';
  const wallet = await loadWallet(mintUrl, unit);
  const { proofs } = wallet.decodeToken(tokenStr);
  const quote = await wallet.createMeltQuoteBolt11(invoice);
  const { keep, send } = await wallet.send(quote.amount.add(quote.fee_reserve), proofs, { includeFees: true });
  const res = await wallet.meltProofsBolt11(quote, send);
  const remaining = [...keep, ...(res.change ?? [])];
  return plain({
    quote: quote.quote,
    state: res.quote.state,
    amount: num(BigInt(quote.amount.toString())),
    fee_reserve: num(BigInt(quote.fee_reserve.toString())),
    payment_preimage: res.quote.payment_preimage ?? null,
    change: num(amountOf(res.change ?? [])),
    remaining: num(amountOf(remaining)),
    token: remaining.length > 0 ? getEncodedToken({ mint: mintUrl, unit, proofs: remaining }) : null,
  });
}

async function keysetIdsFor(mintUrl) {
  const { keysets } = await new Mint(stripSlash(mintUrl)).getKeySets();
  return keysets.map((k) => k.id);
}

async function decode(args) {
  const tokenStr = required(args, 'token');
  let ids;
  if (args['keyset-ids']) ids = String(args['keyset-ids']).split(',').filter(Boolean);
  else ids = await keysetIdsFor(args.mint ? String(args.mint) : getTokenMetadata(tokenStr).mint);
  const t = getDecodedToken(tokenStr, ids);
  const body = tokenStr.replace(/^(web\+cashu:\/\/|cashu:\/\/|cashu:)/, '');
  return plain({
    version: body.startsWith('cashuB') ? 4 : body.startsWith('cashuA') ? 3 : null,
    mint: t.mint,
    unit: t.unit,
    ...(t.memo ? { memo: t.memo } : {}),
    amount: num(amountOf(t.proofs)),
    proofs: plainProofs(t.proofs),
  });
}

async function checkstate(args) {
  const mintUrl = stripSlash(required(args, 'mint'));
  const tokenStr = required(args, 'token');
  const t = getDecodedToken(tokenStr, await keysetIdsFor(mintUrl));
  const Ys = ysOf(t.proofs);
  const { states } = await new Mint(mintUrl).check({ Ys });
  const byY = new Map(states.map((s) => [s.Y, s.state]));
  return { states: Ys.map((y) => byY.get(y) ?? null) };
}

const COMMANDS = { 'mint-token': mintToken, receive, melt, decode, checkstate };

function errorJson(e) {
  const out = { error: e?.message ?? String(e), code: isMintOperationError(e) ? e.code : null };
  if (e?.status !== undefined) out.status = e.status;
  if (e instanceof UsageError) out.usage = true;
  return out;
}

function run(argv) {
  const args = parseArgs(argv);
  const [command] = args._;
  const fn = COMMANDS[command];
  if (!fn) {
    throw new UsageError(`usage: client.mjs <${Object.keys(COMMANDS).join('|')}|serve> [options]`);
  }
  return fn(args);
}

/** One command per stdin line (a JSON array of arguments), one JSON result per stdout line, in order. */
async function serve() {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let out;
    try {
      const argv = JSON.parse(line);
      if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) {
        throw new UsageError('serve: each line must be a JSON array of strings');
      }
      out = await run(argv);
    } catch (e) {
      out = errorJson(e);
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  }
}

if (process.argv[2] === 'serve') {
  await serve();
} else {
  try {
    process.stdout.write(JSON.stringify(await run(process.argv.slice(2))) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify(errorJson(e)) + '\n');
    process.exitCode = 1;
  }
}
