// An include scope's limit and skip apply per parent; a connector that can page per key
// (ConnectorCapabilities::limit_per_key: a window function on SQL, a page step after
// the sort in memory) returns only the rows each parent keeps, in the same one query
// per level. Each filter runs on memory and on the SQL connector, whose results must
// agree (the conformance suite checks memory's against LoopBack's), and the rows each
// connector returned are counted. On SQLite always; on PostgreSQL too when
// LB_TEST_POSTGRES_URL names a server, in a schema of its own.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lb/app.hpp"
#include "lb/instance.hpp"
#include "lb/json.hpp"
#include "app_connectors.hpp"
#include "support/counting_connector.hpp"

namespace lb::sql::testing {
namespace {

Value json(const char* text) { return parse_json(text).value(); }

constexpr const char* kModels[] = {
    R"({"name": "Author", "properties": {"name": "string"},
        "relations": {"posts": {"type": "hasMany", "model": "Post", "foreignKey": "authorId"}}})",
    R"({"name": "Post", "properties": {"title": "string", "n": "number", "authorId": "number"},
        "relations": {"comments": {"type": "hasMany", "model": "Comment", "foreignKey": "postId"}}})",
    R"({"name": "Comment", "properties": {"body": "string", "postId": "number"}})",
};

// Four authors: 5, 3, 0 and 1 posts, whose n runs down from the number of posts (so id
// order and n order differ); two comments on every post.
struct Store {
  explicit Store(const std::string& connector) {
    Object settings = data_source_settings(connector, "counting-" + connector);
    lb::testing::register_counting_connector(connector, counts);
    app.add_data_source("db", Value(std::move(settings))).value();
    for (const char* definition : kModels) app.define_model(json(definition), "db").value();
    for (const std::string& name : app.model_names())
      app.find_data_source("db")->automigrate(app.model(name).definition()).value();
    int post = 0;
    const int posts_of[] = {5, 3, 0, 1};
    for (int a = 1; a <= 4; ++a) {
      app.model("Author").create(Value(Object{{"name", "author " + std::to_string(a)}})).value();
      for (int p = 0; p < posts_of[a - 1]; ++p) {
        ++post;
        app.model("Post")
            .create(Value(Object{{"title", "p" + std::to_string(post)}, {"n", posts_of[a - 1] - p}, {"authorId", a}}))
            .value();
        for (int c = 1; c <= 2; ++c)
          app.model("Comment").create(Value(Object{{"body", "c" + std::to_string(c)}, {"postId", post}})).value();
      }
    }
    counts.reset();
  }

  std::string find(const char* filter) {
    std::string out;
    const std::vector<Instance> rows = app.model("Author").find(FilterInput(json(filter))).value();
    for (const Instance& row : rows) out += row.to_json() + "\n";
    return out;
  }

  lb::testing::QueryCounts counts;
  App app;
};

class IncludePaging : public ::testing::TestWithParam<std::string> {
 protected:
  Store memory_{"memory"};
  Store sql_{GetParam()};

  // The SQL connector's rows (which must be memory's), and the rows it fetched.
  std::string find(const char* filter, long expected_rows) {
    sql_.counts.reset();
    memory_.counts.reset();
    std::string rows = sql_.find(filter);
    EXPECT_EQ(rows, memory_.find(filter)) << filter;
    for (Store* store : {&sql_, &memory_}) {
      EXPECT_TRUE(store->app.find_data_source("db")->connector().capabilities().limit_per_key);
      EXPECT_EQ(store->counts.rows.load(), expected_rows) << "rows fetched for " << filter;
    }
    return rows;
  }
};

TEST_P(IncludePaging, LimitWithOrderKeepsEachParentsFirstRows) {
  const std::string rows = find(R"({"order": "id", "include": {"relation": "posts", "scope": {"order": "n DESC", "limit": 2}}})",
                                4 + 2 + 2 + 0 + 1);
  EXPECT_NE(rows.find(R"("posts":[{"title":"p1","n":5,"authorId":1,"id":1},{"title":"p2","n":4,"authorId":1,"id":2}])"),
            std::string::npos)
      << rows;
  EXPECT_NE(rows.find(R"({"name":"author 3","id":3,"posts":[]})"), std::string::npos) << rows;
}

TEST_P(IncludePaging, SkipAndLimitWithoutOrderFollowIds) {
  const std::string rows =
      find(R"({"order": "id", "include": {"relation": "posts", "scope": {"skip": 1, "limit": 2}}})", 4 + 2 + 2 + 0 + 0);
  EXPECT_NE(rows.find(R"("posts":[{"title":"p2","n":4,"authorId":1,"id":2},{"title":"p3","n":3,"authorId":1,"id":3}])"),
            std::string::npos)
      << rows;
}

TEST_P(IncludePaging, SkipAlone) {
  find(R"({"order": "id", "include": {"relation": "posts", "scope": {"skip": 3, "order": "n"}}})", 4 + 2 + 0 + 0 + 0);
}

TEST_P(IncludePaging, FieldsWithoutTheForeignKeyStillGroup) {
  const std::string rows = find(
      R"({"order": "id", "include": {"relation": "posts", "scope": {"fields": ["title"], "order": "n", "limit": 1}}})",
      4 + 1 + 1 + 0 + 1);
  EXPECT_NE(rows.find(R"({"name":"author 1","id":1,"posts":[{"title":"p5"}]})"), std::string::npos) << rows;
}

TEST_P(IncludePaging, NestedIncludeRunsOnTheKeptRowsOnly) {
  find(R"({"order": "id", "include": {"relation": "posts", "scope": {"order": "n DESC", "limit": 1, "include": "comments"}}})",
       4 + 3 + 3 * 2);
}

TEST_P(IncludePaging, LimitAndWhereInTheScope) {
  find(R"({"order": "id", "include": {"relation": "posts", "scope": {"where": {"n": {"lt": 3}}, "order": "n", "limit": 1}}})",
       4 + 1 + 1 + 0 + 1);
}

INSTANTIATE_TEST_SUITE_P(Sql, IncludePaging, ::testing::ValuesIn(sql_connectors()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lb::sql::testing
