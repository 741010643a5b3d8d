// Settings as loopback-connector-postgresql reads them, the pool, the prepared-statement
// cache, and what happens when the server goes away: a dropped connection is replaced
// (a read runs again), a server that cannot be reached is a 503.
#include <gtest/gtest.h>

#include <thread>

#include "lb/json.hpp"
#include "pg_test_server.hpp"
#include "postgres/pg_settings.hpp"

namespace lb::postgres::testing {
namespace {

Result<PgSettings> settings_of(const char* json) {
  ConnectorConfig config;
  config.data_source = "db";
  config.settings = parse_json(json).value();
  return read_settings(config);
}

std::string parameter(const PgSettings& settings, const std::string& key) {
  std::string out;
  for (const auto& [name, value] : settings.connection) {
    if (name == key) out = value;  // the last one wins, as in libpq
  }
  return out;
}

TEST(PgSettings, UrlAndPartsInLoopBacksNames) {
  auto settings = settings_of(R"({"url":"postgres://u:secret@db.example:6543/shop","password":"other","max":4,
                                  "schema":"app","connectionTimeoutMillis":2500})")
                      .value();
  ASSERT_FALSE(settings.connection.empty());
  EXPECT_EQ(settings.connection.front().first, "dbname");  // the URL first, so the parts override it
  EXPECT_EQ(parameter(settings, "password"), "other");
  EXPECT_EQ(parameter(settings, "connect_timeout"), "3");
  EXPECT_EQ(settings.max_connections, 4u);
  EXPECT_EQ(settings.schema, "app");
  EXPECT_EQ(settings.wait.count(), 2500);
  EXPECT_EQ(settings.display, "db.example:6543/shop");
  EXPECT_EQ(settings.display.find("secret"), std::string::npos);

  auto parts = settings_of(R"({"hostname":"10.0.0.5","port":5433,"username":"app","database":"shop","ssl":true})").value();
  EXPECT_EQ(parameter(parts, "host"), "10.0.0.5");
  EXPECT_EQ(parameter(parts, "port"), "5433");
  EXPECT_EQ(parameter(parts, "user"), "app");
  EXPECT_EQ(parameter(parts, "dbname"), "shop");
  EXPECT_EQ(parameter(parts, "sslmode"), "require");
  EXPECT_EQ(parts.max_connections, 10u);  // pg-pool's default
}

TEST(PgSettings, NoHostMeansLoopBacksLocalhostNotASocket) {
  auto settings = settings_of(R"({"database":"shop"})").value();
  EXPECT_EQ(parameter(settings, "host"), "localhost");
}

TEST(PgSettings, BadSettingsAre400sNamingThem) {
  auto bad_url = settings_of(R"({"url":"postgres://host/db?nosuchoption=1"})");
  ASSERT_FALSE(bad_url);
  EXPECT_EQ(bad_url.error().status(), 400);
  EXPECT_NE(bad_url.error().message().find("settings.url"), std::string::npos) << bad_url.error().message();
  auto bad_max = settings_of(R"({"max":0})");
  ASSERT_FALSE(bad_max);
  EXPECT_NE(bad_max.error().message().find("settings.max"), std::string::npos);
  auto bad_port = settings_of(R"({"port":[1]})");
  ASSERT_FALSE(bad_port);
  EXPECT_NE(bad_port.error().message().find("settings.port"), std::string::npos);
}

TEST(PgConnector, RegisteredUnderLoopBacksNames) {
  for (const char* name : {"postgresql", "loopback-connector-postgresql"}) {
    ConnectorConfig config;
    config.data_source = "db";
    config.settings = Value(Object{{"host", "127.0.0.1"}, {"port", 1}});
    auto connector = make_connector(name, config);
    ASSERT_TRUE(connector) << name << ": " << connector.error().message();
    EXPECT_EQ((*connector)->name(), "postgresql");
  }
}

// Nothing listens on port 1: every call is a clear 503, and the data source could
// still be made (connections open when first needed, as LoopBack's lazyConnect).
TEST(PgConnector, UnreachableServerIs503) {
  App app;
  ASSERT_TRUE(app.add_data_source("db", Value(Object{{"connector", "postgresql"}, {"host", "127.0.0.1"}, {"port", 1}})));
  Model* model = app.define_model(parse_json(R"({"name":"Thing","properties":{"a":"string"}})").value(), "db").value();
  auto found = model->find();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().status(), 503);
  EXPECT_NE(found.error().message().find("127.0.0.1:1"), std::string::npos) << found.error().message();
  auto created = model->create(Value(Object{{"a", "x"}}));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().status(), 503);
}

class PgPool : public PgTest {
 protected:
  Object extra_settings() const override { return Object{{"max", 2}, {"connectionTimeoutMillis", 300}}; }
};

constexpr const char* kThing = R"({"name":"Thing","properties":{"a":"string","n":"number"}})";

TEST_F(PgPool, StatementsArePreparedOncePerConnection) {
  Model& thing = define(kThing);
  ASSERT_TRUE(thing.create(Value(Object{{"a", "x"}, {"n", 1}})));
  auto lease = connector().pool().acquire().value();
  const std::size_t before = lease->cached_statements();
  lease = ConnectionPool::Lease();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(thing.find(R"({"where":{"n":{"gt":0}}})"));
  auto again = connector().pool().acquire().value();
  EXPECT_EQ(again->cached_statements(), before + 1);  // one SELECT text, prepared once
  auto same = again->query("SELECT count(*) FROM pg_prepared_statements");
  ASSERT_TRUE(same);
  EXPECT_EQ(std::string(same->text(0, 0)), std::to_string(again->cached_statements()));
}

TEST_F(PgPool, AtMostMaxConnectionsAndA503WhenAllStayBusy) {
  define(kThing);
  auto first = connector().pool().acquire();
  auto second = connector().pool().acquire();
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_EQ(connector().pool().open_connections(), 2u);
  auto third = connector().pool().acquire();
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().status(), 503);
  EXPECT_NE(third.error().message().find("settings.max"), std::string::npos);
  // One given back is the next one handed out.
  const int pid = (*first)->backend_pid();
  *first = ConnectionPool::Lease();
  auto reused = connector().pool().acquire();
  ASSERT_TRUE(reused);
  EXPECT_EQ((*reused)->backend_pid(), pid);
}

// Two connections and the default wait: six threads take turns, none times out.
class PgSmallPool : public PgTest {
 protected:
  Object extra_settings() const override { return Object{{"max", 2}}; }
};

TEST_F(PgSmallPool, ConcurrentCallsShareThePool) {
  Model& thing = define(kThing);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        if (!thing.create(Value(Object{{"a", "t" + std::to_string(t)}, {"n", i}}))) ++failures;
        if (!thing.count()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(thing.count().value(), 120);
  EXPECT_LE(connector().pool().open_connections(), 2u);
}

// The server ends the connection (a restart, an administrator, an idle timeout): the
// next call notices, reconnects and succeeds.
TEST_F(PgPool, ReconnectsAfterTheServerDropsTheConnection) {
  Model& thing = define(kThing);
  ASSERT_TRUE(thing.create(Value(Object{{"a", "x"}})));
  int pid = 0;
  {
    auto lease = connector().pool().acquire().value();
    pid = lease->backend_pid();
  }
  auto killed = raw_->query("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  ASSERT_TRUE(killed);
  // Wait until the server has ended it (pg_terminate_backend only signals).
  for (int i = 0; i < 200; ++i) {
    auto alive = raw_->query("SELECT count(*) FROM pg_stat_activity WHERE pid = " + std::to_string(pid));
    if (alive && alive->text(0, 0) == "0") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto found = thing.find();
  ASSERT_TRUE(found) << found.error().message();
  EXPECT_EQ(found->size(), 1u);
  auto lease = connector().pool().acquire().value();
  EXPECT_NE(lease->backend_pid(), pid);
}

// Waits until a backend other than `other_than` waits for a lock `holder` holds, and
// returns its pid (other tests run in parallel: only the lock this test holds counts).
int lock_waiter(PgConnection& observer, int holder, int other_than) {
  for (;;) {
    auto waiting = observer.query("SELECT pid FROM pg_stat_activity WHERE " + std::to_string(holder) +
                                  " = ANY(pg_blocking_pids(pid)) AND pid <> " + std::to_string(other_than) +
                                  " LIMIT 1");
    if (waiting && waiting->rows() == 1) return std::stoi(std::string(waiting->text(0, 0)));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// A call whose connection the server terminates while it runs: the call waits on a
// table lock this test holds, so it is certainly running when it is terminated. The
// server ends the session before the statement commits (57P01), so both a read and a
// write run again on a new connection, and succeed once the lock is released.
TEST_F(PgPool, CallsLostMidwayRunAgainOnANewConnection) {
  Model& thing = define(kThing);
  ASSERT_TRUE(thing.create(Value(Object{{"a", "x"}})));
  std::unique_ptr<PgConnection> observer = raw_connection(schema_);
  ASSERT_TRUE(observer);
  for (bool write : {false, true}) {
    ASSERT_TRUE(raw_->run("BEGIN; LOCK TABLE thing IN ACCESS EXCLUSIVE MODE"));
    Status outcome;
    std::thread call([&] {
      if (write) {
        auto created = thing.create(Value(Object{{"a", "y"}}));
        if (!created) outcome = created.error();
      } else {
        auto found = thing.find();
        if (!found) outcome = found.error();
      }
    });
    const int first = lock_waiter(*observer, raw_->backend_pid(), 0);
    ASSERT_TRUE(observer->query("SELECT pg_terminate_backend(" + std::to_string(first) + ")"));
    // The call again, on a new connection (the terminated backend may linger a moment).
    const int second = lock_waiter(*observer, raw_->backend_pid(), first);
    EXPECT_NE(second, first);
    ASSERT_TRUE(raw_->run("COMMIT"));
    call.join();
    EXPECT_TRUE(outcome) << (write ? "write: " : "read: ") << outcome.error().message();
  }
  EXPECT_EQ(thing.count().value(), 2);
}

}  // namespace
}  // namespace lb::postgres::testing
