#!/usr/bin/env node
// lb's copy of the juggler oracle (tests/conformance/README.md). Beyond the shared
// tool it declares each model's `validations` section (validations.js) and, for ops
// with "hooks": true, records the operation hooks that fire (hooks.js) into the
// result's "hooks" key.
//
// Runs a case file through loopback-datasource-juggler's memory connector and
// prints one JSON document: {"results": [ {"ok": value} | {"error": {...}} ]}.
//
// Case file:
// {
//   "models": [ <LoopBack model definition JSON>, ... ],      // name, properties, relations, options...
//   "data":   { "Item": [ {...}, ... ], ... },                 // loaded in order, validation off
//   "ops":    [ {"op": "find",      "model": "Item", "filter": {...}},
//               {"op": "findOne",   "model": "Item", "filter": {...}},
//               {"op": "findById",  "model": "Item", "id": 1, "filter": {...}},
//               {"op": "count",     "model": "Item", "where": {...}},
//               {"op": "exists",    "model": "Item", "id": 1},
//               {"op": "create",    "model": "Item", "data": {...} | [...]},
//               {"op": "upsert",    "model": "Item", "data": {...}},
//               {"op": "replaceOrCreate", "model": "Item", "data": {...}},
//               {"op": "upsertWithWhere", "model": "Item", "where": {...}, "data": {...}},
//               {"op": "findOrCreate", "model": "Item", "filter": {...}, "data": {...}},
//               {"op": "updateAll", "model": "Item", "where": {...}, "data": {...}},
//               {"op": "destroyAll", "model": "Item", "where": {...}},
//               {"op": "destroyById", "model": "Item", "id": 1},
//               {"op": "replaceById", "model": "Item", "id": 1, "data": {...}},
//               {"op": "patchById", "model": "Item", "id": 1, "data": {...}},
//               {"op": "save",      "model": "Item", "id": 1 (omit: a new instance), "data": {...}},
//               {"op": "replaceAttributes", "model": "Item", "id": 1, "data": {...}},
//               {"op": "destroy",   "model": "Item", "id": 1},
//               {"op": "related", "model": "Item", "id": 1, "relation": "reviews", "method": "find"|"count"|"create"|..., "args": [...]},
//               {"op": "embedded", "model": "Item", "id": 1, "relation": "notes", "method": "get"|"find"|"create"|..., "args": [...]} ],
//   "settings": { ... }                                        // optional memory data source settings
// }
// Usage: node oracle.js CASE.json   (or - for stdin)
'use strict';
const fs = require('fs');
const {DataSource} = require('loopback-datasource-juggler');
const validations = require('./validations.js');
const hooks = require('./hooks.js');

function readCase(arg) {
  const text = arg === '-' || !arg ? fs.readFileSync(0, 'utf8') : fs.readFileSync(arg, 'utf8');
  return JSON.parse(text);
}

function plain(v) {
  if (v === null || v === undefined) return v === undefined ? null : v;
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v.toJSON === 'function') return JSON.parse(JSON.stringify(v));
  return JSON.parse(JSON.stringify(v));
}

function errorOf(e) {
  if (Array.isArray(e)) return {name: 'Array', errors: e.map(x => (x ? errorOf(x) : null))};
  const out = {name: e.name, message: e.message};
  if (e.statusCode !== undefined) out.statusCode = e.statusCode;
  if (e.code !== undefined) out.code = e.code;
  if (e.details !== undefined) out.details = plain(e.details);
  return out;
}

async function run(c) {
  const ds = new DataSource('memory', c.settings || {});
  const models = {};
  for (const def of c.models) {
    const {name, properties, ...settings} = def;
    const opts = Object.assign({}, settings.options || {}, settings);
    delete opts.options;
    models[name] = ds.createModel(name, properties || {}, opts);
  }
  for (const def of c.models) {
    for (const [rel, r] of Object.entries(def.relations || {})) {
      // createModel already wires relations from settings; nothing to do here.
      void rel; void r;
    }
  }
  for (const def of c.models) validations.declare(models[def.name], def.validations || []);
  for (const [name, rows] of Object.entries(c.data || {})) {
    for (const row of rows) await models[name].create(row, {validate: false});
  }
  hooks.install(models, c);
  const results = [];
  for (const op of c.ops || []) {
    const M = models[op.model];
    if (op.hooks) hooks.start(op);
    try {
      let r;
      switch (op.op) {
        case 'find': r = await M.find(op.filter || {}); break;
        case 'findOne': r = await M.findOne(op.filter || {}); break;
        case 'findById': r = await M.findById(op.id, op.filter || {}); break;
        case 'count': r = await M.count(op.where || {}); break;
        case 'exists': r = await M.exists(op.id); break;
        case 'create': r = await M.create(op.data); break;
        case 'upsert': r = await M.upsert(op.data); break;
        case 'replaceOrCreate': r = await M.replaceOrCreate(op.data); break;
        case 'upsertWithWhere': r = await M.upsertWithWhere(op.where, op.data); break;
        case 'findOrCreate': r = await M.findOrCreate(op.filter, op.data); break;
        case 'updateAll': r = await M.updateAll(op.where || {}, op.data); break;
        case 'destroyAll': r = await M.destroyAll(op.where || {}); break;
        case 'destroyById': r = await M.destroyById(op.id); break;
        case 'replaceById': r = await M.replaceById(op.id, op.data); break;
        case 'patchById': {
          const inst = await M.findById(op.id);
          if (!inst) throw Object.assign(new Error('not found'), {statusCode: 404});
          r = await inst.patchAttributes(op.data);
          break;
        }
        case 'save': {
          let inst;
          if (op.id === undefined) {
            inst = new M(op.data || {});
          } else {
            inst = await M.findById(op.id);
            if (!inst) throw Object.assign(new Error('not found'), {statusCode: 404});
            inst.setAttributes(op.data || {});
          }
          r = await inst.save();
          break;
        }
        case 'replaceAttributes': {
          const inst = await M.findById(op.id);
          if (!inst) throw Object.assign(new Error('not found'), {statusCode: 404});
          r = await inst.replaceAttributes(op.data);
          break;
        }
        case 'destroy': {
          const inst = await M.findById(op.id);
          if (!inst) throw Object.assign(new Error('not found'), {statusCode: 404});
          await inst.destroy();
          r = null;
          break;
        }
        case 'related': {
          const inst = await M.findById(op.id);
          if (!inst) throw Object.assign(new Error('not found'), {statusCode: 404});
          const rel = inst[op.relation];
          const method = op.method || 'find';
          r = await rel[method](...(op.args || []));
          break;
        }
        case 'embedded': {
          // An embedsOne / embedsMany method called the way LoopBack's REST layer
          // calls it: with a callback (without one, juggler's updateById, destroyById
          // and destroyAll change the instance but never save it). "get" (embedsOne)
          // and "find" (embedsMany) call the relation itself; "destroyById" is juggler's
          // scope method `destroy`; "build" takes no callback.
          const inst = await M.findById(op.id);
          if (!inst) throw Object.assign(new Error('not found'), {statusCode: 404});
          const rel = inst[op.relation];
          const method = op.method || 'get';
          const fn = method === 'get' || method === 'find' ? rel
            : method === 'destroyById' ? rel.destroy : rel[method];
          if (typeof fn !== 'function') throw new Error('no embedded method ' + method);
          r = method === 'build' ? fn.call(rel, ...(op.args || [])) : await new Promise((resolve, reject) => {
            fn.call(rel, ...(op.args || []), (err, value) => (err ? reject(err) : resolve(value)));
          });
          if (r === undefined) r = null;
          break;
        }
        default: throw new Error('unknown op ' + op.op);
      }
      results.push(hooks.attach(op, {ok: plain(r)}));
    } catch (e) {
      results.push(hooks.attach(op, {error: errorOf(e)}));
    }
  }
  return {results};
}

run(readCase(process.argv[2]))
  .then(out => process.stdout.write(JSON.stringify(out, null, 1) + '\n'))
  .catch(e => { console.error(e && e.stack || e); process.exit(1); });
