// GeoPoint operands in the forms LoopBack's GeoPoint constructor takes, with its range
// checks and its messages (which are assertion failures, hence 500s, in LoopBack).
#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <string>

#include "filter/bind/coerce.hpp"
#include "lb/json.hpp"

namespace lb::filter::detail {
namespace {

std::optional<double> coordinate(const Value* value) {
  if (!value) return std::nullopt;
  if (value->is_number()) {
    const double d = value->as_double();
    return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
  }
  if (value->is_string()) {
    if (auto number = parse_number_text(value->as_string())) return number->as_double();
  }
  return std::nullopt;
}

Result<GeoPoint> checked(std::optional<double> lat, std::optional<double> lng,
                         const KeyPath& key_path) {
  if (!lat) return bind_error(key_path, "lat must be a number when creating a GeoPoint");
  if (!lng) return bind_error(key_path, "lng must be a number when creating a GeoPoint");
  if (*lng > 180) return bind_error(key_path, "lng must be <= 180");
  if (*lng < -180) return bind_error(key_path, "lng must be >= -180");
  if (*lat > 90) return bind_error(key_path, "lat must be <= 90");
  if (*lat < -90) return bind_error(key_path, "lat must be >= -90");
  return GeoPoint{*lat, *lng};
}

Result<GeoPoint> from_array(const Array& items, const KeyPath& key_path) {
  if (items.size() != 2) return bind_error(key_path, "must provide a GeoPoint array as [lat, lng]");
  return checked(coordinate(&items[0]), coordinate(&items[1]), key_path);
}

}  // namespace

Result<GeoPoint> coerce_geo_point(const Value& value, const KeyPath& key_path) {
  switch (value.kind()) {
    case Value::Kind::GeoPoint:
      return checked(value.as_geo_point().lat, value.as_geo_point().lng, key_path);
    case Value::Kind::Object:
      return checked(coordinate(value.find("lat")), coordinate(value.find("lng")), key_path);
    case Value::Kind::Array:
      return from_array(value.as_array(), key_path);
    case Value::Kind::String: {
      const std::string& text = value.as_string();
      // LoopBack first tries the text as JSON ("[1,2]", "{\"lat\":1,\"lng\":2}").
      const auto first = text.find_first_not_of(" \t\r\n");
      if (first != std::string::npos && (text[first] == '[' || text[first] == '{')) {
        auto parsed = parse_json(text);
        if (parsed && (parsed->is_array() || parsed->is_object()))
          return coerce_geo_point(*parsed, key_path);
      }
      const auto comma = text.find(',');
      if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos)
        return bind_error(key_path,
                          "must provide a string \"lat,lng\" creating a GeoPoint with a string");
      const Value lat(text.substr(0, comma));
      const Value lng(text.substr(comma + 1));
      return checked(coordinate(&lat), coordinate(&lng), key_path);
    }
    default:
      return bind_error(key_path,
                        fmt::format("must provide valid geo-coordinates array [lat, lng] or object "
                                    "or a \"lat, lng\" string, got {}",
                                    describe_value(value)));
  }
}

}  // namespace lb::filter::detail
