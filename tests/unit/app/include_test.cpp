// Include through the public API: one query per relation per level whatever the
// number of parents (counted by a connector that wraps the memory one), per-parent
// limits, keys read for includes and dropped, and what relations add to definitions
// (foreign keys, a created through model).
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "lb/app.hpp"
#include "lb/connector.hpp"
#include "lb/json.hpp"
#include "support/counting_connector.hpp"

namespace lb {
namespace {

using testing::QueryCounts;
using testing::register_counting_connector;

QueryCounts g_counts;

Value json(std::string_view text) { return parse_json(text).value(); }

class Include : public ::testing::Test {
 protected:
  void SetUp() override {
    register_counting_connector("memory", g_counts);
    app_.add_data_source("db", Value(Object{{"connector", "counting-memory"}})).value();
    // Defined child first: the foreign keys land whichever order models come in.
    app_.registry()
        .define_all({{json(R"({"name": "Comment", "properties": {"body": "string"}})"), "comment"},
                     {json(R"({"name": "Post", "properties": {"title": "string", "n": "number"},
                               "relations": {"comments": {"type": "hasMany", "model": "Comment"},
                                             "author": {"type": "belongsTo", "model": "Author"},
                                             "tags": {"type": "hasAndBelongsToMany", "model": "Tag"}}})"),
                      "post"},
                     {json(R"({"name": "Author", "properties": {"name": "string"},
                               "relations": {"posts": {"type": "hasMany", "model": "Post"}}})"),
                      "author"},
                     {json(R"({"name": "Tag", "properties": {"label": "string"}})"), "tag"}})
        .value();
    for (const char* name : {"Author", "Post", "Comment", "Tag"}) app_.attach(name, "db").value();
    Array authors, posts, comments;
    for (int a = 1; a <= 50; ++a) {
      authors.push_back(Value(Object{{"name", "author " + std::to_string(a)}}));
      for (int p = 1; p <= 10; ++p) {
        const int post_id = (a - 1) * 10 + p;
        posts.push_back(Value(Object{{"title", "post " + std::to_string(post_id)}, {"n", p}, {"authorId", a}}));
        for (int c = 1; c <= 2; ++c) comments.push_back(Value(Object{{"body", "c"}, {"postId", post_id}}));
      }
    }
    app_.model("Author").create_all(authors).value();
    app_.model("Post").create_all(posts).value();
    app_.model("Comment").create_all(comments).value();
    g_counts.reset();
  }

  App app_;
};

TEST_F(Include, OneQueryPerRelationLevelWhateverTheNumberOfParents) {
  auto authors = app_.model("Author").find(R"({"include": {"posts": "comments"}})").value();
  EXPECT_EQ(g_counts.queries.load(), 3);  // authors, their posts, those posts' comments
  ASSERT_EQ(authors.size(), 50u);
  for (const Instance& author : authors) {
    const auto* posts = author.included("posts");
    ASSERT_NE(posts, nullptr);
    ASSERT_EQ(posts->size(), 10u);
    for (const Instance& post : *posts) {
      EXPECT_EQ(post.get("authorId"), author.id());
      ASSERT_NE(post.included("comments"), nullptr);
      EXPECT_EQ(post.included("comments")->size(), 2u);
    }
  }
}

TEST_F(Include, ScopeLimitAppliesPerParentInOneQuery) {
  auto authors =
      app_.model("Author")
          .find(R"({"where": {"id": {"lte": 3}}, "include": {"relation": "posts", "scope": {"order": "n DESC", "limit": 2}}})")
          .value();
  EXPECT_EQ(g_counts.queries.load(), 2);
  ASSERT_EQ(authors.size(), 3u);
  for (const Instance& author : authors) {
    const auto* posts = author.included("posts");
    ASSERT_NE(posts, nullptr);
    ASSERT_EQ(posts->size(), 2u);
    EXPECT_EQ((*posts)[0].get("n"), Value(10));
    EXPECT_EQ((*posts)[1].get("n"), Value(9));
  }
}

TEST_F(Include, FieldsWithoutTheKeysStillInclude) {
  auto posts = app_.model("Post").find(R"({"where": {"id": 11}, "fields": ["title"], "include": "author"})").value();
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].to_json(), R"({"title":"post 11","author":{"name":"author 2","id":2}})");
}

TEST_F(Include, NoParentsNoRelatedQuery) {
  auto authors = app_.model("Author").find(R"({"where": {"id": 999}, "include": "posts"})").value();
  EXPECT_TRUE(authors.empty());
  EXPECT_EQ(g_counts.queries.load(), 1);
}

TEST_F(Include, RelationsAddForeignKeysTypedLikeTheIdTheyPointAt) {
  const ModelDefinition& post = app_.model("Post").definition();
  const PropertyDefinition* author_id = post.property("authorId");
  ASSERT_NE(author_id, nullptr);  // belongsTo author
  EXPECT_EQ(author_id->type.kind, PropertyType::Kind::Number);
  const PropertyDefinition* post_id = app_.model("Comment").definition().property("postId");
  ASSERT_NE(post_id, nullptr);  // Post hasMany comments, defined after Comment
  EXPECT_EQ(post_id->type.kind, PropertyType::Kind::Number);
}

TEST_F(Include, HasAndBelongsToManyCreatesAndAttachesItsThroughModel) {
  Model* through = app_.find_model("PostTag");
  ASSERT_NE(through, nullptr);
  EXPECT_NE(through->definition().property("postId"), nullptr);
  EXPECT_NE(through->definition().property("tagId"), nullptr);
  app_.model("Tag").create(json(R"({"label": "red"})")).value();
  app_.model("Tag").create(json(R"({"label": "blue"})")).value();
  through->create(json(R"({"postId": 1, "tagId": 2})")).value();
  through->create(json(R"({"postId": 1, "tagId": 1})")).value();
  g_counts.reset();
  auto posts = app_.model("Post").find(R"({"where": {"id": {"inq": [1, 2]}}, "include": "tags", "order": "id"})").value();
  EXPECT_EQ(g_counts.queries.load(), 3);  // posts, links, tags
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(to_json(posts[0].to_value().as_object().find("tags") ? *posts[0].to_value().as_object().find("tags") : Value()),
            R"([{"label":"red","id":1},{"label":"blue","id":2}])");
  ASSERT_NE(posts[1].included("tags"), nullptr);
  EXPECT_TRUE(posts[1].included("tags")->empty());
}

// Keys beyond what one inq list may hold go in chunks: a query per chunk, not per row.
TEST_F(Include, MoreParentsThanAnInqListHoldsTakeAQueryPerChunk) {
  const std::size_t limit = app_.model("Author").bind_options().limits.max_inq_size;
  Array authors;
  for (std::size_t a = 0; a < limit; ++a) authors.push_back(Value(Object{{"name", "more"}}));
  app_.model("Author").create_all(authors).value();
  g_counts.reset();
  auto found = app_.model("Author").find(R"({"include": "posts"})").value();
  EXPECT_EQ(found.size(), limit + 50);
  EXPECT_EQ(g_counts.queries.load(), 3);  // authors, then posts in two chunks
  std::size_t posts = 0;
  for (const Instance& author : found) posts += author.included("posts")->size();
  EXPECT_EQ(posts, 500u);
}

// The rows of a level are kept once for all parents: a copy of one parent keeps them
// (and the rows nested in them) alive after the result they came in is gone.
TEST_F(Include, IncludedRowsOutliveTheResultTheyCameIn) {
  std::optional<Instance> kept;
  {
    auto authors = app_.model("Author").find(R"({"where": {"id": {"inq": [2, 3]}}, "include": {"posts": "comments"}})").value();
    ASSERT_EQ(authors.size(), 2u);
    kept = authors[1];
  }
  const auto* posts = kept->included("posts");
  ASSERT_NE(posts, nullptr);
  ASSERT_EQ(posts->size(), 10u);
  EXPECT_EQ((*posts)[0].get("title"), Value("post 21"));
  ASSERT_NE((*posts)[9].included("comments"), nullptr);
  EXPECT_EQ((*posts)[9].included("comments")->size(), 2u);
  EXPECT_EQ((*posts)[9].included("comments")->front().get("postId"), Value(30));
}

// Children stored interleaved (not parent by parent) still reach each parent in the
// query's order; a to-one row several parents share reaches each of them.
TEST_F(Include, InterleavedChildrenAndSharedParentsReachEveryParentInOrder) {
  app_.model("Author").create_all(json(R"([{"name": "x"}, {"name": "y"}])").as_array()).value();  // 51, 52
  Array posts;
  for (int i = 0; i < 6; ++i)
    posts.push_back(Value(Object{{"title", "t" + std::to_string(i)}, {"n", i}, {"authorId", 51 + i % 2}}));
  app_.model("Post").create_all(posts).value();
  auto authors = app_.model("Author").find(R"({"where": {"id": {"gte": 51}}, "include": "posts", "order": "id"})").value();
  ASSERT_EQ(authors.size(), 2u);
  for (std::size_t a = 0; a < 2; ++a) {
    const auto* mine = authors[a].included("posts");
    ASSERT_NE(mine, nullptr);
    ASSERT_EQ(mine->size(), 3u);
    for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ((*mine)[k].get("n"), Value(static_cast<int>(2 * k + a)));
  }
  auto found = app_.model("Post").find(R"({"where": {"authorId": {"gte": 51}}, "include": "author", "order": "id"})").value();
  ASSERT_EQ(found.size(), 6u);
  for (const Instance& post : found) {
    const auto* author = post.included("author");
    ASSERT_NE(author, nullptr);
    ASSERT_EQ(author->size(), 1u);
    EXPECT_EQ(author->front().id(), post.get("authorId"));
  }
}

// Keys far apart (not dense enough to index by value) are grouped by hash instead,
// with the same result.
TEST_F(Include, SparseKeysGroupAsDenseOnesDo) {
  app_.model("Author").import(json(R"([{"id": 1000000, "name": "far"}])").as_array()).value();  // ids kept
  app_.model("Post").create_all(json(R"([{"title": "far 1", "n": 1, "authorId": 1000000},
                                         {"title": "far 2", "n": 2, "authorId": 1000000}])").as_array()).value();
  auto authors = app_.model("Author").find(R"({"where": {"id": {"inq": [1, 1000000]}}, "include": "posts", "order": "id"})").value();
  ASSERT_EQ(authors.size(), 2u);
  EXPECT_EQ(authors[0].included("posts")->size(), 10u);
  ASSERT_EQ(authors[1].included("posts")->size(), 2u);
  EXPECT_EQ((*authors[1].included("posts"))[1].get("title"), Value("far 2"));
  auto posts = app_.model("Post").find(R"({"where": {"authorId": {"inq": [1, 1000000]}}, "include": "author", "order": "id DESC"})").value();
  ASSERT_EQ(posts.size(), 12u);
  EXPECT_EQ(posts[0].included("author")->front().get("name"), Value("far"));
  EXPECT_EQ(posts[11].included("author")->front().get("name"), Value("author 1"));
}

// Keys are grouped as plain integers when every one is an integer; a null key, or a
// double equal to an integer, among them must give the same groups as the Values do.
TEST_F(Include, NullAndWholeDoubleKeysGroupAsTheirValuesDo) {
  app_.model("Post").create_all(json(R"([{"title": "orphan", "n": 1, "authorId": null},
                                         {"title": "double", "n": 2, "authorId": 3.0}])").as_array()).value();
  auto posts = app_.model("Post").find(R"({"where": {"id": {"gte": 500}}, "include": "author", "order": "id"})").value();
  ASSERT_EQ(posts.size(), 3u);  // post 500 (author 50), the orphan, the double
  EXPECT_EQ(posts[0].included("author")->front().get("name"), Value("author 50"));
  EXPECT_TRUE(posts[1].included("author")->empty());
  ASSERT_EQ(posts[2].included("author")->size(), 1u);
  EXPECT_EQ(posts[2].included("author")->front().get("name"), Value("author 3"));
  // From the other side: author 3's posts, the whole-double one among them.
  auto authors = app_.model("Author").find(R"({"where": {"id": {"inq": [3, 4]}}, "include": "posts", "order": "id"})").value();
  ASSERT_EQ(authors.size(), 2u);
  ASSERT_EQ(authors[0].included("posts")->size(), 11u);
  EXPECT_EQ(authors[0].included("posts")->back().get("title"), Value("double"));
  EXPECT_EQ(authors[1].included("posts")->size(), 10u);
}

// A second relation included on the same parents adds to what the first attached, and
// attaching to one copy leaves the other copies as they were.
TEST_F(Include, SeveralRelationsPerParentAndCopiesStayApart) {
  auto posts = app_.model("Post").find(R"({"where": {"id": {"lte": 3}}, "include": ["comments", "author"], "order": "id"})").value();
  ASSERT_EQ(posts.size(), 3u);
  EXPECT_EQ(posts[0].included_relations(), (std::vector<std::string>{"comments", "author"}));
  EXPECT_EQ(posts[2].to_json(),
            R"({"title":"post 3","n":3,"id":3,"authorId":1,"comments":[{"body":"c","id":5,"postId":3},)"
            R"({"body":"c","id":6,"postId":3}],"author":{"name":"author 1","id":1}})");
  Instance copy = posts[1];
  copy.set_included("comments", true, {});
  EXPECT_TRUE(copy.included("comments")->empty());
  EXPECT_EQ(copy.included("author")->size(), 1u);
  EXPECT_EQ(posts[1].included("comments")->size(), 2u);
}

// The calls docs/relations.md shows, as written there.
TEST_F(Include, RelationMethodsAsTheDocsShowThem) {
  App& app = app_;
  lb::Instance author = *app.model("Author").find_by_id(1).value();
  auto posts = author.related("posts").value();
  auto drafts = posts.find(R"({"where": {"n": {"gt": 8}}, "order": "n DESC"})").value();
  ASSERT_EQ(drafts.size(), 2u);
  EXPECT_EQ(drafts[0].get("n"), Value(10));
  lb::Instance post = posts.create(lb::parse_json(R"({"title": "new"})").value()).value();
  EXPECT_EQ(post.get("authorId"), Value(1));
  EXPECT_EQ(posts.count().value(), 11);
  auto mine = posts.find_by_id(post.id()).value();
  EXPECT_EQ(mine.get("title"), Value("new"));
  auto other = author.related("posts").value().find_by_id(Value(11));  // a post of author 2
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().status(), 404);

  lb::Instance p = *app.model("Post").find_by_id(1).value();
  auto writer = p.related("author").value().get().value();
  ASSERT_TRUE(writer);
  EXPECT_EQ(writer->get("name"), Value("author 1"));
  app.model("Tag").create(json(R"({"label": "a"})")).value();
  app.model("Tag").create(json(R"({"label": "b"})")).value();
  app.model("Tag").create(json(R"({"label": "c"})")).value();
  lb::Instance link = p.related("tags").value().add(lb::Value(3)).value();
  EXPECT_EQ(link.get("tagId"), Value(3));
  EXPECT_EQ(p.related("tags").value().count().value(), 1);

  // A write through the relation cannot move a row to another parent.
  auto moved = posts.update_by_id(post.id(), json(R"({"authorId": 2})"));
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().status(), 400);
}

}  // namespace
}  // namespace lb
