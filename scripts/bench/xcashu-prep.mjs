#!/usr/bin/env node
// The X-Cashu benchmark's ecash, made before anything is timed (scripts/bench/xcashu.sh), so that minting never sits
// inside a measured request. One cashu-ts wallet (the test mint's own library, from adapters-cashu/src/test/node)
// mints at the bench's test mint, whose fake Lightning pays every quote at once:
//
//   node xcashu-prep.mjs MINT_URL AMOUNT TOKENS SWAPS TOKENS_FILE SWAPS_FILE
//
// TOKENS_FILE: TOKENS V4 tokens (cashuB, DLEQ included, as a client sends them) of AMOUNT sat, one per line, for the
// X-Cashu header of the node's requests.
// SWAPS_FILE: SWAPS NUT-03 POST /v1/swap bodies, one JSON per line, each of the shape of the node's redemption of one
// such token: the inputs are a fresh token's proofs of AMOUNT sat, the outputs are blinded messages for the same
// amounts in the active keyset (no input fee at the bench's mint), so the mint's own swap time can be timed alone.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const nodeProject = path.resolve(here, '../../adapters-cashu/src/test/node');
const cashuTs = createRequire(path.join(nodeProject, 'package.json')).resolve('@cashu/cashu-ts');
const { Wallet, OutputData, getEncodedToken } = await import(pathToFileURL(cashuTs).href);

const [mintUrl, amountArg, tokensArg, swapsArg, tokensFile, swapsFile] = process.argv.slice(2);
if (!swapsFile) {
  console.error('usage: xcashu-prep.mjs MINT_URL AMOUNT TOKENS SWAPS TOKENS_FILE SWAPS_FILE');
  process.exit(2);
}
const amount = Number(amountArg);
const num = (v) => Number(v.toString());

const wallet = new Wallet(mintUrl, { unit: 'sat' });
await wallet.loadMint();
const keyset = wallet.keyChain.getCheapestKeyset();

async function mintProofs() {
  const quote = await wallet.createMintQuoteBolt11(amount);
  return wallet.mintProofsBolt11(amount, quote);
}

/** n results of make(), eight under way at a time (the mint is one Node process: more gains nothing). */
async function batch(n, make) {
  const out = [];
  for (let i = 0; i < n; i += 8) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(8, n - i) }, make))));
  }
  return out;
}

const tokens = await batch(Number(tokensArg), async () =>
  getEncodedToken({ mint: mintUrl, unit: 'sat', proofs: await mintProofs() }),
);
writeFileSync(tokensFile, tokens.join('\n') + '\n');

const swaps = await batch(Number(swapsArg), async () => {
  const proofs = await mintProofs();
  const outputs = OutputData.createRandomData(amount, keyset).map((d) => ({
    amount: num(d.blindedMessage.amount),
    id: d.blindedMessage.id,
    B_: d.blindedMessage.B_,
  }));
  const inputs = proofs.map((p) => ({ amount: num(p.amount), id: p.id, secret: p.secret, C: p.C }));
  return JSON.stringify({ inputs, outputs });
});
writeFileSync(swapsFile, swaps.join('\n') + '\n');
console.log(`prepared ${tokens.length} tokens and ${swaps.length} swap bodies of ${amount} sat at ${mintUrl}`);
