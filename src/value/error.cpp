// lb::Error: statuses, names and the LoopBack JSON error body.
#include "lb/error.hpp"

#include "lb/json.hpp"

namespace lb {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput:
    case ErrorCode::InvalidDefinition: return 400;
    case ErrorCode::Unauthorized: return 401;
    case ErrorCode::Forbidden: return 403;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::Conflict: return 409;
    case ErrorCode::Validation: return 422;
    case ErrorCode::Unavailable: return 503;
    case ErrorCode::Internal: return 500;
  }
  return 500;
}

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput: return "INVALID_INPUT";
    case ErrorCode::InvalidDefinition: return "INVALID_DEFINITION";
    case ErrorCode::Unauthorized: return "UNAUTHORIZED";
    case ErrorCode::Forbidden: return "FORBIDDEN";
    case ErrorCode::NotFound: return "NOT_FOUND";
    case ErrorCode::Conflict: return "CONFLICT";
    case ErrorCode::Validation: return "VALIDATION_FAILED";
    case ErrorCode::Unavailable: return "UNAVAILABLE";
    case ErrorCode::Internal: return "INTERNAL";
  }
  return "INTERNAL";
}

Error::Error(ErrorCode code, std::string message, std::string name, Value details)
    : code_(code), message_(std::move(message)), name_(std::move(name)), details_(std::move(details)) {}

Error& Error::with_loopback_code(std::string code) & {
  loopback_code_ = std::move(code);
  return *this;
}

Error&& Error::with_loopback_code(std::string code) && {
  loopback_code_ = std::move(code);
  return std::move(*this);
}

Value Error::to_value() const {
  Object body;
  body.push_back("statusCode", status());
  body.push_back("name", name_);
  body.push_back("message", message_);
  if (!loopback_code_.empty()) body.push_back("code", loopback_code_);
  if (!details_.is_null()) body.push_back("details", details_);
  Object outer;
  outer.push_back("error", Value(std::move(body)));
  return Value(std::move(outer));
}

std::string Error::to_json() const { return lb::to_json(to_value()); }

Error invalid_input(std::string message, Value details) {
  return Error(ErrorCode::InvalidInput, std::move(message), "Error", std::move(details));
}

Error not_found(std::string message) { return Error(ErrorCode::NotFound, std::move(message)); }

Error internal_error(std::string message) { return Error(ErrorCode::Internal, std::move(message)); }

}  // namespace lb
