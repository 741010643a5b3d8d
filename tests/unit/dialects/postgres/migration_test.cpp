// automigrate, autoupdate and isActual from the definitions' "postgresql" sections:
// automigrate recreates (losing data), autoupdate adds what is missing and never drops
// or changes a column, index or table, isActual tells whether autoupdate has work.
// Also: generated ids move past explicit ones.
#include <gtest/gtest.h>

#include "lb/json.hpp"
#include "pg_test_server.hpp"

namespace lb::postgres::testing {
namespace {

constexpr const char* kV1 = R"({"name":"Note","properties":{"title":"string","body":"string"}})";
constexpr const char* kV2 = R"({
  "name": "Note",
  "properties": {
    "title": {"type": "string", "index": true},
    "rank": {"type": "number", "postgresql": {"columnName": "note_rank", "dataType": "integer"}},
    "tags": ["string"]
  },
  "indexes": {"by_rank": {"keys": {"rank": -1}}}
})";

class PgMigration : public PgTest {
 protected:
  // A second application on the same schema, holding another version of a model.
  DataSource& other(const char* definition, Model** model) {
    other_.add_data_source("pg", Value(Object{{"connector", "postgresql"}, {"url", url_}, {"schema", schema_}})).value();
    *model = other_.define_model(parse_json(definition).value(), "pg").value();
    return *other_.find_data_source("pg");
  }

  std::string columns(const std::string& table) {
    PgResult result = sql("SELECT string_agg(column_name::text, ',' ORDER BY ordinal_position) FROM "
                          "information_schema.columns WHERE table_schema = '" + schema_ + "' AND table_name = '" +
                          table + "'");
    return result.rows() ? std::string(result.text(0, 0)) : "";
  }

  App other_;
};

TEST_F(PgMigration, AutomigrateRecreatesTheTable) {
  Model& note = define(kV1);
  DataSource& pg = *app_.find_data_source("pg");
  ASSERT_TRUE(note.create(Value(Object{{"title", "a"}})));
  EXPECT_TRUE(pg.is_actual(note.definition()).value());
  ASSERT_TRUE(pg.automigrate(note.definition()));
  EXPECT_EQ(note.count().value(), 0);
  EXPECT_EQ(columns("note"), "title,body,id,_lb_extras");
}

TEST_F(PgMigration, AutoupdateAddsColumnsAndIndexesAndKeepsData) {
  Model& v1 = define(kV1);
  ASSERT_TRUE(v1.create(Value(Object{{"title", "kept"}, {"body", "old column"}})));
  Model* v2 = nullptr;
  DataSource& pg2 = other(kV2, &v2);
  EXPECT_FALSE(pg2.is_actual(v2->definition()).value());
  ASSERT_TRUE(pg2.autoupdate(v2->definition()));
  EXPECT_TRUE(pg2.is_actual(v2->definition()).value());
  // "body" is no longer defined but stays, with its data; the new columns are added.
  EXPECT_EQ(columns("note"), "title,body,id,_lb_extras,note_rank,tags");
  PgResult body = sql("SELECT body FROM note");
  ASSERT_EQ(body.rows(), 1u);
  EXPECT_EQ(body.text(0, 0), "old column");
  PgResult indexes = sql("SELECT string_agg(indexname::text, ',' ORDER BY indexname) FROM pg_indexes WHERE "
                         "schemaname = '" + schema_ + "' AND tablename = 'note'");
  EXPECT_EQ(indexes.text(0, 0), "note_by_rank,note_pkey,note_title_idx");
  // The rows read through the new definition; a second autoupdate has nothing to do.
  auto found = v2->find().value();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].get("title"), Value("kept"));
  ASSERT_TRUE(v2->create(Value(Object{{"title", "new"}, {"rank", 3}, {"tags", Array{"x"}}})));
  ASSERT_TRUE(pg2.autoupdate(v2->definition()));
  EXPECT_EQ(v2->count().value(), 2);
  // The first definition still works on the wider table.
  EXPECT_EQ(v1.count().value(), 2);
}

TEST_F(PgMigration, AutoupdateCreatesAMissingTableAndSchema) {
  Model* model = nullptr;
  DataSource& pg2 = other(R"({"name":"Audit","postgresql":{"schema":"lbt_audit_schema","table":"audit_log"},
                              "properties":{"what":"string"}})", &model);
  (void)sql("DROP SCHEMA IF EXISTS lbt_audit_schema CASCADE");
  EXPECT_FALSE(pg2.is_actual(model->definition()).value());
  ASSERT_TRUE(pg2.autoupdate(model->definition()));
  EXPECT_TRUE(pg2.is_actual(model->definition()).value());
  ASSERT_TRUE(model->create(Value(Object{{"what", "x"}})));
  PgResult rows = sql("SELECT what FROM lbt_audit_schema.audit_log");
  EXPECT_EQ(rows.rows(), 1u);
  (void)sql("DROP SCHEMA lbt_audit_schema CASCADE");
}

TEST_F(PgMigration, IsActualSeesAMissingIndexOrColumn) {
  Model& note = define(kV2);
  DataSource& pg = *app_.find_data_source("pg");
  EXPECT_TRUE(pg.is_actual(note.definition()).value());
  (void)sql("DROP INDEX note_by_rank");
  EXPECT_FALSE(pg.is_actual(note.definition()).value());
  ASSERT_TRUE(pg.autoupdate(note.definition()));
  EXPECT_TRUE(pg.is_actual(note.definition()).value());
  (void)sql("ALTER TABLE note DROP COLUMN tags");
  EXPECT_FALSE(pg.is_actual(note.definition()).value());
}

// A transaction's schema changes are part of it: rolled back, they never happened.
TEST_F(PgMigration, MigrationInsideATransactionRollsBack) {
  Model& note = define(kV1);
  ASSERT_TRUE(note.create(Value(Object{{"title", "a"}})));
  auto tx = app_.find_data_source("pg")->begin_transaction().value();
  auto lease = tx.use().value();
  ASSERT_TRUE(lease.connector().automigrate(note.definition()));
  EXPECT_EQ(note.count({}, Options{&tx}).value(), 0);
  ASSERT_TRUE(tx.rollback());
  EXPECT_EQ(note.count().value(), 1);
}

TEST_F(PgMigration, GeneratedIdsMovePastExplicitOnes) {
  Model& note = define(R"({"name":"Note","forceId":false,"properties":{"title":"string"}})");
  ASSERT_TRUE(note.create(Value(Object{{"title", "a"}})));
  EXPECT_EQ(note.create(Value(Object{{"id", 10}, {"title", "b"}})).value().get("id"), Value(10));
  EXPECT_EQ(note.create(Value(Object{{"title", "c"}})).value().get("id"), Value(11));
  // A lower explicit id leaves the sequence where it is.
  EXPECT_EQ(note.create(Value(Object{{"id", 5}, {"title", "d"}})).value().get("id"), Value(5));
  EXPECT_EQ(note.create(Value(Object{{"title", "e"}})).value().get("id"), Value(12));
  ASSERT_TRUE(note.create_all(parse_json(R"([{"id":20,"title":"f"},{"title":"g"}])").value().as_array()));
  EXPECT_EQ(note.create(Value(Object{{"title", "h"}})).value().get("id"), Value(22));
  // upsert with a new explicit id creates and moves the sequence too.
  EXPECT_EQ(note.upsert(Value(Object{{"id", 30}, {"title", "i"}})).value().get("id"), Value(30));
  EXPECT_EQ(note.create(Value(Object{{"title", "j"}})).value().get("id"), Value(31));
}

}  // namespace
}  // namespace lb::postgres::testing
