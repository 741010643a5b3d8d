// pluralize(): a small, explicit rule table instead of a general English inflector.
// Model names are short nouns, mostly regular; the irregulars that show up in real
// LoopBack applications (Person, Child, Man...) are listed by hand.
#include "model/pluralize.hpp"

#include "model/ascii_lower.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace lb::model {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// A whole-word suffix: the word itself, or its last CamelCase/snake_case part
// ("SalesPerson", "sales_person"), but not "Human" for "man".
bool ends_with_word(std::string_view name, std::string_view lowered, std::string_view word) {
  if (!ends_with(lowered, word)) return false;
  std::size_t start = name.size() - word.size();
  if (start == 0) return true;
  char first = name[start];
  char before = name[start - 1];
  return std::isupper(static_cast<unsigned char>(first)) || before == '_' || before == '-';
}

// Keeps the case of the replaced part's first letter ("Person" -> "People").
std::string replace_word(std::string_view name, std::size_t word_size, std::string_view plural) {
  std::size_t start = name.size() - word_size;
  std::string out(name.substr(0, start));
  std::string tail(plural);
  if (std::isupper(static_cast<unsigned char>(name[start])))
    tail[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(tail[0])));
  return out + tail;
}

std::string replace_suffix(std::string_view name, std::size_t drop, std::string_view add) {
  return std::string(name.substr(0, name.size() - drop)) + std::string(add);
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kIrregular{{
    {"person", "people"},
    {"man", "men"},
    {"woman", "women"},
    {"child", "children"},
    {"mouse", "mice"},
    {"ox", "oxen"},
    {"tooth", "teeth"},
    {"foot", "feet"},
    {"goose", "geese"},
    {"criterion", "criteria"},
    {"move", "moves"},
    {"sex", "sexes"},
}};

constexpr std::array<std::string_view, 12> kUncountable{
    "equipment", "information", "rice", "money", "species", "series",
    "sheep",     "news",        "police", "moose", "deer",  "metadata",
};

}  // namespace

std::string pluralize(std::string_view name) {
  if (name.empty()) return std::string(name);
  const std::string low = ascii_lower(name);

  for (std::string_view word : kUncountable)
    if (ends_with_word(name, low, word)) return std::string(name);
  for (const auto& [singular, plural] : kIrregular)
    if (ends_with_word(name, low, singular)) return replace_word(name, singular.size(), plural);

  if (ends_with(low, "data")) return std::string(name);
  if (ends_with(low, "ss") || ends_with(low, "us") || ends_with(low, "as"))
    return std::string(name) + "es";
  if (ends_with(low, "is")) return replace_suffix(name, 2, "es");
  if (ends_with(low, "s")) return std::string(name);  // already plural: "Items", "News"
  if (ends_with(low, "quiz")) return std::string(name) + "zes";
  if (ends_with(low, "matrix") || ends_with(low, "vertex") || ends_with(low, "index"))
    return replace_suffix(name, 2, "ices");
  if (ends_with(low, "x") || ends_with(low, "z") || ends_with(low, "ch") || ends_with(low, "sh"))
    return std::string(name) + "es";
  if (ends_with(low, "y")) {
    bool consonant_before = low.size() >= 2 && !is_vowel(low[low.size() - 2]);
    if (consonant_before || ends_with(low, "quy")) return replace_suffix(name, 1, "ies");
    return std::string(name) + "s";
  }
  if (ends_with(low, "ife")) return replace_suffix(name, 2, "ves");
  if (ends_with(low, "lf") || ends_with(low, "rf")) return replace_suffix(name, 1, "ves");
  if (ends_with(low, "tato") || ends_with(low, "mato") || ends_with(low, "falo"))
    return std::string(name) + "es";
  if (ends_with(low, "tum") || ends_with(low, "ium")) return replace_suffix(name, 2, "a");
  return std::string(name) + "s";
}

}  // namespace lb::model
