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
let started = null
let finished = null
const instance = autocannon({
  url: spec.url,
  method: spec.method ?? 'GET',
  body: spec.body,
  headers: spec.body === undefined ? {} : { 'content-type': 'application/json' },
  connections: spec.connections,
  amount: spec.amount,
  timeout: 30,
})
// autocannon only notices the last response at its next sampling tick (1 s by default), so the
// run's length is taken from the start event to the last response instead.
instance.on('start', () => { started = process.hrtime.bigint() })
instance.on('response', (client, statusCode, resBytes, responseTime) => {
  finished = process.hrtime.bigint()
  latencies.push(responseTime)
  statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
})
instance.on('done', (result) => {
  const seconds = Number(finished - started) / 1e9
  console.log(JSON.stringify({
    requests: latencies.length,
    seconds,
    statuses,
    errors: result.errors + result.timeouts,
    latencies_ms: latencies,
  }))
})
