// Default values and id generators. Randomness comes from a per-thread engine seeded
// from std::random_device, so generators never contend on a lock.
#include "dao/default_values.hpp"

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>

namespace lb::dao {
namespace {

std::mt19937_64& engine() {
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return generator;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_uuid(const std::array<std::uint8_t, 16>& b) {
  return fmt::format(
      "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
      b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
      b[15]);
}

}  // namespace

std::string make_uuid_v4() {
  std::array<std::uint8_t, 16> bytes{};
  const std::uint64_t high = engine()();
  const std::uint64_t low = engine()();
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<std::uint8_t>(high >> (8 * i));
    bytes[8 + i] = static_cast<std::uint8_t>(low >> (8 * i));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return format_uuid(bytes);
}

std::string make_uuid_v1() {
  // 100 ns intervals since 1582-10-15; a process-wide counter keeps ids generated in
  // the same interval distinct, and the node id is random (no MAC address is read).
  static const std::uint64_t node = engine()() | (1ULL << 40);  // multicast bit: not a MAC
  static const std::uint16_t clock_seq = static_cast<std::uint16_t>(engine()());
  static std::atomic<std::uint64_t> last{0};
  constexpr std::uint64_t kGregorianOffset = 0x01B21DD213814000ULL;
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  std::uint64_t stamp =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count() / 100) +
      kGregorianOffset;
  std::uint64_t previous = last.load();
  while (true) {
    const std::uint64_t next = stamp > previous ? stamp : previous + 1;
    if (last.compare_exchange_weak(previous, next)) {
      stamp = next;
      break;
    }
  }
  std::array<std::uint8_t, 16> b{};
  const std::uint32_t time_low = static_cast<std::uint32_t>(stamp);
  const std::uint16_t time_mid = static_cast<std::uint16_t>(stamp >> 32);
  const std::uint16_t time_high = static_cast<std::uint16_t>(((stamp >> 48) & 0x0fff) | 0x1000);
  for (int i = 0; i < 4; ++i) b[i] = static_cast<std::uint8_t>(time_low >> (24 - 8 * i));
  b[4] = static_cast<std::uint8_t>(time_mid >> 8);
  b[5] = static_cast<std::uint8_t>(time_mid);
  b[6] = static_cast<std::uint8_t>(time_high >> 8);
  b[7] = static_cast<std::uint8_t>(time_high);
  b[8] = static_cast<std::uint8_t>(((clock_seq >> 8) & 0x3f) | 0x80);
  b[9] = static_cast<std::uint8_t>(clock_seq);
  for (int i = 0; i < 6; ++i) b[10 + i] = static_cast<std::uint8_t>(node >> (40 - 8 * i));
  return format_uuid(b);
}

std::string make_nanoid() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  std::string id(21, ' ');
  for (char& c : id) c = kAlphabet[engine()() & 63];
  return id;
}

Result<std::optional<Value>> default_value(const PropertyDefinition& property) {
  if (!property.default_fn.empty()) {
    const std::string& fn = property.default_fn;
    if (fn == "uuid" || fn == "guid") return std::optional<Value>(make_uuid_v1());
    if (fn == "uuidv4") return std::optional<Value>(make_uuid_v4());
    if (fn == "nanoid" || fn == "shortid") return std::optional<Value>(make_nanoid());
    if (fn == "now") return std::optional<Value>(Date{now_ms()});
    return invalid_input(fmt::format("property \"{}\": unknown defaultFn \"{}\"", property.name, fn));
  }
  if (!property.default_value) return std::optional<Value>();
  const Value& value = *property.default_value;
  if (property.type.kind == PropertyType::Kind::Date && value.is_string() &&
      value.as_string() == "$now") {
    return std::optional<Value>(Date{now_ms()});
  }
  return std::optional<Value>(value);
}

}  // namespace lb::dao
