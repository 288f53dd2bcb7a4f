// Conformance checks of mint.mjs, driven by the cashu-ts wallet and raw HTTP. Run: npm test
// (node --test). The Java build runs this file too (CashuTsMintNodeSuiteTest).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { hashToCurve, Wallet } from '@cashu/cashu-ts';

const here = dirname(fileURLToPath(import.meta.url));

async function startMint(...args) {
  const child = spawn(process.execPath, [join(here, 'mint.mjs'), '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [line] = await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error('mint exited before listening');
    }),
  ]);
  assert.match(line, /^LISTENING \d+$/);
  const url = `http://127.0.0.1:${line.split(' ')[1]}`;
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      return once(child, 'exit');
    },
  };
}

async function call(url, path, body) {
  const res = await fetch(url + path, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function ok(url, path, body) {
  const r = await call(url, path, body);
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const Y = (secret) => hashToCurve(new TextEncoder().encode(secret)).toHex(true);
const sum = (proofs) => proofs.reduce((s, p) => s + Number(p.amount.toString()), 0);
const states = async (url, proofs) =>
  (await ok(url, '/v1/checkstate', { Ys: proofs.map((p) => Y(p.secret)) })).states.map((s) => s.state);
const plainProofs = (proofs) =>
  proofs.map((p) => ({ amount: Number(p.amount.toString()), id: p.id, secret: p.secret, C: p.C }));

async function newWallet(url, unit = 'sat') {
  const wallet = new Wallet(url, { unit, requireSigDleq: true });
  await wallet.loadMint();
  return wallet;
}

async function mintProofs(wallet, amount) {
  const quote = await wallet.createMintQuoteBolt11(amount);
  return wallet.mintProofsBolt11(amount, quote);
}

async function expectCode(promise, code) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.code, code, `expected mint error ${code}, got ${e.code}: ${e.message}`);
    return true;
  });
}

// The three mints are independent: their suites run concurrently, the tests within one in order.
describe('cashu-ts test mint', { concurrency: true }, () => {
  for (const ppk of [0, 100]) {
    describe(`mint with input_fee_ppk=${ppk}`, { concurrency: false }, () => {
      let mint;
      let wallet;
      before(async () => {
        mint = await startMint('--input-fee-ppk', String(ppk));
        wallet = await newWallet(mint.url);
      });
      after(() => mint.stop());

      test('info, keys and keysets agree', async () => {
        const info = await ok(mint.url, '/v1/info');
        for (const nut of ['7', '8', '9', '12']) assert.equal(info.nuts[nut].supported, true);
        assert.deepEqual(info.nuts['4'].methods.map((m) => m.unit), ['sat', 'msat']);
        const { keysets } = await ok(mint.url, '/v1/keysets');
        const { keysets: keys } = await ok(mint.url, '/v1/keys');
        assert.deepEqual(keysets.map((k) => k.id).sort(), keys.map((k) => k.id).sort());
        for (const k of keys) {
          assert.equal(k.input_fee_ppk, ppk);
          assert.equal(Object.keys(k.keys).length, 64);
          assert.equal(k.keys['9223372036854775808'].length, 66);
        }
        assert.equal((await call(mint.url, `/v1/keys/01${'00'.repeat(32)}`)).body.code, 12001);
      });

      test('melt to an external invoice returns NUT-08 change', async () => {
        const proofs = await mintProofs(wallet, 200);
        const { request } = await ok(mint.url, '/test/invoice', { amount_msat: 50_000 });
        const quote = await wallet.createMeltQuoteBolt11(request);
        assert.equal(Number(quote.amount.toString()), 50);
        assert.equal(Number(quote.fee_reserve.toString()), 2);
        const { keep, send } = await wallet.send(quote.amount.add(quote.fee_reserve), proofs, { includeFees: true });
        const fees = Number(wallet.getFeesForProofs(send).toString());
        const res = await wallet.meltProofsBolt11(quote, send);
        assert.equal(res.quote.state, 'PAID');
        assert.match(res.quote.payment_preimage, /^[0-9a-f]{64}$/);
        // Paid 1 sat of routing fee out of the 2 sat reserve.
        assert.equal(sum(res.change), sum(send) - fees - 50 - 1);
        assert.deepEqual(await states(mint.url, send), send.map(() => 'SPENT'));
        assert.deepEqual(await states(mint.url, [...keep, ...res.change]), [...keep, ...res.change].map(() => 'UNSPENT'));
        assert.equal((await ok(mint.url, `/v1/melt/quote/bolt11/${quote.quote}`)).state, 'PAID');
        await expectCode(wallet.meltProofsBolt11(quote, keep), 20006);
      });

      test('failed and pending Lightning payments', async () => {
        const proofs = await mintProofs(wallet, 64);
        const { request } = await ok(mint.url, '/test/invoice', { amount_msat: 10_000 });
        const quote = await wallet.createMeltQuoteBolt11(request);
        const { send } = await wallet.send(quote.amount.add(quote.fee_reserve), proofs, { includeFees: true });
        try {
          await ok(mint.url, '/test/config', { meltOutcome: 'FAILED' });
          await expectCode(wallet.meltProofsBolt11(quote, send), 20004);
          assert.deepEqual(await states(mint.url, send), send.map(() => 'UNSPENT'));

          await ok(mint.url, '/test/config', { meltOutcome: 'PENDING' });
          const pending = await ok(mint.url, '/v1/melt/bolt11', { quote: quote.quote, inputs: plainProofs(send) });
          assert.equal(pending.state, 'PENDING');
          assert.deepEqual(await states(mint.url, send), send.map(() => 'PENDING'));
          await expectCode(wallet.receive({ mint: mint.url, unit: 'sat', proofs: send }), 11002);
          assert.equal((await call(mint.url, '/v1/melt/bolt11', { quote: quote.quote, inputs: [] })).body.code, 20005);
          const failed = await ok(mint.url, `/test/melt/${quote.quote}/settle`, { paid: false });
          assert.equal(failed.state, 'UNPAID');
          assert.deepEqual(await states(mint.url, send), send.map(() => 'UNSPENT'));

          await ok(mint.url, '/v1/melt/bolt11', { quote: quote.quote, inputs: plainProofs(send) });
          const paid = await ok(mint.url, `/test/melt/${quote.quote}/settle`, { paid: true });
          assert.equal(paid.state, 'PAID');
          assert.deepEqual(await states(mint.url, send), send.map(() => 'SPENT'));
        } finally {
          await ok(mint.url, '/test/config', { meltOutcome: 'PAID' });
        }
      });

      test('melting this mint own invoice settles its mint quote internally', async () => {
        const proofs = await mintProofs(wallet, 32);
        await ok(mint.url, '/test/config', { autoPay: false });
        try {
          const mintQuote = await wallet.createMintQuoteBolt11(8);
          assert.equal(mintQuote.state, 'UNPAID');
          const meltQuote = await wallet.createMeltQuoteBolt11(mintQuote.request);
          assert.equal(Number(meltQuote.fee_reserve.toString()), 0);
          const { send } = await wallet.send(meltQuote.amount, proofs, { includeFees: true });
          assert.equal((await wallet.meltProofsBolt11(meltQuote, send)).quote.state, 'PAID');
          assert.equal((await wallet.checkMintQuoteBolt11(mintQuote.quote)).state, 'PAID');
          assert.equal(sum(await wallet.mintProofsBolt11(8, mintQuote)), 8);
          await expectCode(wallet.mintProofsBolt11(8, mintQuote), 20002);
        } finally {
          await ok(mint.url, '/test/config', { autoPay: true });
        }
      });

      test('invoice amounts and amountless invoices', async () => {
        const msatWallet = await newWallet(mint.url, 'msat');
        const q = await msatWallet.createMintQuoteBolt11(1234);
        assert.match(q.request, /^lnbc12340p1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]+$/);
        const melt = await msatWallet.createMeltQuoteBolt11(q.request);
        assert.equal(Number(melt.amount.toString()), 1234);
        const amountless = 'lnbc1qpzry9x8gf2tvdw0s3jn54khce6mua7l';
        assert.equal((await call(mint.url, '/v1/melt/quote/bolt11', { request: amountless, unit: 'sat' })).body.code, 11011);
        const withAmount = await ok(mint.url, '/v1/melt/quote/bolt11', {
          request: amountless,
          unit: 'sat',
          options: { amountless: { amount_msat: 21_000 } },
        });
        assert.equal(withAmount.amount, 21);
        const mismatch = await call(mint.url, '/v1/melt/quote/bolt11', {
          request: q.request,
          unit: 'msat',
          options: { amountless: { amount_msat: 999 } },
        });
        assert.equal(mismatch.body.code, 11012);
        assert.equal((await call(mint.url, '/v1/mint/quote/bolt11', { amount: 1, unit: 'usd' })).body.code, 11013);
      });

      test('swap request validation', async () => {
        const proofs = plainProofs(await mintProofs(wallet, 3)); // 1 + 2
        const { keysets } = await ok(mint.url, '/v1/keys');
        const sat = keysets.find((k) => k.unit === 'sat');
        const msat = keysets.find((k) => k.unit === 'msat');
        const out = (ks, amount, key) => ({ amount, id: ks.id, B_: ks.keys[key] });
        const swap = (inputs, outputs) => call(mint.url, '/v1/swap', { inputs, outputs });
        assert.equal((await swap([proofs[0], proofs[0]], [out(sat, 1, '1')])).body.code, 11007);
        assert.equal((await swap(proofs, [out(sat, 1, '16'), out(sat, 1, '16')])).body.code, 11008);
        assert.equal((await swap(proofs, [out(msat, 1, '1')])).body.code, 11010);
        assert.equal((await swap(proofs, [out(sat, 3, '1')])).body.code, 10000);
        assert.equal((await swap([{ ...proofs[0], secret: `${proofs[0].secret}x` }], [out(sat, 1, '1')])).body.code, 10001);
        assert.equal((await swap(proofs, [out(sat, 1, '32')])).body.code, 11005);
        assert.equal((await call(mint.url, '/v1/swap', 'not json')).body.code, 10000);
      });

      test('a dropped swap response: NUT-19 replay, or spent inputs without it', async () => {
        const proofs = await mintProofs(wallet, 16);
        await ok(mint.url, '/test/drop-next-response', { path: '/v1/swap', count: 1 });
        // cashu-ts retries cached endpoints on network errors and gets the cached response.
        const received = await wallet.receive({ mint: mint.url, unit: 'sat', proofs });
        assert.equal(sum(received), 16 - Number(wallet.getFeesForProofs(proofs).toString()));

        await ok(mint.url, '/test/config', { cacheResponses: false });
        try {
          const more = await mintProofs(wallet, 16);
          await ok(mint.url, '/test/drop-next-response', { path: '/v1/swap', count: 1 });
          const uncached = await newWallet(mint.url); // its mint info no longer lists NUT-19
          await assert.rejects(uncached.receive({ mint: mint.url, unit: 'sat', proofs: more }));
          assert.deepEqual(await states(mint.url, more), more.map(() => 'SPENT'));
        } finally {
          await ok(mint.url, '/test/config', { cacheResponses: true });
        }
      });
    });
  }

  describe('keyset rotation', { concurrency: false }, () => {
    let mint;
    before(async () => {
      mint = await startMint('--units', 'sat', '--seed', 'rotation');
    });
    after(() => mint.stop());

    test('old keyset proofs stay spendable; outputs need the active keyset', async () => {
      const wallet = await newWallet(mint.url);
      const old = await mintProofs(wallet, 10);
      const oldId = old[0].id;
      const rotated = await ok(mint.url, '/test/rotate-keyset', { unit: 'sat', input_fee_ppk: 100 });
      assert.notEqual(rotated.id, oldId);
      assert.equal(rotated.input_fee_ppk, 100);
      const { keysets } = await ok(mint.url, '/v1/keysets');
      assert.deepEqual(
        keysets.map((k) => [k.id, k.active]),
        [
          [oldId, false],
          [rotated.id, true],
        ],
      );
      assert.deepEqual((await ok(mint.url, '/v1/keys')).keysets.map((k) => k.id), [rotated.id]);
      const oldKeys = (await ok(mint.url, `/v1/keys/${oldId}`)).keysets[0];
      assert.equal(oldKeys.active, false);
      const stale = await call(mint.url, '/v1/swap', {
        inputs: plainProofs(old),
        outputs: [{ amount: 2, id: oldId, B_: oldKeys.keys['64'] }, { amount: 8, id: oldId, B_: oldKeys.keys['128'] }],
      });
      assert.equal(stale.body.code, 12002);
      const fresh = await newWallet(mint.url);
      // Without DLEQ: cashu-ts does not load the keys of inactive keysets to verify it.
      const received = await fresh.receive({ mint: mint.url, unit: 'sat', proofs: plainProofs(old) });
      assert.equal(sum(received), 10);
      assert.ok(received.every((p) => p.id === rotated.id));
    });
  });

  describe('fake Lightning between two mints', { concurrency: false }, () => {
    let primary;
    let foreign;
    before(async () => {
      primary = await startMint('--manual-pay', '--seed', 'primary');
      foreign = await startMint('--seed', 'foreign', '--lightning-peers', primary.url);
    });
    after(async () => {
      await foreign.stop();
      await primary.stop();
    });

    test("a melt at one mint paying the other mint's invoice marks that quote PAID before it answers", async () => {
      const wallet = await newWallet(foreign.url);
      const proofs = await mintProofs(wallet, 100);
      const invoice = await ok(primary.url, '/v1/mint/quote/bolt11', { amount: 50, unit: 'sat' });
      assert.equal(invoice.state, 'UNPAID');
      const quote = await wallet.createMeltQuoteBolt11(invoice.request);
      const { send } = await wallet.send(quote.amount.add(quote.fee_reserve), proofs, { includeFees: true });

      const res = await wallet.meltProofsBolt11(quote, send);

      assert.equal(res.quote.state, 'PAID');
      assert.equal((await ok(primary.url, `/v1/mint/quote/bolt11/${invoice.quote}`)).state, 'PAID');
    });

    test("a pending melt pays the other mint's invoice when it settles", async () => {
      const wallet = await newWallet(foreign.url);
      const proofs = await mintProofs(wallet, 100);
      const invoice = await ok(primary.url, '/v1/mint/quote/bolt11', { amount: 20, unit: 'sat' });
      const quote = await wallet.createMeltQuoteBolt11(invoice.request);
      const { send } = await wallet.send(quote.amount.add(quote.fee_reserve), proofs, { includeFees: true });
      await ok(foreign.url, '/test/config', { meltOutcome: 'PENDING' });
      try {
        const pending = await call(foreign.url, '/v1/melt/bolt11', { quote: quote.quote, inputs: plainProofs(send) });
        assert.equal(pending.body.state, 'PENDING');
        assert.equal((await ok(primary.url, `/v1/mint/quote/bolt11/${invoice.quote}`)).state, 'UNPAID');

        await ok(foreign.url, `/test/melt/${quote.quote}/settle`, { paid: true });

        assert.equal((await ok(primary.url, `/v1/mint/quote/bolt11/${invoice.quote}`)).state, 'PAID');
      } finally {
        await ok(foreign.url, '/test/config', { meltOutcome: 'PAID' });
      }
    });
  });
});
