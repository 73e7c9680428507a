// Drive a live server with the official TypeScript SDK (@pieces.app/pieces-os-client) and report
// what it saw. The TypeScript twin of official_python_sdk_flow.py, with the same arguments and the
// same output, run by tests/interop/test_official_sdks.py in two steps:
//
//   node interop/official_typescript_sdk_flow.mjs --base-url URL [--api-key KEY] create
//   node interop/official_typescript_sdk_flow.mjs --base-url URL [--api-key KEY] delete ID [ID ...]
//
// The SDK's FromJSON functions check nothing, so each response is checked three ways: the SDK's
// own instanceOf guard for the top model, every timestamp is a valid Date, and the model written
// back with the SDK's ToJSON equals the raw body (a field the SDK does not know would be lost).
// The last line of stdout is one JSON object; any failure exits 1 with the reason on stderr.

import { parseArgs } from 'node:util';
import {
  Configuration,
  DistributionsApi,
  DistributionToJSON,
  DistributionsToJSON,
  ResponseError,
  SeededDistributionFromJSON,
  instanceOfDistribution,
  instanceOfDistributions,
} from '@pieces.app/pieces-os-client';

const MAILGUN_SEED = {
  mailgun: { recipients: { iterable: [{ email: 'ada@example.com', name: 'Ada Lovelace' }] } },
};
const GITHUB_SEED = {
  github: {
    gist: {
      name: 'retry_with_backoff.py',
      description: 'Retry helper shared from the official TypeScript SDK',
      public: true,
    },
  },
};

class FlowError extends Error {}

// Two strings that name the same moment are equal: ToJSON writes dates as `...Z` with
// milliseconds, whatever spelling the server used.
function sameMoment(left, right) {
  if (typeof left !== 'string' || typeof right !== 'string') return false;
  const a = Date.parse(left);
  return !Number.isNaN(a) && a === Date.parse(right);
}

function sameJson(left, right, where = '$') {
  if (left && right && typeof left === 'object' && typeof right === 'object') {
    if (Array.isArray(left) !== Array.isArray(right)) throw new FlowError(`${where}: array vs object`);
    const lk = Object.keys(left).sort();
    const rk = Object.keys(right).sort();
    if (JSON.stringify(lk) !== JSON.stringify(rk)) {
      throw new FlowError(`${where}: keys ${JSON.stringify(lk)} != ${JSON.stringify(rk)}`);
    }
    for (const key of lk) sameJson(left[key], right[key], `${where}.${key}`);
  } else if (left !== right && !sameMoment(left, right)) {
    throw new FlowError(`${where}: ${JSON.stringify(left)} != ${JSON.stringify(right)}`);
  }
}

function checkDates(value, where = '$') {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new FlowError(`${where}: not a valid date`);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) checkDates(item, `${where}.${key}`);
  }
}

// Parse one JSON response the SDK's way and hold it to the raw body.
async function parsed(apiResponse, guard, toJson, what) {
  const raw = await apiResponse.raw.clone().json();
  const model = await apiResponse.value();
  if (!guard(model)) throw new FlowError(`${what}: not a model the SDK accepts: ${JSON.stringify(raw)}`);
  checkDates(model);
  sameJson(raw, JSON.parse(JSON.stringify(toJson(model))), what);
  return model;
}

async function create(api, seed) {
  const request = seed === null ? {} : { seededDistribution: SeededDistributionFromJSON(seed) };
  const response = await api.distributionsCreateNewDistributionRaw(request);
  return parsed(response, instanceOfDistribution, DistributionToJSON, 'create');
}

async function snapshot(api) {
  const response = await api.distributionsSnapshotRaw();
  const model = await parsed(response, instanceOfDistributions, DistributionsToJSON, 'snapshot');
  return model.iterable.map((distribution) => distribution.id);
}

async function stepCreate(api) {
  const mailgun = await create(api, MAILGUN_SEED);
  const emails = (mailgun.mailgun?.recipients?.iterable ?? []).map((person) => person.email);
  if (JSON.stringify(emails) !== '["ada@example.com"]' || mailgun.github) {
    throw new FlowError(`mailgun seed came back as ${JSON.stringify(mailgun)}`);
  }
  const github = await create(api, GITHUB_SEED);
  const gist = github.github?.gist;
  if (!gist || gist.name !== 'retry_with_backoff.py' || !gist.githubId || !gist.url) {
    throw new FlowError(`github seed came back as ${JSON.stringify(github)}`);
  }
  const empty = await create(api, null);
  if (empty.mailgun !== undefined || empty.github !== undefined) {
    throw new FlowError(`create without a body came back as ${JSON.stringify(empty)}`);
  }
  return {
    created: { mailgun: mailgun.id, github: github.id, empty: empty.id },
    snapshot: await snapshot(api),
  };
}

async function stepDelete(api, ids) {
  for (const distribution of ids) {
    const response = await api.distributionsDeleteSpecificDistributionRaw({ distribution });
    if (response.raw.status !== 204) {
      throw new FlowError(`delete ${distribution} answered ${response.raw.status}`);
    }
  }
  let secondDeleteStatus = null;
  try {
    await api.distributionsDeleteSpecificDistribution({ distribution: ids[0] });
  } catch (error) {
    if (!(error instanceof ResponseError)) throw error;
    secondDeleteStatus = error.response.status;
  }
  if (secondDeleteStatus === null) throw new FlowError(`deleting ${ids[0]} a second time succeeded`);
  return { snapshot: await snapshot(api), second_delete_status: secondDeleteStatus };
}

async function main() {
  const { values, positionals } = parseArgs({
    options: { 'base-url': { type: 'string' }, 'api-key': { type: 'string' } },
    allowPositionals: true,
  });
  const [step, ...ids] = positionals;
  if (!values['base-url'] || !['create', 'delete'].includes(step) || (step === 'delete') !== ids.length > 0) {
    throw new FlowError('usage: --base-url URL [--api-key KEY] (create | delete ID [ID ...])');
  }
  const settings = { basePath: values['base-url'] };
  if (values['api-key'] !== undefined) settings.apiKey = values['api-key'];
  const api = new DistributionsApi(new Configuration(settings));
  const result = step === 'create' ? await stepCreate(api) : await stepDelete(api, ids);
  console.log(JSON.stringify(result));
}

main().catch(async (error) => {
  let detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ResponseError) {
    detail += ` (${error.response.status}: ${await error.response.text()})`;
  }
  console.error(`official TypeScript SDK flow failed: ${detail}`);
  process.exitCode = 1;
});
