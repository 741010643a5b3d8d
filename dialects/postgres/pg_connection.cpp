// PgConnection: connect, session setup, prepared statements and failures. Every
// statement asks for text results; parameters go as text with no type (each
// placeholder casts its own), so a statement's text alone decides its prepared form.
#include "postgres/pg_connection.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <poll.h>

#include "postgres/param_text.hpp"

namespace lb::postgres {
namespace {

std::string trimmed(const char* text) {
  std::string out = text ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string field(const PGresult* result, int code) {
  const char* value = result ? PQresultErrorField(result, code) : nullptr;
  return value ? value : "";
}

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Notices ("relation ... already exists, skipping") are not errors; libpq would print them.
void ignore_notice(void*, const char*) {}

struct ParamArrays {
  std::vector<std::optional<std::string>> texts;
  std::vector<const char*> values;

  void fill() {
    values.clear();
    values.reserve(texts.size());
    for (const auto& text : texts) values.push_back(text ? text->c_str() : nullptr);
  }
};

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::open(const PgSettings& settings) {
  std::vector<const char*> keys, values;
  bool client_encoding = false;
  for (const auto& [key, value] : settings.connection) {
    keys.push_back(key.c_str());
    values.push_back(value.c_str());
    client_encoding = client_encoding || key == "client_encoding";
  }
  if (!client_encoding) {
    keys.push_back("client_encoding");
    values.push_back("UTF8");
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* connection = PQconnectdbParams(keys.data(), values.data(), 1);
  if (!connection || PQstatus(connection) != CONNECTION_OK) {
    std::string message = connection ? trimmed(PQerrorMessage(connection)) : "out of memory";
    if (connection) PQfinish(connection);
    return Error(ErrorCode::Unavailable,
                 fmt::format("PostgreSQL is unavailable ({}): {}", settings.display, message));
  }
  PQsetNoticeProcessor(connection, ignore_notice, nullptr);
  std::unique_ptr<PgConnection> out(new PgConnection(connection));
  // Decoding relies on these: timestamptz in UTC and ISO form, bytea as hex, floats
  // exact. The schema setting puts the data source's schema first for unqualified
  // tables (the table mapping qualifies only tables whose section names a schema).
  std::string setup =
      "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET bytea_output = 'hex'; "
      "SET extra_float_digits = 3; SET standard_conforming_strings = on";
  if (!settings.schema.empty()) setup += "; SET search_path TO " + quote_identifier(settings.schema);
  if (auto status = out->run(setup); !status) {
    return Error(ErrorCode::Unavailable,
                 fmt::format("PostgreSQL ({}): the session could not be set up: {}", settings.display,
                             status.error().message()));
  }
  return out;
}

PgConnection::~PgConnection() { PQfinish(connection_); }

bool PgConnection::lost() const { return PQstatus(connection_) != CONNECTION_OK; }

bool PgConnection::in_transaction() const {
  const PGTransactionStatusType status = PQtransactionStatus(connection_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

bool PgConnection::alive() {
  if (PQstatus(connection_) != CONNECTION_OK) return false;
  pollfd descriptor{PQsocket(connection_), POLLIN, 0};
  if (descriptor.fd < 0) return false;
  if (poll(&descriptor, 1, 0) > 0) {
    // An idle connection has nothing to read unless the server is closing it (its
    // last ErrorResponse, then end of file) or sent a notification.
    if (PQconsumeInput(connection_) == 0) return false;
    while (PGnotify* notification = PQnotifies(connection_)) PQfreemem(notification);
  }
  return PQstatus(connection_) == CONNECTION_OK;
}

int PgConnection::backend_pid() const { return PQbackendPID(connection_); }

Error PgConnection::fail(PGresult* result, const sql::TableMapping* table) {
  last_error_ = ServerError();
  last_error_.sqlstate = field(result, PG_DIAG_SQLSTATE);
  last_error_.message = trimmed(result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr);
  if (last_error_.message.empty()) {
    last_error_.message = trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(connection_));
  }
  if (last_error_.message.empty()) last_error_.message = trimmed(PQerrorMessage(connection_));
  last_error_.detail = field(result, PG_DIAG_MESSAGE_DETAIL);
  last_error_.constraint = field(result, PG_DIAG_CONSTRAINT_NAME);
  last_error_.column = field(result, PG_DIAG_COLUMN_NAME);
  if (PQstatus(connection_) != CONNECTION_OK) {
    last_error_.connection_lost = true;
    // 57P01-57P03: the server ended the session (shut down, terminated the backend)
    // before or instead of running the statement, so nothing of it was committed.
    const std::string& state = last_error_.sqlstate;
    last_error_.maybe_executed = !(state == "57P01" || state == "57P02" || state == "57P03");
  }
  if (result) PQclear(result);
  return to_error(last_error_, table);
}

// PQexec's loop over a sent command's results, except that the first error is kept
// rather than the last: when the server ends the session it sends its own error (with
// its SQLSTATE, 57P01 for pg_terminate_backend) and closes, and libpq then adds its
// own "server closed the connection", which would hide whether the statement ran.
PGresult* PgConnection::collect() {
  PGresult* kept = nullptr;
  while (PGresult* result = PQgetResult(connection_)) {
    const ExecStatusType status = PQresultStatus(result);
    if (kept && PQresultStatus(kept) == PGRES_FATAL_ERROR) {
      PQclear(result);
    } else {
      if (kept) PQclear(kept);
      kept = result;
    }
    if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH ||
        PQstatus(connection_) == CONNECTION_BAD) {
      break;
    }
  }
  return kept;
}

Status PgConnection::run(std::string_view text, const sql::TableMapping* table) {
  PGresult* result = PQsendQuery(connection_, std::string(text).c_str()) ? collect() : nullptr;
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    PQclear(result);
    return {};
  }
  return fail(result, table);
}

Result<PgResult> PgConnection::query(std::string_view text, const std::vector<std::optional<std::string>>& params,
                                     const sql::TableMapping* table) {
  ParamArrays arrays;
  arrays.texts = params;
  arrays.fill();
  PGresult* result = PQsendQueryParams(connection_, std::string(text).c_str(), static_cast<int>(params.size()),
                                      nullptr, arrays.values.data(), nullptr, nullptr, 0)
                         ? collect()
                         : nullptr;
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return PgResult(result);
  return fail(result, table);
}

Result<const std::string*> PgConnection::prepared(const std::string& text, std::size_t parameters,
                                                  const sql::TableMapping* table) {
  if (auto found = statements_.find(text); found != statements_.end()) {
    uses_.splice(uses_.begin(), uses_, found->second.use);
    return &found->second.name;
  }
  std::string name = "lb_" + std::to_string(next_statement_++);
  PGresult* result =
      PQsendPrepare(connection_, name.c_str(), text.c_str(), static_cast<int>(parameters), nullptr) ? collect() : nullptr;
  if (!result || PQresultStatus(result) != PGRES_COMMAND_OK) return fail(result, table);
  PQclear(result);
  if (statements_.size() >= kMaxCachedStatements) {
    const std::string oldest = *uses_.back();
    drop_statement(oldest);
  }
  auto [entry, inserted] = statements_.emplace(text, CachedStatement{std::move(name), {}});
  uses_.push_front(&entry->first);
  entry->second.use = uses_.begin();
  return &entry->second.name;
}

void PgConnection::drop_statement(const std::string& text) {
  auto found = statements_.find(text);
  if (found == statements_.end()) return;
  // Best effort: a failure here leaves a statement the server frees with the session.
  if (PGresult* result = PQexec(connection_, ("DEALLOCATE " + found->second.name).c_str())) PQclear(result);
  uses_.erase(found->second.use);
  statements_.erase(found);
}

void PgConnection::forget_statements() {
  if (statements_.empty()) return;
  if (PGresult* result = PQexec(connection_, "DEALLOCATE ALL")) PQclear(result);
  statements_.clear();
  uses_.clear();
}

Result<PgResult> PgConnection::execute(const sql::SqlStatement& statement, const sql::TableMapping* table) {
  ParamArrays arrays;
  arrays.texts.reserve(statement.params.size());
  for (const sql::SqlParam& param : statement.params) arrays.texts.push_back(param_text(param));
  arrays.fill();
  for (int attempt = 0;; ++attempt) {
    auto name = prepared(statement.text, statement.params.size(), table);
    if (!name) return std::move(name).error();
    PGresult* result = PQsendQueryPrepared(connection_, (*name)->c_str(), static_cast<int>(arrays.values.size()),
                                           arrays.values.data(), nullptr, nullptr, 0)
                           ? collect()
                           : nullptr;
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return PgResult(result);
    const std::string state = field(result, PG_DIAG_SQLSTATE);
    // 0A000 "cached plan must not change result type" (the table was altered under
    // the statement), 26000 (the statement is gone, e.g. a pooler's DISCARD ALL):
    // prepare again. Inside a transaction block the failure has aborted the
    // transaction, so it is reported instead.
    if (attempt == 0 && (state == "0A000" || state == "26000") && !in_transaction()) {
      PQclear(result);
      if (state == "26000") {
        statements_.clear();
        uses_.clear();
      } else {
        drop_statement(statement.text);
      }
      continue;
    }
    return fail(result, table);
  }
}

}  // namespace lb::postgres
