// Records the operation hooks that fire during ops marked "hooks": true, and runs the
// case's declared observers (tests/conformance/README.md, "Hooks"). The C++ runner
// (tests/support/conformance.cpp) does the same through Model::observe.
//
// install() registers, after the data load: on every model of the case, a recorder for
// every hook point; then one observer per entry of the case's "observers", then one per
// entry of each op's "observers" (op by op), each on the model and hook it names. An
// op's own observers act only while that op runs. Nothing is registered for a case
// that uses no hooks. The recorder records during ops with "hooks": true, and only the
// operations on the model it is registered on (a base model's observers also fire for
// its subclasses' operations, as LoopBack's do).
//
// A recorded entry is {"model": <ctx.Model's name>, "hook": <point>, "ctx": {...}} where
// ctx holds those of query, where, instance, data, currentInstance, isNewInstance, info
// and hookState (when not empty) that LoopBack's ctx has, as JSON (instances through
// toJSON), copied when the recorder runs: before the declared observers of the same
// model and hook act.
'use strict';

const kPoints = ['access', 'loaded', 'before save', 'persist', 'after save', 'before delete', 'after delete'];
const kKeys = ['query', 'where', 'instance', 'data', 'currentInstance', 'isNewInstance', 'info'];
// ctx keys LoopBack sets that the recording leaves out: the model (recorded by name),
// the options, and hookState (recorded separately, when an observer wrote to it).
const kSkipped = new Set(['Model', 'options', 'hookState']);

let opIndex = 0;
let recording = null;

function json(v) {
  if (v === undefined) return null;
  return JSON.parse(JSON.stringify(v));
}

function snapshot(point, ctx) {
  const out = {};
  for (const key of kKeys) {
    if (ctx[key] !== undefined) out[key] = json(ctx[key]);
  }
  for (const key of Object.keys(ctx)) {
    if (!kKeys.includes(key) && !kSkipped.has(key) && ctx[key] !== undefined) {
      throw new Error('hooks.js: the ctx of "' + point + '" has a key the recording does not know: ' + key);
    }
  }
  if (ctx.hookState && Object.keys(ctx.hookState).length > 0) out.hookState = json(ctx.hookState);
  return out;
}

// {"and": [old, extra]}, or extra alone when old is absent or empty.
function andWhere(old, extra) {
  if (old === undefined || old === null || (typeof old === 'object' && Object.keys(old).length === 0)) {
    return json(extra);
  }
  return {and: [old, json(extra)]};
}

function checkObserver(o, where) {
  if (!o || typeof o !== 'object') throw new Error(where + ': an observer is an object');
  if (!kPoints.includes(o.hook)) throw new Error(where + ': unknown hook ' + JSON.stringify(o.hook));
  const actions = ['set', 'where', 'fail', 'state'].filter(k => o[k] !== undefined);
  if (actions.length !== 1) throw new Error(where + ': an observer takes exactly one of set, where, fail, state');
  for (const k of Object.keys(o)) {
    if (!['model', 'hook', 'set', 'where', 'fail', 'state'].includes(k)) {
      throw new Error(where + ': unknown observer key ' + k);
    }
  }
}

// What one declared observer does to ctx; a thrown error aborts the operation.
function act(o, ctx) {
  if (o.fail !== undefined) {
    const e = new Error(o.fail.message || 'hook failed');
    if (o.fail.name) e.name = o.fail.name;
    e.statusCode = o.fail.statusCode === undefined ? 500 : o.fail.statusCode;
    throw e;
  }
  if (o.state !== undefined) {
    Object.assign(ctx.hookState, json(o.state));
    return;
  }
  if (o.set !== undefined) {
    const target = ctx.instance || ctx.data;
    if (!target) throw new Error('hooks.js: "set" on a ' + o.hook + ' ctx with neither instance nor data');
    for (const [k, v] of Object.entries(o.set)) {
      if (ctx.instance) ctx.instance.setAttribute(k, json(v));
      else ctx.data[k] = json(v);
    }
    return;
  }
  if (o.where !== undefined) {
    if (ctx.query) ctx.query.where = andWhere(ctx.query.where, o.where);
    else if (ctx.where !== undefined) ctx.where = andWhere(ctx.where, o.where);
    else throw new Error('hooks.js: "where" on a ' + o.hook + ' ctx with neither query nor where');
  }
}

// Whether the case uses hooks at all: files that do not are run without any observer.
function usesHooks(c) {
  return (c.observers || []).length > 0 || (c.ops || []).some(op => op.hooks || (op.observers || []).length > 0);
}

function install(models, c) {
  opIndex = 0;
  recording = null;
  if (!usesHooks(c)) return;
  const declared = [];
  (c.observers || []).forEach((o, i) => {
    checkObserver(o, 'observers[' + i + ']');
    declared.push({o, op: null});
  });
  (c.ops || []).forEach((op, n) => {
    (op.observers || []).forEach((o, i) => {
      checkObserver(o, 'ops[' + n + '].observers[' + i + ']');
      declared.push({o, op: n});
    });
  });
  for (const d of declared) {
    if (!models[d.o.model]) throw new Error('hooks.js: observer on unknown model ' + d.o.model);
  }
  for (const [name, M] of Object.entries(models)) {
    for (const point of kPoints) {
      M.observe(point, async ctx => {
        if (recording && ctx.Model.modelName === name) {
          recording.push({model: ctx.Model.modelName, hook: point, ctx: snapshot(point, ctx)});
        }
      });
    }
  }
  for (const d of declared) {
    models[d.o.model].observe(d.o.hook, async ctx => {
      if (d.op === null || d.op === opIndex) act(d.o, ctx);
    });
  }
}

function start(op) {
  recording = [];
}

function attach(op, result) {
  opIndex += 1;
  if (!op.hooks) return result;
  const out = Object.assign({}, result, {hooks: recording || []});
  recording = null;
  return out;
}

module.exports = {install, start, attach};
