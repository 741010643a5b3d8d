// read_settings: LoopBack's PostgreSQL settings to libpq parameters. The URL is checked
// with libpq's own parser, so a bad one fails when the data source is made, not at the
// first query.
#include "postgres/pg_settings.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cmath>

namespace lb::postgres {
namespace {

Error bad_setting(const ConnectorConfig& config, std::string_view key, std::string_view expected) {
  return invalid_input(fmt::format("data source \"{}\": settings.{}: expected {}", config.data_source, key, expected));
}

// The first of `keys` present in the settings (null when none is).
const Value* setting(const Value& settings, std::initializer_list<const char*> keys, const char** found = nullptr) {
  for (const char* key : keys) {
    if (const Value* value = settings.find(key); value && !value->is_null()) {
      if (found) *found = key;
      return value;
    }
  }
  return nullptr;
}

Result<std::string> string_setting(const ConnectorConfig& config, std::initializer_list<const char*> keys) {
  const char* key = nullptr;
  const Value* value = setting(config.settings, keys, &key);
  if (!value) return std::string();
  if (value->is_string()) return value->as_string();
  if (value->is_integer()) return std::to_string(value->as_integer());
  return bad_setting(config, key, "a string");
}

Result<std::int64_t> integer_setting(const ConnectorConfig& config, const char* key, std::int64_t fallback,
                                     std::int64_t low, std::int64_t high) {
  const Value* value = setting(config.settings, {key});
  if (!value) return fallback;
  std::int64_t number = 0;
  if (value->is_integer()) {
    number = value->as_integer();
  } else if (value->is_double() && std::floor(value->as_double()) == value->as_double()) {
    number = static_cast<std::int64_t>(value->as_double());
  } else if (value->is_string() && !value->as_string().empty() &&
             value->as_string().find_first_not_of("0123456789") == std::string::npos &&
             value->as_string().size() < 10) {
    number = std::stoll(value->as_string());
  } else {
    return bad_setting(config, key, fmt::format("an integer from {} to {}", low, high));
  }
  if (number < low || number > high) return bad_setting(config, key, fmt::format("an integer from {} to {}", low, high));
  return number;
}

// The parts of a URL or key=value string libpq would use, for `display` and to know
// whether it names a host.
Result<std::vector<std::pair<std::string, std::string>>> parse_conninfo(const ConnectorConfig& config,
                                                                        const std::string& url) {
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &message);
  if (!options) {
    std::string text = message ? message : "not a connection string";
    if (message) PQfreemem(message);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return invalid_input(fmt::format("data source \"{}\": settings.url: {}", config.data_source, text));
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (PQconninfoOption* option = options; option->keyword; ++option) {
    if (option->val) out.emplace_back(option->keyword, option->val);
  }
  PQconninfoFree(options);
  return out;
}

}  // namespace

Result<PgSettings> read_settings(const ConnectorConfig& config) {
  if (!config.settings.is_object() && !config.settings.is_null()) {
    return invalid_input(fmt::format("data source \"{}\": settings: expected an object", config.data_source));
  }
  PgSettings out;
  auto url = string_setting(config, {"url", "connectionString"});
  if (!url) return std::move(url).error();
  std::string url_host, url_port, url_database;
  if (!url->empty()) {
    auto parts = parse_conninfo(config, *url);
    if (!parts) return std::move(parts).error();
    for (const auto& [key, value] : *parts) {
      if (key == "host" || key == "hostaddr") url_host = value;
      if (key == "port") url_port = value;
      if (key == "dbname") url_database = value;
    }
    out.connection.emplace_back("dbname", *url);
  }

  struct Part {
    const char* libpq;
    std::initializer_list<const char*> keys;
  };
  std::string host = url_host, port = url_port, database = url_database;
  for (const Part& part : {Part{"host", {"host", "hostname"}}, Part{"port", {"port"}}, Part{"user", {"user", "username"}},
                           Part{"password", {"password"}}, Part{"dbname", {"database", "db"}},
                           Part{"sslmode", {"sslmode"}}, Part{"application_name", {"applicationName", "application_name"}}}) {
    auto value = string_setting(config, part.keys);
    if (!value) return std::move(value).error();
    if (value->empty()) continue;
    out.connection.emplace_back(part.libpq, *value);
    if (std::string_view(part.libpq) == "host") host = *value;
    if (std::string_view(part.libpq) == "port") port = *value;
    if (std::string_view(part.libpq) == "dbname") database = *value;
  }
  if (host.empty()) {
    // LoopBack's default; never libpq's, which would be a local socket.
    out.connection.emplace_back("host", "localhost");
    host = "localhost";
  }
  if (const Value* ssl = setting(config.settings, {"ssl"})) {
    if (ssl->is_object() || (ssl->is_bool() && ssl->as_bool())) out.connection.emplace_back("sslmode", "require");
    else if (!ssl->is_bool()) return bad_setting(config, "ssl", "a boolean or an object");
  }
  bool named_application = false;
  for (const auto& [key, value] : out.connection) named_application = named_application || key == "application_name";
  if (!named_application) out.connection.emplace_back("application_name", "lb");

  auto schema = string_setting(config, {"schema"});
  if (!schema) return std::move(schema).error();
  out.schema = *schema;
  auto max = integer_setting(config, "max", 10, 1, 10000);
  if (!max) return std::move(max).error();
  out.max_connections = static_cast<std::size_t>(*max);
  auto wait = integer_setting(config, "connectionTimeoutMillis", 30000, 1, 24 * 3600 * 1000);
  if (!wait) return std::move(wait).error();
  out.wait = std::chrono::milliseconds(*wait);
  // libpq's connect_timeout is whole seconds (at least 2 are honoured).
  out.connection.emplace_back("connect_timeout", std::to_string(std::max<std::int64_t>(2, (*wait + 999) / 1000)));
  out.display = fmt::format("{}:{}/{}", host, port.empty() ? "5432" : port, database);
  return out;
}

}  // namespace lb::postgres
