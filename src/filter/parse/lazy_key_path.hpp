// LazyKeyPath: where the walker is in a filter ("filter.where.or[1].price"), kept as a
// chain of stack frames and turned into text only when an error needs it, so a filter
// that is fine costs no string building. Frames point at their parent and at keys
// owned by the tree being walked: never store one beyond the walk.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lb::filter {

class LazyKeyPath {
 public:
  // A root: "filter", "where", or "" (then the first member prints without a dot).
  explicit LazyKeyPath(std::string_view root) : name_(root) {}

  // parent.key; an empty key adds nothing.
  [[nodiscard]] LazyKeyPath member(std::string_view key) const { return LazyKeyPath(this, Kind::Member, key, 0); }
  // parent.key written even when the key is empty ("filter.where." names an empty key),
  // as the parse stage's messages show keys exactly as written.
  [[nodiscard]] LazyKeyPath key(std::string_view key) const { return LazyKeyPath(this, Kind::Key, key, 0); }
  // parent[i]
  [[nodiscard]] LazyKeyPath index(std::size_t i) const { return LazyKeyPath(this, Kind::Index, {}, i); }
  // parent.a.b.c for a property path already split into segments.
  [[nodiscard]] LazyKeyPath property(const std::vector<std::string>& segments) const {
    LazyKeyPath path(this, Kind::Property, {}, 0);
    path.segments_ = &segments;
    return path;
  }

  // The text, e.g. "filter.where.or[1].price".
  [[nodiscard]] std::string str() const {
    std::string out;
    append_to(out);
    return out;
  }

 private:
  enum class Kind : unsigned char { Member, Key, Index, Property };

  LazyKeyPath(const LazyKeyPath* parent, Kind kind, std::string_view name, std::size_t index)
      : parent_(parent), name_(name), index_(index), kind_(kind) {}

  static void append_name(std::string& out, std::string_view name) {
    if (!out.empty()) out += '.';
    out += name;
  }

  void append_to(std::string& out) const {
    if (parent_) parent_->append_to(out);
    switch (kind_) {
      case Kind::Index:
        out += '[';
        out += std::to_string(index_);
        out += ']';
        break;
      case Kind::Property:
        for (const std::string& s : *segments_) append_name(out, s);
        break;
      case Kind::Key:
        append_name(out, name_);
        break;
      case Kind::Member:
        if (!name_.empty()) append_name(out, name_);
        break;
    }
  }

  const LazyKeyPath* parent_ = nullptr;
  std::string_view name_;
  std::size_t index_ = 0;
  const std::vector<std::string>* segments_ = nullptr;
  Kind kind_ = Kind::Member;  // a root prints its name as a member of nothing
};

}  // namespace lb::filter
