// Relation conditions on SQL run as EXISTS subqueries (no query on a related model)
// and give what the memory connector's key resolution gives: the same models and rows
// on memory and on a SQL connector, each operation run on both and compared, with the
// default scopes of the target and the through model. On SQLite always; on PostgreSQL
// too when LB_TEST_POSTGRES_URL names a server (scripts/test sets it), each run in a
// schema of its own that automigrate creates (a throwaway cluster: schemas are left).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lb/app.hpp"
#include "lb/hooks.hpp"
#include "lb/instance.hpp"
#include "lb/json.hpp"
#include "app_connectors.hpp"

namespace lb::sql::testing {
namespace {

Value json(const char* text) { return parse_json(text).value(); }

constexpr const char* kModels[] = {
    R"({"name": "Author", "properties": {"name": "string", "favoriteIds": ["number"]},
        "relations": {"posts": {"type": "hasMany", "model": "Post", "foreignKey": "authorId"},
                      "profile": {"type": "hasOne", "model": "Profile", "foreignKey": "authorId"},
                      "favorites": {"type": "referencesMany", "model": "Tag", "foreignKey": "favoriteIds"}}})",
    R"({"name": "Post", "properties": {"title": "string", "n": "number", "live": "boolean", "authorId": "number"},
        "scope": {"where": {"live": {"neq": false}}},
        "relations": {"author": {"type": "belongsTo", "model": "Author", "foreignKey": "authorId"},
                      "comments": {"type": "hasMany", "model": "Comment", "foreignKey": "postId"},
                      "tags": {"type": "hasMany", "model": "Tag", "through": "PostTag", "foreignKey": "postId",
                               "keyThrough": "tagId"}}})",
    R"({"name": "PostTag", "properties": {"postId": "number", "tagId": "number", "active": "boolean"},
        "scope": {"where": {"active": {"neq": false}}}})",
    R"({"name": "Tag", "properties": {"label": "string"}})",
    R"({"name": "Comment", "properties": {"body": "string", "postId": "number"}})",
    R"({"name": "Profile", "properties": {"bio": "string", "authorId": "number"}})",
    R"({"name": "Category", "properties": {"name": "string", "parentId": "number"},
        "relations": {"children": {"type": "hasMany", "model": "Category", "foreignKey": "parentId"},
                      "parent": {"type": "belongsTo", "model": "Category", "foreignKey": "parentId"}}})",
};

constexpr const char* kData = R"({
  "Author": [{"name": "Ann"}, {"name": "Bob"}, {"name": "Cy", "favoriteIds": [1]}],
  "Post": [{"title": "a1", "n": 3, "live": true, "authorId": 1},
           {"title": "a2", "n": 5, "live": false, "authorId": 1},
           {"title": "b1", "n": 5, "live": true, "authorId": 2},
           {"title": "x", "n": 1, "live": true}],
  "PostTag": [{"postId": 1, "tagId": 1, "active": true}, {"postId": 3, "tagId": 2, "active": false},
              {"postId": 2, "tagId": 2, "active": true}],
  "Tag": [{"label": "t1"}, {"label": "t2"}],
  "Comment": [{"body": "c1", "postId": 1}, {"body": "c2", "postId": 2}, {"body": "c3", "postId": 3}],
  "Profile": [{"bio": "hi", "authorId": 3}],
  "Category": [{"name": "root"}, {"name": "leaf", "parentId": 1}, {"name": "other"}]
})";

// The models and rows on one connector; `accesses` counts the "access" observers'
// calls on models other than the one queried (a query on a related model). The
// default scopes are not equalities, so creating rows does not set them.
struct Store {
  explicit Store(const std::string& connector) {
    Object settings = data_source_settings(connector, connector);
    app.add_data_source("db", Value(std::move(settings))).value();
    for (const char* definition : kModels) app.define_model(json(definition), "db").value();
    for (const std::string& name : app.model_names()) {
      Model& model = app.model(name);
      app.find_data_source("db")->automigrate(model.definition()).value();
    }
    const Value data = json(kData);
    for (const auto& [name, rows] : data.as_object()) {
      for (const Value& row : rows.as_array()) app.model(name).create(row).value();
    }
    for (const char* name : {"Post", "PostTag", "Tag", "Comment", "Profile"}) {
      app.model(name).observe(HookPoint::Access, [this](HookContext& context) {
        if (context.model.name() != queried) ++accesses;
        return Status{};
      });
    }
  }

  std::vector<std::string> find(const char* model, const char* filter) {
    std::vector<std::string> out;
    queried = model;
    const std::vector<Instance> rows = app.model(model).find(FilterInput(json(filter))).value();
    for (const Instance& row : rows) out.push_back(row.to_json());
    return out;
  }

  App app;
  std::string queried;
  int accesses = 0;
};

class RelatedExists : public ::testing::TestWithParam<std::string> {
 protected:
  Store memory_{"memory"};
  Store sql_{GetParam()};  // the SQL connector under test

  // The rows on both, which must agree; and that the SQL connector queried no related
  // model (one statement).
  std::vector<std::string> find(const char* model, const char* filter) {
    sql_.accesses = 0;
    auto rows = sql_.find(model, filter);
    EXPECT_EQ(rows, memory_.find(model, filter)) << model << " " << filter;
    EXPECT_EQ(sql_.accesses, 0) << "The SQL connector queried a related model for " << filter;
    return rows;
  }
  std::vector<std::string> names(const char* model, const char* where) {
    std::string filter = std::string(R"({"order": "id", "where": )") + where + "}";
    std::vector<std::string> out;
    for (const std::string& row : find(model, filter.c_str())) {
      const Value value = json(row.c_str());
      const Value* name = value.find("name");
      if (!name) name = value.find("title");
      out.push_back(name ? name->as_string() : "?");
    }
    return out;
  }
};

using Names = std::vector<std::string>;

TEST_P(RelatedExists, HasManyHonoursTheTargetsDefaultScope) {
  EXPECT_EQ(names("Author", R"({"posts.n": 5})"), (Names{"Bob"}));  // Ann's n=5 post is not live
  EXPECT_EQ(names("Author", R"({"posts.n": {"gte": 1}, "posts.title": "a2"})"), (Names{}));
}

TEST_P(RelatedExists, NorKeepsRowsWithoutMatchingRelatedRows) {
  EXPECT_EQ(names("Author", R"({"nor": [{"posts.n": {"gte": 0}}]})"), (Names{"Cy"}));
  // A post without an author has no matching author: kept, as a null key is in memory.
  EXPECT_EQ(names("Post", R"({"nor": [{"author.name": "Ann"}]})"), (Names{"b1", "x"}));
}

TEST_P(RelatedExists, BelongsToHasOneAndSelfRelations) {
  EXPECT_EQ(names("Post", R"({"author.name": "Ann"})"), (Names{"a1"}));
  EXPECT_EQ(names("Author", R"({"profile.bio": "hi"})"), (Names{"Cy"}));
  EXPECT_EQ(names("Category", R"({"children.name": "leaf"})"), (Names{"root"}));
  EXPECT_EQ(names("Category", R"({"parent.name": "root"})"), (Names{"leaf"}));
  EXPECT_EQ(names("Category", R"({"or": [{"parent.name": "root"}, {"children.name": "leaf"}]})"),
            (Names{"root", "leaf"}));
}

TEST_P(RelatedExists, ThroughHonoursTheThroughModelsDefaultScope) {
  EXPECT_EQ(names("Post", R"({"tags.label": "t1"})"), (Names{"a1"}));
  EXPECT_EQ(names("Post", R"({"tags.label": "t2"})"), (Names{}));  // inactive link, post not live
}

TEST_P(RelatedExists, NestedRelations) {
  EXPECT_EQ(names("Author", R"({"posts.comments.body": "c3"})"), (Names{"Bob"}));
  EXPECT_EQ(names("Author", R"({"posts.comments.body": "c2"})"), (Names{}));
}

TEST_P(RelatedExists, ReferencesManyStillResolvesKeys) {
  sql_.accesses = 0;
  EXPECT_EQ(sql_.find("Author", R"({"where": {"favorites.label": "t1"}, "fields": ["name"]})"),
            memory_.find("Author", R"({"where": {"favorites.label": "t1"}, "fields": ["name"]})"));
  EXPECT_GT(sql_.accesses, 0);
}

TEST_P(RelatedExists, CountUpdateAllAndDeleteAll) {
  for (Store* store : {&memory_, &sql_}) {
    store->accesses = 0;
    store->queried = "Author";
    EXPECT_EQ(store->app.model("Author").count(WhereInput(json(R"({"posts.n": {"gte": 1}})"))).value(), 2);
    EXPECT_EQ(store->app.model("Author")
                  .update_all(WhereInput(json(R"({"posts.n": 5})")), json(R"({"name": "Zed"})"))
                  .value(),
              1);
    store->queried = "Post";
    EXPECT_EQ(store->app.model("Post").delete_all(WhereInput(json(R"({"author.name": "Zed"})"))).value(), 1);
    if (store == &sql_) {
      EXPECT_EQ(store->accesses, 0);
    }
  }
  EXPECT_EQ(find("Author", R"({"order": "id"})").size(), 3U);
  EXPECT_EQ(find("Post", R"({"order": "id"})"), sql_.find("Post", R"({"order": "id"})"));
}

// A related model on another data source cannot be in the statement: its keys are
// found first, as on the memory connector.
TEST(RelatedExistsAcrossDataSources, ResolvesKeysFirst) {
  App app;
  app.add_data_source("db", Value(Object{{"connector", "sqlite3"}})).value();
  app.add_data_source("mem", Value(Object{{"connector", "memory"}})).value();
  Model& author = *app.define_model(json(kModels[0]), "db").value();
  Model& post = *app.define_model(json(kModels[1]), "mem").value();
  app.find_data_source("db")->automigrate(author.definition()).value();
  author.create(json(R"({"name": "Ann"})")).value();
  author.create(json(R"({"name": "Bob"})")).value();
  post.create(json(R"({"title": "b1", "n": 5, "authorId": 2})")).value();
  const std::vector<Instance> rows = author.find(FilterInput(json(R"({"where": {"posts.n": 5}})"))).value();
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].get("name"), Value("Bob"));
}

INSTANTIATE_TEST_SUITE_P(Sql, RelatedExists, ::testing::ValuesIn(sql_connectors()));

}  // namespace
}  // namespace lb::sql::testing
