#!/usr/bin/env node
// The reference side of benchmarks/filter_compile_benchmark.cpp: the same filter,
// compiled the way loopback-datasource-juggler does before it queries (JSON.parse or
// qs.parse, then Model._normalize, which validates and coerces the where clause).
// Prints one JSON line per case: {"name", "ns_per_op"} (median of 15 runs).
// Run through scripts/bench, which points NODE_PATH at the oracle's node_modules.
'use strict';
const {DataSource} = require('loopback-datasource-juggler');
const qs = require('qs');

const ds = new DataSource('memory');
ds.createModel('Review', {stars: 'number', body: 'string', itemId: 'number', created: 'date'});
const Item = ds.createModel('Item', {
  name: {type: 'string', index: true}, price: 'number', category: 'string', inStock: 'boolean',
  added: 'date', tags: ['string'], location: 'geopoint', secret: 'string',
}, {hidden: ['secret'], relations: {reviews: {type: 'hasMany', model: 'Review', foreignKey: 'itemId'}}});

const json = process.argv[2];
const query = process.argv[3];

function compileJson() {
  const filter = JSON.parse(json);
  Item._normalize(filter, {});
  return filter;
}
function compileQuery() {
  // qs's default depth (5) would flatten this filter's deeper brackets into literal keys.
  const filter = qs.parse(query, {depth: 20}).filter;
  Item._normalize(filter, {});
  return filter;
}

function measure(name, fn) {
  for (let i = 0; i < 20000; i++) fn();  // warm up the JIT
  const runs = [];
  for (let r = 0; r < 15; r++) {
    const n = 20000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    runs.push(Number(process.hrtime.bigint() - start) / n);
  }
  runs.sort((a, b) => a - b);
  console.log(JSON.stringify({name, ns_per_op: runs[7]}));
}

measure('reference_json', compileJson);
measure('reference_query_string', compileQuery);
