#!/usr/bin/env node
// The reference side of benchmarks/memory_benchmark.cpp: the same 100,000 Item rows
// and the same operations through loopback-datasource-juggler's memory connector.
// Prints one JSON line per operation: {"name", "ns_per_op", "rows"} (median of the runs).
// Run through scripts/bench-memory, which points NODE_PATH at the oracle's node_modules.
'use strict';
const {DataSource} = require('loopback-datasource-juggler');

const kRows = Number(process.env.LB_BENCH_ROWS || 100000);
const kRuns = Number(process.env.LB_BENCH_REF_RUNS || 5);
const kMinRunNs = 0.2e9;  // a run repeats the operation until it has taken this long

// Item, as benchmarks/memory_benchmark.cpp defines it (kItemDefinition).
const itemProperties = {
  id: {type: 'number', id: true, generated: true},
  name: {type: 'string'},
  price: {type: 'number', index: true},
  category: {type: 'string', index: true},
  sku: {type: 'string', index: {unique: true}},
  location: {type: 'geopoint', index: true},
  created: {type: 'date'},
};

// Row `id` (1-based), the same formulas as make_row() in memory_benchmark.cpp: prices
// are a permutation of 0.00 .. 999.99, 50 categories of 2,000 rows, unique skus.
function makeRow(id) {
  return {
    name: `item-${id}`,
    price: ((id * 7919) % 100000) / 100,
    category: `cat-${String((id * 37) % 50).padStart(2, '0')}`,
    sku: `SKU-${String(id).padStart(7, '0')}`,
    location: {lat: ((id * 48271) % 120001) / 1000 - 60, lng: ((id * 69621) % 360001) / 1000 - 180},
    created: new Date(1700000000000 + id * 60000),
  };
}

// The lookup parameters, the same as the C++ side's.
function probeId(k) { return ((k * 7919) % kRows) + 1; }
const kInqIds = [17, 4242, 99999, 12345, 500, 77777, 31337, 2, 65536, 88888];
const kNear = {lat: 40.7, lng: -74.0};

function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// Times `op` (an async function taking the iteration number): one warm-up call to size
// the runs, then kRuns runs of n calls each; reports the median ns per call.
async function measure(name, op, {setup} = {}) {
  if (setup) await setup();
  let start = process.hrtime.bigint();
  const rows = await op(0);
  const once = Number(process.hrtime.bigint() - start);
  const n = Math.max(1, Math.ceil(kMinRunNs / Math.max(once, 1)));
  const runs = [];
  let k = 1;
  for (let r = 0; r < kRuns; r++) {
    let elapsed = 0;
    for (let i = 0; i < n; i++) {
      if (setup) await setup();  // untimed
      start = process.hrtime.bigint();
      await op(k++);
      elapsed += Number(process.hrtime.bigint() - start);
    }
    runs.push(elapsed / n);
  }
  console.log(JSON.stringify({name, ns_per_op: median(runs), rows}));
}

async function main() {
  const ds = new DataSource('memory');
  const Item = ds.createModel('Item', itemProperties);
  const Batch = ds.createModel('ItemBatch', itemProperties);

  const rows = [];
  for (let id = 1; id <= kRows; id++) rows.push(makeRow(id));
  let start = process.hrtime.bigint();
  await Item.createAll(rows);
  const loadNs = Number(process.hrtime.bigint() - start);
  console.log(JSON.stringify({name: 'load', ns_per_op: loadNs, rows: await Item.count()}));

  const size = (result) => (Array.isArray(result) ? result.length : result ? 1 : 0);
  await measure('find_by_id', async (k) => size(await Item.findById(probeId(k))));
  await measure('eq_category', async () => size(await Item.find({where: {category: 'cat-07'}})));
  await measure('eq_sku', async () => size(await Item.find({where: {sku: 'SKU-0054321'}})));
  await measure('range_price', async () =>
    size(await Item.find({where: {price: {between: [500, 500.99]}}})));
  await measure('inq_ids', async () => size(await Item.find({where: {id: {inq: kInqIds}}})));
  await measure('like_prefix', async () =>
    size(await Item.find({where: {name: {like: 'item-123%'}}})));
  await measure('order_limit', async () => size(await Item.find({order: 'price DESC', limit: 10})));
  await measure('count_range', async () =>
    await Item.count({price: {between: [100, 199.99]}}));
  await measure('near_limit', async () =>
    size(await Item.find({where: {location: {near: kNear}}, limit: 10})));

  const batch = [];
  for (let id = 1; id <= 1000; id++) batch.push(makeRow(kRows + id));
  await measure('create_all_1000', async () => size(await Batch.createAll(batch)), {
    setup: async () => { await Batch.destroyAll(); },
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
