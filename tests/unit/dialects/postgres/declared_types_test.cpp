// Properties whose "postgresql" section declares a column type of its own ("dataType"):
// a uuid id, an enum type the test creates, inet, varchar(n), numeric(p,s),
// timestamptz, json and jsonb, through migration, create, find (eq, inq short and
// long, ranges, like, order, paths into json), update, upsert and delete on the real
// server, and citext. Parameters are cast to the declared types; before, a uuid column
// compared with a text parameter was a 500.
#include <gtest/gtest.h>

#include "lb/date.hpp"
#include "lb/json.hpp"
#include "pg_test_server.hpp"

namespace lb::postgres::testing {
namespace {

constexpr const char* kTagged = R"json({
  "name": "Tagged",
  "properties": {
    "id": {"type": "string", "id": true, "postgresql": {"dataType": "uuid"}},
    "mood": {"type": "string", "postgresql": {"dataType": "mood"}},
    "ip": {"type": "string", "postgresql": {"dataType": "inet"}},
    "code": {"type": "string", "postgresql": {"dataType": "varchar", "dataLength": 5}},
    "amount": {"type": "number", "postgresql": {"dataType": "numeric(10,2)"}},
    "at": {"type": "date", "postgresql": {"dataType": "timestamptz"}},
    "doc": {"type": "object", "postgresql": {"dataType": "json"}},
    "meta": {"type": "object", "postgresql": {"dataType": "jsonb"}}
  }
})json";

// Ids whose first digit names the row in the expectations below.
constexpr const char* kOne = "11111111-1111-4111-8111-111111111111";
constexpr const char* kTwo = "22222222-2222-4222-8222-222222222222";
constexpr const char* kThree = "33333333-3333-4333-8333-333333333333";
constexpr const char* kFour = "44444444-4444-4444-8444-444444444444";

constexpr const char* kRows = R"([
  {"id":"11111111-1111-4111-8111-111111111111","mood":"sad","ip":"10.0.0.1","code":"abc","amount":1.5,"at":"2024-01-10T00:00:00.000Z","doc":{"k":1,"tags":["a"]},"meta":{"k":1}},
  {"id":"22222222-2222-4222-8222-222222222222","mood":"happy","ip":"192.168.1.20","code":"xyz","amount":12.25,"at":"2024-02-01T00:00:00.000Z","doc":{"k":2},"meta":{"k":2}},
  {"id":"33333333-3333-4333-8333-333333333333","mood":"ok","ip":"10.0.0.2","code":"b","amount":99.99}
])";

class PgDeclaredTypes : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    sql("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");  // in the test's schema
    tagged_ = &define(kTagged);
    auto created = tagged_->create_all(parse_json(kRows).value().as_array());
    ASSERT_TRUE(created) << created.error().message();
  }

  // The rows `filter` finds, each named by its id's first digit ("132"), or the error.
  std::string found(const std::string& filter) {
    auto rows = tagged_->find(filter);
    if (!rows) return "error " + std::to_string(rows.error().status()) + ": " + rows.error().message();
    std::string out;
    for (const Instance& row : *rows) out += row.id().as_string().substr(0, 1);
    return out;
  }

  Model* tagged_ = nullptr;
};

TEST_F(PgDeclaredTypes, MigrationWritesTheDeclaredTypes) {
  PgResult columns = sql(
      "SELECT column_name, udt_name, coalesce(character_maximum_length::text, ''), "
      "coalesce(numeric_precision::text || ',' || numeric_scale::text, '') FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND table_name = 'tagged' ORDER BY ordinal_position");
  std::string out;
  for (std::size_t r = 0; r < columns.rows(); ++r) {
    out += std::string(columns.text(r, 0)) + ":" + std::string(columns.text(r, 1)) + std::string(columns.text(r, 2)) +
           std::string(columns.text(r, 3)) + " ";
  }
  EXPECT_EQ(out,
            "id:uuid mood:mood ip:inet code:varchar5 amount:numeric10,2 at:timestamptz doc:json "
            "meta:jsonb _lb_extras:jsonb ");
  EXPECT_TRUE(data_source_connector().is_actual(tagged_->definition()).value());

  // autoupdate adds a column of a declared type, which then takes values like the others.
  Value wider = parse_json(kTagged).value();
  wider.as_object().insert_or_assign("name", Value("TaggedWider"));
  wider.as_object().insert_or_assign("postgresql", parse_json(R"({"table": "tagged"})").value());
  wider.as_object().find("properties")->as_object().insert_or_assign(
      "ref", parse_json(R"({"type": "string", "postgresql": {"dataType": "uuid"}})").value());
  Model* model = app_.define_model(wider, "pg").value();
  ASSERT_TRUE(model->data_source().autoupdate(model->definition()));
  EXPECT_EQ(std::string(sql("SELECT udt_name FROM information_schema.columns WHERE table_schema = current_schema() "
                            "AND table_name = 'tagged' AND column_name = 'ref'")
                            .text(0, 0)),
            "uuid");
  ASSERT_TRUE(model->patch_by_id(Value(kOne), parse_json(R"({"ref":"22222222-2222-4222-8222-222222222222"})").value()));
  auto referring = model->find(R"({"where":{"ref":"22222222-2222-4222-8222-222222222222"}})").value();
  ASSERT_EQ(referring.size(), 1u);
  EXPECT_EQ(referring[0].id(), Value(kOne));
}

TEST_F(PgDeclaredTypes, ValuesReadBackInTheirPropertyTypes) {
  auto one = tagged_->find_by_id(Value(kOne)).value();
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->get("id"), Value(kOne));
  EXPECT_EQ(one->get("mood"), Value("sad"));
  EXPECT_EQ(one->get("ip"), Value("10.0.0.1"));
  EXPECT_EQ(one->get("code"), Value("abc"));
  EXPECT_EQ(one->get("amount"), Value(1.5));
  EXPECT_EQ(one->get("at"), Value(date_from_civil(2024, 1, 10)));
  EXPECT_EQ(to_json(one->get("doc")), R"({"k":1,"tags":["a"]})");  // json keeps the text written
  EXPECT_EQ(to_json(one->get("meta")), R"({"k":1})");
  // numeric(10,2) rounds what it stores to its scale, as PostgreSQL does.
  auto rounded = tagged_->create(parse_json(R"({"id":"44444444-4444-4444-8444-444444444444","amount":1.555})").value());
  ASSERT_TRUE(rounded) << rounded.error().message();
  EXPECT_EQ(tagged_->find_by_id(Value(kFour)).value()->get("amount"), Value(1.56));
}

TEST_F(PgDeclaredTypes, WhereAndOrderOnEveryDeclaredType) {
  // uuid: eq, neq, short and long inq (the long one is one uuid[] parameter), nin.
  EXPECT_EQ(found(std::string(R"({"where":{"id":")") + kTwo + "\"}}"), "2");
  EXPECT_EQ(found(std::string(R"({"where":{"id":{"neq":")") + kTwo + "\"}}}"), "13");
  EXPECT_EQ(found(std::string(R"({"where":{"id":{"inq":[")") + kOne + "\",\"" + kThree + "\"]}}}"), "13");
  std::string many;
  for (int i = 0; i < 20; ++i) many += "\"00000000-0000-4000-8000-0000000000" + std::to_string(10 + i) + "\",";
  EXPECT_EQ(found(R"({"where":{"id":{"inq":[)" + many + "\"" + kTwo + "\",\"" + kThree + "\"]}}}"), "23");
  EXPECT_EQ(found(R"({"where":{"id":{"nin":[)" + many + "\"" + kTwo + "\"]}}}"), "13");
  EXPECT_EQ(found(std::string(R"({"where":{"id":{"gt":")") + kOne + "\"}}}"), "23");
  // An enum: equality, its own order for ranges and sorting, like on its text.
  EXPECT_EQ(found(R"({"where":{"mood":"ok"}})"), "3");
  EXPECT_EQ(found(R"({"where":{"mood":{"inq":["ok","happy"]}}})"), "23");
  EXPECT_EQ(found(R"({"where":{"mood":{"gt":"sad"}}})"), "23");  // sad < ok < happy
  EXPECT_EQ(found(R"({"order":"mood"})"), "132");
  EXPECT_EQ(found(R"({"order":"mood DESC"})"), "231");
  EXPECT_EQ(found(R"({"where":{"mood":{"ilike":"H%"}}})"), "2");
  EXPECT_EQ(found(R"({"where":{"mood":{"regexp":"^s"}}})"), "1");
  // inet: equality, like on its text.
  EXPECT_EQ(found(R"({"where":{"ip":"10.0.0.2"}})"), "3");
  EXPECT_EQ(found(R"({"where":{"ip":{"like":"10.%"}}})"), "13");
  EXPECT_EQ(found(R"({"order":"ip DESC"})"), "231");
  // varchar(n), numeric(p,s), timestamptz: as text, numbers and instants.
  EXPECT_EQ(found(R"({"where":{"code":{"gt":"b"}}})"), "2");
  EXPECT_EQ(found(R"({"where":{"amount":{"between":[1,13]}}})"), "12");
  EXPECT_EQ(found(R"({"where":{"amount":12.25}})"), "2");
  EXPECT_EQ(found(R"({"where":{"amount":{"gt":12.249}}})"), "23");  // the operand is not rounded
  EXPECT_EQ(found(R"({"where":{"at":{"gte":"2024-01-15"}}})"), "2");
  // Paths into json (read as jsonb) and jsonb.
  EXPECT_EQ(found(R"({"where":{"doc.k":2}})"), "2");
  EXPECT_EQ(found(R"({"where":{"doc.tags":"a"}})"), "1");
  EXPECT_EQ(found(R"({"where":{"meta.k":{"gt":1}}})"), "2");
  EXPECT_EQ(found(R"({"order":"doc.k DESC"})"), "213");
  EXPECT_EQ(tagged_->count(R"({"mood":{"neq":"happy"}})").value(), 2);
}

// What the column cannot hold is the client's mistake: a 400 naming the model.
TEST_F(PgDeclaredTypes, ValuesTheTypeRefusesAre400s) {
  EXPECT_EQ(found(R"({"where":{"id":"not-a-uuid"}})").substr(0, 10), "error 400:");
  EXPECT_EQ(found(R"({"where":{"mood":"angry"}})").substr(0, 10), "error 400:");
  auto too_long = tagged_->create(parse_json(R"({"id":"44444444-4444-4444-8444-444444444444","code":"toolong"})").value());
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().status(), 400);
  EXPECT_NE(too_long.error().message().find("Tagged"), std::string::npos) << too_long.error().message();
  EXPECT_FALSE(tagged_->find_by_id(Value(kFour)).value().has_value());
}

TEST_F(PgDeclaredTypes, WritesByDeclaredKeys) {
  EXPECT_EQ(tagged_->update_all(std::string(R"({"id":{"inq":[")") + kOne + "\",\"" + kTwo + "\"]}}",
                                parse_json(R"({"mood":"ok","ip":"10.1.1.1"})").value())
                .value(),
            2);
  EXPECT_EQ(found(R"({"where":{"and":[{"mood":"ok"},{"ip":"10.1.1.1"}]}})"), "12");

  auto patched = tagged_->patch_by_id(Value(kThree), parse_json(R"({"mood":"happy","doc":{"k":3}})").value());
  ASSERT_TRUE(patched) << patched.error().message();
  EXPECT_EQ(found(R"({"where":{"doc.k":3}})"), "3");

  auto replaced = tagged_->replace_by_id(Value(kThree), parse_json(R"({"mood":"sad","code":"new"})").value());
  ASSERT_TRUE(replaced) << replaced.error().message();
  EXPECT_EQ(replaced->get("ip"), Value());
  EXPECT_EQ(found(R"({"where":{"code":"new"}})"), "3");

  // Upsert by a uuid id: patches the existing row (extras merged), creates a new one.
  Connector& connector = data_source_connector();
  auto first = connector.upsert(tagged_->definition(), Object{{"id", kThree}, {"extra", "e"}}, WriteMode::Patch).value();
  EXPECT_FALSE(first.created);
  auto merged = connector.upsert(tagged_->definition(), Object{{"id", kThree}, {"more", 1}}, WriteMode::Patch).value();
  EXPECT_FALSE(merged.created);
  EXPECT_EQ(*merged.row.find("extra"), Value("e"));
  EXPECT_EQ(*merged.row.find("more"), Value(1));
  EXPECT_EQ(*merged.row.find("mood"), Value("sad"));
  auto fresh = connector.upsert(tagged_->definition(), Object{{"id", kFour}, {"mood", "ok"}}, WriteMode::Replace).value();
  EXPECT_TRUE(fresh.created);

  auto made = tagged_->find_or_create(R"({"where":{"mood":"happy"}})",
                                      parse_json(R"({"id":"55555555-5555-4555-8555-555555555555","mood":"happy"})").value());
  ASSERT_TRUE(made) << made.error().message();
  EXPECT_TRUE(made->second);

  EXPECT_EQ(tagged_->delete_by_id(Value(kFour)).value(), 1);
  EXPECT_EQ(tagged_->delete_all(R"({"mood":{"inq":["ok","happy"]}})").value(), 3);
  EXPECT_EQ(found("{}"), "3");
}

// citext compares without case, as the type means, where its operators are found: the
// connector's search_path is the data source's schema alone, so the extension is
// installed there (outside it, PostgreSQL would compare as text, with case). It is
// installed once per database; this is the only test that does, and the schema's drop
// removes it.
TEST_F(PgDeclaredTypes, CitextComparesWithoutCase) {
  auto installed = raw_->run("CREATE EXTENSION citext SCHEMA \"" + schema_ + "\"");
  ASSERT_TRUE(installed) << installed.error().message();
  Model& person = define(R"({"name": "Person", "properties": {
    "email": {"type": "string", "id": true, "postgresql": {"dataType": "citext"}},
    "nick": {"type": "string", "postgresql": {"dataType": "citext"}}}})");
  ASSERT_TRUE(person.create_all(parse_json(R"([{"email":"Alice@Example.com","nick":"Al"},
                                               {"email":"bob@example.com","nick":"bobby"}])")
                                    .value()
                                    .as_array()));
  auto emails = [&](const char* filter) {
    std::string out;
    const std::vector<Instance> rows = person.find(filter).value();
    for (const Instance& row : rows) out += row.id().as_string() + " ";
    return out;
  };
  EXPECT_EQ(emails(R"({"where":{"email":"ALICE@EXAMPLE.COM"}})"), "Alice@Example.com ");  // kept as written
  EXPECT_EQ(emails(R"({"where":{"email":{"inq":["BOB@example.com","nobody"]}}})"), "bob@example.com ");
  EXPECT_EQ(emails(R"({"where":{"nick":{"like":"b%"}}})"), "bob@example.com ");
  EXPECT_EQ(emails(R"({"where":{"nick":{"gt":"AM"}}})"), "bob@example.com ");  // "al" < "am" < "bobby"
  EXPECT_EQ(emails(R"({"order":"nick DESC"})"), "bob@example.com Alice@Example.com ");
  ASSERT_TRUE(person.find_by_id(Value("BOB@EXAMPLE.COM")).value().has_value());
  EXPECT_EQ(person.delete_by_id(Value("alice@example.com")).value(), 1);
}

}  // namespace
}  // namespace lb::postgres::testing
