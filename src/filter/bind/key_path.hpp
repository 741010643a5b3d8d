// KeyPath: where the binder is in the caller's input ("filter.where.or.price[1]"), kept
// as a chain of stack frames and turned into text only when an error is built, so a
// filter that binds cleanly costs no string building. Frames point at their parent and
// at text owned by the tree being walked (or by literals): never keep one past the call.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "lb/filter/syntax.hpp"

namespace lb::filter::detail {

// Text rules (those of the eager joins this replaces, which the golden files pin):
// member(k) is "<parent>.<k>", or the parent alone when k is empty, or k alone when the
// parent's text is empty; property(p) is member(path_to_string(p)); index(i) is
// "<parent>[i]". Unlike parse's LazyKeyPath, an empty key adds nothing, which keeps
// messages for paths with empty segments exactly as before.
class KeyPath {
 public:
  // Roots. Implicit, so that callers with a plain text path ("where.name") still work.
  KeyPath(const char* root) : text_(root) {}
  KeyPath(std::string_view root) : text_(root) {}
  KeyPath(const std::string& root) : text_(root) {}

  [[nodiscard]] KeyPath member(std::string_view key) const {
    return KeyPath(this, Step::Member, key, 0, nullptr);
  }
  [[nodiscard]] KeyPath index(std::size_t i) const {
    return KeyPath(this, Step::Index, {}, i, nullptr);
  }
  [[nodiscard]] KeyPath property(const PropertyPath& path) const {
    return KeyPath(this, Step::Property, {}, 0, &path);
  }

  [[nodiscard]] std::string str() const {
    std::string out;
    append_to(out);
    return out;
  }

 private:
  enum class Step { Root, Member, Index, Property };

  KeyPath(const KeyPath* parent, Step step, std::string_view text, std::size_t index,
          const PropertyPath* path)
      : parent_(parent), step_(step), text_(text), index_(index), path_(path) {}

  static void join(std::string& out, std::string_view suffix) {
    if (suffix.empty()) return;
    if (!out.empty()) out += '.';
    out += suffix;
  }

  void append_to(std::string& out) const {
    if (parent_) parent_->append_to(out);
    switch (step_) {
      case Step::Root:
        out += text_;
        break;
      case Step::Member:
        join(out, text_);
        break;
      case Step::Index:
        out += '[';
        out += std::to_string(index_);
        out += ']';
        break;
      case Step::Property:
        join(out, path_to_string(*path_));
        break;
    }
  }

  const KeyPath* parent_ = nullptr;
  Step step_ = Step::Root;
  std::string_view text_;
  std::size_t index_ = 0;
  const PropertyPath* path_ = nullptr;
};

}  // namespace lb::filter::detail
