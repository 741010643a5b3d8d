// lb::Error: what every fallible call reports, shaped like a LoopBack error
// (statusCode, name, message, code, details) so that a REST layer can send it as is.
#pragma once

#include <exception>
#include <string>
#include <string_view>

#include "lb/value.hpp"

namespace lb {

// What went wrong, coarsely; each code implies the HTTP status LoopBack would use.
enum class ErrorCode {
  InvalidInput,       // 400: malformed argument (bad JSON, bad filter, bad id, ...)
  InvalidDefinition,  // 400: a model definition or configuration that cannot be used
  Unauthorized,       // 401
  Forbidden,          // 403
  NotFound,           // 404
  Conflict,           // 409: duplicate id, unique index violation
  Validation,         // 422: ValidationError and other unprocessable entities
  Unavailable,        // 503: a backend that cannot be reached
  Internal,           // 500
};

[[nodiscard]] int http_status(ErrorCode code);
// "INVALID_INPUT", "NOT_FOUND", ...: the stable machine-readable spelling.
[[nodiscard]] const char* error_code_name(ErrorCode code);

class Error : public std::exception {
 public:
  // name defaults to "Error" (LoopBack's generic name); details to null.
  Error(ErrorCode code, std::string message, std::string name = "Error", Value details = {});

  [[nodiscard]] ErrorCode code() const { return code_; }
  [[nodiscard]] int status() const { return http_status(code_); }
  [[nodiscard]] const std::string& message() const { return message_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const Value& details() const { return details_; }
  // LoopBack's optional `code` string (e.g. "MODEL_NOT_FOUND"); empty when unset.
  [[nodiscard]] const std::string& loopback_code() const { return loopback_code_; }
  Error& with_loopback_code(std::string code) &;
  Error&& with_loopback_code(std::string code) &&;

  // {"error":{"statusCode":400,"name":"Error","message":"...","code":"...","details":...}}
  // code and details appear only when set, as in LoopBack's error handler.
  [[nodiscard]] Value to_value() const;
  [[nodiscard]] std::string to_json() const;

  const char* what() const noexcept override { return message_.c_str(); }

 private:
  ErrorCode code_;
  std::string message_;
  std::string name_;
  Value details_;
  std::string loopback_code_;
};

// Shorthands for the common cases.
[[nodiscard]] Error invalid_input(std::string message, Value details = {});
[[nodiscard]] Error not_found(std::string message);
[[nodiscard]] Error internal_error(std::string message);

}  // namespace lb
