#!/usr/bin/env node
// A small NIP-01 relay for tests: EVENT (answered with OK), REQ (stored matches, then EOSE, then live events),
// CLOSE. Every event is checked by nostr-tools (id = sha256 of the canonical serialization, BIP-340 signature), code
// the project did not write; an event that fails is refused with OK false and never stored. Parameterised replaceable
// events (kinds 30000-39999) keep only the newest per pubkey, kind and d tag (NIP-01).
//
// Usage: node relay.mjs [--port N] [--exit-on-stdin-close]. Prints "LISTENING <port>" on stdout once ready.
// Test control: GET /events answers every stored event as a JSON array; GET /rejected the refused ones.

import http from 'node:http';
import { verifyEvent } from 'nostr-tools/pure';
import { WebSocketServer } from 'ws';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const PORT = portArg >= 0 ? Number(args[portArg + 1]) : 0;

const events = [];
const rejected = [];
const subscriptions = new Map(); // socket -> Map(subId -> filters)

function isReplaceable(event) {
  return event.kind >= 30000 && event.kind < 40000;
}

function dTag(event) {
  const d = event.tags.find((t) => t[0] === 'd');
  return d ? d[1] ?? '' : '';
}

function store(event) {
  if (events.some((e) => e.id === event.id)) return false;
  if (isReplaceable(event)) {
    const older = events.findIndex(
      (e) => e.pubkey === event.pubkey && e.kind === event.kind && dTag(e) === dTag(event),
    );
    if (older >= 0) {
      if (events[older].created_at > event.created_at) return false;
      events.splice(older, 1);
    }
  }
  events.push(event);
  return true;
}

function matches(filter, event) {
  if (filter.ids && !filter.ids.includes(event.id)) return false;
  if (filter.authors && !filter.authors.includes(event.pubkey)) return false;
  if (filter.kinds && !filter.kinds.includes(event.kind)) return false;
  if (filter.since && event.created_at < filter.since) return false;
  if (filter.until && event.created_at > filter.until) return false;
  for (const [key, values] of Object.entries(filter)) {
    if (key.startsWith('#') && key.length === 2) {
      const name = key.slice(1);
      if (!event.tags.some((t) => t[0] === name && values.includes(t[1]))) return false;
    }
  }
  return true;
}

function send(socket, message) {
  if (socket.readyState === 1) socket.send(JSON.stringify(message));
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && (req.url === '/events' || req.url === '/rejected')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/events' ? events : rejected));
    return;
  }
  res.writeHead(404);
  res.end();
});

const wss = new WebSocketServer({ server });
wss.on('connection', (socket) => {
  subscriptions.set(socket, new Map());
  socket.on('close', () => subscriptions.delete(socket));
  socket.on('message', (data) => {
    let message;
    try {
      message = JSON.parse(data.toString());
    } catch {
      send(socket, ['NOTICE', 'invalid: not JSON']);
      return;
    }
    if (!Array.isArray(message)) {
      send(socket, ['NOTICE', 'invalid: not an array']);
      return;
    }
    const [type, ...rest] = message;
    if (type === 'EVENT') {
      const event = rest[0];
      let valid = false;
      try {
        valid = verifyEvent(event);
      } catch {
        valid = false;
      }
      if (!valid) {
        rejected.push(event);
        send(socket, ['OK', event?.id ?? '', false, 'invalid: bad id or signature']);
        return;
      }
      const fresh = store(event);
      send(socket, ['OK', event.id, true, fresh ? '' : 'duplicate: already have it']);
      if (fresh) {
        for (const [other, subs] of subscriptions) {
          for (const [subId, filters] of subs) {
            if (filters.some((f) => matches(f, event))) send(other, ['EVENT', subId, event]);
          }
        }
      }
    } else if (type === 'REQ') {
      const [subId, ...filters] = rest;
      subscriptions.get(socket)?.set(subId, filters);
      const found = events
        .filter((e) => filters.some((f) => matches(f, e)))
        .sort((a, b) => b.created_at - a.created_at);
      const limit = Math.min(...filters.map((f) => f.limit ?? Infinity));
      for (const event of found.slice(0, Number.isFinite(limit) ? limit : undefined)) {
        send(socket, ['EVENT', subId, event]);
      }
      send(socket, ['EOSE', subId]);
    } else if (type === 'CLOSE') {
      subscriptions.get(socket)?.delete(rest[0]);
    } else {
      send(socket, ['NOTICE', `invalid: unknown message type ${type}`]);
    }
  });
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`LISTENING ${server.address().port}`);
});

if (args.includes('--exit-on-stdin-close')) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}
