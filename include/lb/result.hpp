// lb::Result<T> and lb::Status: a value or an lb::Error, shaped like std::expected
// (C++23) so callers can switch to it later. value() throws the Error for callers who
// prefer exceptions.
#pragma once

#include <cassert>
#include <memory>
#include <type_traits>
#include <utility>
#include <variant>

#include "lb/error.hpp"

namespace lb {

template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result(const T& value) : data_(std::in_place_index<0>, value) {}
  Result(T&& value) : data_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}
  template <typename U>
    requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, T> &&
             !std::is_same_v<std::remove_cvref_t<U>, Error> &&
             !std::is_same_v<std::remove_cvref_t<U>, Result>)
  Result(U&& value) : data_(std::in_place_index<0>, std::forward<U>(value)) {}

  [[nodiscard]] bool has_value() const { return data_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  // Throws the Error when there is no value.
  T& value() & {
    throw_if_error();
    return std::get<0>(data_);
  }
  const T& value() const& {
    throw_if_error();
    return std::get<0>(data_);
  }
  T&& value() && {
    throw_if_error();
    return std::get<0>(std::move(data_));
  }
  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(data_) : static_cast<T>(std::forward<U>(fallback));
  }

  // Unchecked access; asserts.
  T& operator*() & { return get(); }
  const T& operator*() const& { return get(); }
  T&& operator*() && { return std::move(get()); }
  T* operator->() { return &get(); }
  const T* operator->() const { return &get(); }

  // Requires !has_value().
  [[nodiscard]] const Error& error() const& {
    assert(!has_value() && "Result::error() on a value");
    return std::get<1>(data_);
  }
  [[nodiscard]] Error&& error() && {
    assert(!has_value() && "Result::error() on a value");
    return std::get<1>(std::move(data_));
  }

 private:
  void throw_if_error() const {
    if (!has_value()) throw std::get<1>(data_);
  }
  T& get() {
    assert(has_value() && "dereferencing a Result that holds an error");
    return std::get<0>(data_);
  }
  const T& get() const {
    assert(has_value() && "dereferencing a Result that holds an error");
    return std::get<0>(data_);
  }

  std::variant<T, Error> data_;
};

// Success or an Error: Result<void>.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::make_unique<Error>(std::move(error))) {}
  Result(const Result& other) : error_(other.error_ ? std::make_unique<Error>(*other.error_) : nullptr) {}
  Result(Result&&) noexcept = default;
  Result& operator=(const Result& other) {
    if (this != &other) error_ = other.error_ ? std::make_unique<Error>(*other.error_) : nullptr;
    return *this;
  }
  Result& operator=(Result&&) noexcept = default;

  [[nodiscard]] bool has_value() const { return !error_; }
  explicit operator bool() const { return has_value(); }
  // Throws the Error on failure.
  void value() const {
    if (error_) throw *error_;
  }
  [[nodiscard]] const Error& error() const {
    assert(error_ && "Status::error() on success");
    return *error_;
  }

 private:
  // Success, the common case, costs one null pointer: no Error is built.
  std::unique_ptr<Error> error_;
};

using Status = Result<void>;

}  // namespace lb
