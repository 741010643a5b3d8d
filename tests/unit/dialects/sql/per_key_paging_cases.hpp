// What the tests of paging per key (Bound::limit_per_key) share: an Author and Post
// model, posts whose keys come in uneven runs, ties and nulls, the paged finds to run,
// and the check: a connector's paged find returns exactly the rows that paging the
// same find's unpaged rows per key, here in the test, keeps. sqlite_per_key_paging_test.cpp
// runs it on the sqlite3 connector, ../postgres/per_key_paging_test.cpp on the
// postgresql one. Header only, as lb_postgres_tests takes only sql_fixture.cpp from here.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lb/app.hpp"
#include "lb/json.hpp"
#include "sql_fixture.hpp"

namespace lb::sql::testing {

inline constexpr const char* kPagingAuthor = R"({"name": "Author", "properties": {"name": "string"}})";
// Not strict: "group" is kept in the extras column.
inline constexpr const char* kPagingPost = R"({
  "name": "Post",
  "properties": {"title": "string", "stars": "number", "authorId": "number", "meta": "any",
                 "address": {"type": {"city": "string"}}},
  "relations": {"author": {"type": "belongsTo", "model": "Author", "foreignKey": "authorId"}}
})";

inline Array paging_authors() {
  Array out;
  for (const char* name : {"Ann", "Bob", "Cy", "Dee"}) out.push_back(Value(Object{{"name", name}}));
  return out;
}

// 40 posts (ids 1 to 40 in this order): author 1 has many, author 4 few, some none;
// stars, titles and cities repeat (ties broken by id) and are sometimes missing; meta
// holds values of every kind.
inline Array paging_posts() {
  constexpr std::int64_t kAuthors[] = {1, 2, 1, 3, 1, 2, 0, 1, 4, 3, 0};
  Array out;
  for (std::int64_t i = 0; i < 40; ++i) {
    Object post{{"title", std::string("t") + static_cast<char>('a' + (i * 7) % 5)}};
    if (i % 5 != 4) post.push_back("stars", Value((i * 3) % 4));
    if (const std::int64_t author = kAuthors[i % 11]; author != 0) post.push_back("authorId", Value(author));
    switch (i % 4) {
      case 0: post.push_back("meta", Value(i % 3)); break;
      case 1: post.push_back("meta", Value("m" + std::to_string(i % 2))); break;
      case 3: post.push_back("meta", Value(i % 2 == 0)); break;
      default: break;
    }
    if (i % 3 != 0) post.push_back("address", Value(Object{{"city", "c" + std::to_string(i % 4)}}));
    if (i % 6 != 5) post.push_back("group", Value(i % 3));
    out.push_back(Value(std::move(post)));
  }
  return out;
}

struct PerKeyCase {
  const char* key;
  const char* filter;  // JSON, with the limit and skip to apply per key
  // Whether some key has more rows than the page keeps (the paging must drop rows).
  bool drops = true;
};

inline const std::vector<PerKeyCase>& per_key_cases() {
  static const std::vector<PerKeyCase> cases = {
      {"authorId", R"({"order": "stars DESC", "limit": 2})"},
      {"authorId", R"({"limit": 3})"},
      {"authorId", R"({"order": ["stars", "title DESC"], "skip": 1, "limit": 2})"},
      {"authorId", R"({"order": "title", "skip": 2})"},
      {"authorId", R"({"fields": ["title", "stars"], "order": "address.city DESC", "limit": 2})"},
      {"authorId", R"({"where": {"authorId": {"inq": [1, 3, 4]}}, "order": "meta", "limit": 2})"},
      {"authorId", R"({"where": {"author.name": {"neq": "Bob"}}, "order": "stars", "limit": 1})"},
      {"authorId", R"({"where": {"stars": {"gte": 1}}, "order": "id DESC", "offset": 1, "limit": 1})"},
      {"authorId", R"({"where": {"stars": {"gte": 1}}, "limit": 100})", false},
      {"title", R"({"order": "stars DESC", "limit": 1})"},
      {"stars", R"({"order": "title", "skip": 1, "limit": 1})"},
      {"group", R"({"order": "stars", "limit": 2})"},
      {"address", R"({"fields": ["id", "address"], "limit": 1})"},
  };
  return cases;
}

// A connector's find.
using FindRows = std::function<Result<std::vector<Record>>(const filter::Bound&)>;

inline std::string rows_json(const std::vector<Object>& rows) {
  std::string out;
  for (const Object& row : rows) out += to_json(Value(row)) + "\n";
  return out;
}

// The rows `paged` must find: `all` (the same find, unpaged, with every property) paged
// per key value here, then cut to the filter's fields. Rows without the key share one
// run, as they share one partition in SQL (src/dao drops them).
inline std::vector<Object> paged_here(const std::vector<Record>& all, const filter::Bound& paged) {
  std::map<std::string, std::int64_t> seen;  // rows so far per key value (its JSON)
  std::vector<Object> out;
  for (const Record& row : all) {
    const std::int64_t number = ++seen[to_json(row.get(*paged.limit_per_key))];
    if (number <= paged.skip) continue;
    if (paged.limit && *paged.limit > 0 && number - paged.skip > *paged.limit) continue;
    Object object = row.to_object();
    if (paged.fields) {
      Object chosen;
      for (const auto& [name, value] : object) {
        for (const std::string& field : *paged.fields) {
          if (field == name) chosen.push_back(name, value);
        }
      }
      object = std::move(chosen);
    }
    out.push_back(std::move(object));
  }
  return out;
}

// Runs `paged` through `find` and compares with paging its unpaged rows here.
inline void expect_paged_per_key(const filter::Bound& paged, const FindRows& find, bool drops,
                                 const std::string& label) {
  filter::Bound unpaged = paged;
  unpaged.limit.reset();
  unpaged.skip = 0;
  unpaged.limit_per_key.reset();
  unpaged.fields.reset();
  auto all = find(unpaged);
  ASSERT_TRUE(all) << label << ": " << all.error().message();
  auto found = find(paged);
  ASSERT_TRUE(found) << label << ": " << found.error().message();
  const std::vector<Object> expected = paged_here(*all, paged);
  std::vector<Object> actual;
  for (const Record& row : *found) actual.push_back(row.to_object());
  EXPECT_EQ(rows_json(expected), rows_json(actual)) << label;
  // Not vacuous: rows of several keys come back, and (mostly) not all of them.
  std::set<std::string> keys;
  for (const Record& row : *all) keys.insert(to_json(row.get(*paged.limit_per_key)));
  EXPECT_GT(keys.size(), 2u) << label;
  EXPECT_GT(expected.size(), 2u) << label;
  if (drops) {
    EXPECT_LT(expected.size(), all->size()) << label;
  }
}

// Every case of per_key_cases() on `app`'s Post model, plus a limit at the largest
// integer (the page's end must not overflow). `find` is the connector's find.
inline void expect_per_key_cases(App& app, const FindRows& find) {
  Model& posts = app.model("Post");
  for (const PerKeyCase& c : per_key_cases()) {
    auto bound = posts.bind_filter(c.filter);
    ASSERT_TRUE(bound) << c.filter << ": " << bound.error().message();
    if (bound->where) mark_scoped(*bound->where);
    bound->limit_per_key = c.key;
    expect_paged_per_key(*bound, find, c.drops, std::string(c.key) + " " + c.filter);
  }
  auto huge = posts.bind_filter(R"({"order": "stars"})").value();
  huge.limit_per_key = "authorId";
  huge.skip = 1;
  huge.limit = std::numeric_limits<std::int64_t>::max();
  expect_paged_per_key(huge, find, true, "skip 1, limit INT64_MAX");
}

}  // namespace lb::sql::testing
