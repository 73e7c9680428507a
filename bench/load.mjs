// The load generator for bench/server.py: autocannon, driven through its API so that every
// response time is kept at full resolution (its own summary rounds latencies to whole ms).
// Usage: node bench/load.mjs '{"url": ..., "method": ..., "body": ..., "connections": N, "amount": N}'
// Prints one JSON line: requests, seconds, statuses, errors, latencies_ms.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const autocannon = require('autocannon')

const spec = JSON.parse(process.argv[2])
const latencies = []
const statuses = {}
const started = process.hrtime.bigint()
const instance = autocannon({
  url: spec.url,
  method: spec.method ?? 'GET',
  body: spec.body,
  headers: spec.body === undefined ? {} : { 'content-type': 'application/json' },
  connections: spec.connections,
  amount: spec.amount,
  timeout: 30,
})
instance.on('response', (client, statusCode, resBytes, responseTime) => {
  latencies.push(responseTime)
  statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
})
instance.on('done', (result) => {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  console.log(JSON.stringify({
    requests: latencies.length,
    seconds,
    statuses,
    errors: result.errors + result.timeouts,
    latencies_ms: latencies,
  }))
})
