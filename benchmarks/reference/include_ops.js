#!/usr/bin/env node
// The reference side of benchmarks/include_benchmark.cpp: the same 50 authors, 500
// posts and 1,500 comments, and the same `{include: {posts: 'comments'}}` find,
// through loopback-datasource-juggler's memory connector. Prints one JSON line:
// {"name", "ns_per_op", "rows", "queries"} (median of the runs; queries are the
// connector's `all` calls per find). Run through scripts/bench-include.
'use strict';
const {DataSource} = require('loopback-datasource-juggler');

const kRuns = Number(process.env.LB_BENCH_REF_RUNS || 5);
const kMinRunNs = 0.5e9;

async function main() {
  const ds = new DataSource('memory');
  const Author = ds.createModel('Author', {name: 'string'},
    {relations: {posts: {type: 'hasMany', model: 'Post'}}});
  const Post = ds.createModel('Post', {title: 'string', n: 'number'},
    {relations: {comments: {type: 'hasMany', model: 'Comment'}}});
  const Comment = ds.createModel('Comment', {body: 'string'});
  for (let a = 1; a <= 50; a++) {
    await Author.create({id: a, name: `author ${a}`}, {validate: false});
    for (let p = 1; p <= 10; p++) {
      const post = (a - 1) * 10 + p;
      await Post.create({id: post, title: `post ${post}`, n: p, authorId: a}, {validate: false});
      for (let c = 1; c <= 3; c++) await Comment.create({body: 'comment', postId: post});
    }
  }
  let queries = 0;
  const all = ds.connector.all;
  // Same arity as the original: juggler passes `options` only to a 4-argument `all`.
  ds.connector.all = function(model, filter, options, callback) { queries++; return all.call(this, model, filter, options, callback); };

  const find = () => Author.find({include: {posts: 'comments'}});
  const count = (authors) => authors.reduce((n, a) => n + 1 + a.posts().reduce((m, p) => m + 1 + p.comments().length, 0), 0);
  let start = process.hrtime.bigint();
  const first = await find();
  const rows = count(first);
  const once = Number(process.hrtime.bigint() - start);
  queries = 0;
  await find();
  const perFind = queries;
  const n = Math.max(1, Math.ceil(kMinRunNs / Math.max(once, 1)));
  const runs = [];
  for (let r = 0; r < kRuns; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await find();
    runs.push(Number(process.hrtime.bigint() - t0) / n);
  }
  runs.sort((a, b) => a - b);
  console.log(JSON.stringify({name: 'include', ns_per_op: runs[Math.floor(runs.length / 2)], rows, queries: perFind}));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
