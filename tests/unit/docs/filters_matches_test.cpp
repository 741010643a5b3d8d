// Keeps the "Matches:" and "Gives:" lines of docs/filters.md true: the page's six
// example items (its table) are loaded into the memory connector, each example's JSON
// filter runs against them, and the names the page lists must be the rows returned
// (in the listed order when the filter sorts, by `order` or `near`).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "lb/app.hpp"
#include "lb/json.hpp"

namespace {

std::string filters_doc() {
  std::ifstream in(std::string(LB_DOCS_DIR) + "/filters.md", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  const auto last = text.find_last_not_of(" \t");
  return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, separator);) parts.push_back(trim(part));
  return parts;
}

// The page's item table ("| id | name | price | ... |") as rows to load.
std::vector<lb::Value> table_rows(const std::string& doc) {
  std::vector<lb::Value> rows;
  const auto header = doc.find("| id | name");
  if (header == std::string::npos) return rows;
  std::stringstream lines(doc.substr(header));
  std::string line;
  std::getline(lines, line);
  const std::vector<std::string> columns = split(line.substr(1, line.size() - 2), '|');
  std::getline(lines, line);  // the |---| line
  while (std::getline(lines, line) && !line.empty() && line[0] == '|') {
    const std::vector<std::string> cells = split(line.substr(1, line.size() - 2), '|');
    lb::Object row;
    for (std::size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
      const std::string& column = columns[i];
      const std::string& cell = cells[i];
      if (cell == "(missing)") continue;
      lb::Value value;
      if (column == "id" || column == "price") {
        value = lb::parse_json(cell).value();
      } else if (column == "inStock") {
        value = cell == "true";
      } else if (column == "tags") {
        value = lb::parse_json(cell).value();
      } else if (column == "location") {
        const auto parts = split(cell, ',');
        value = lb::Value(lb::Object{{"lat", lb::parse_json(parts[0]).value()},
                                     {"lng", lb::parse_json(parts[1]).value()}});
      } else if (column == "added") {
        value = cell + "T00:00:00.000Z";
      } else {
        value = cell;
      }
      if (column == "address.city") {
        row.push_back("address", lb::Value(lb::Object{{"city", value}}));
      } else {
        row.push_back(column, std::move(value));
      }
    }
    rows.emplace_back(std::move(row));
  }
  return rows;
}

// The model definitions of the page's "The example model" section.
std::vector<lb::Value> model_blocks(const std::string& doc) {
  std::vector<lb::Value> blocks;
  const auto section = doc.find("## The example model");
  const auto section_end = doc.find("\n## ", section + 1);
  for (auto at = doc.find("```json\n", section); at < section_end; at = doc.find("```json\n", at)) {
    const auto end = doc.find("```", at + 8);
    blocks.push_back(lb::parse_json(doc.substr(at + 8, end - at - 8)).value());
    at = end + 3;
  }
  return blocks;
}

struct Claim {
  std::string filter;   // JSON text
  std::string sentence; // "Matches: ..." up to its first full stop
  std::size_t line = 0;
};

std::size_t line_of(const std::string& doc, std::size_t offset) {
  return static_cast<std::size_t>(std::count(doc.begin(), doc.begin() + static_cast<long>(offset), '\n')) + 1;
}

// Each ```text block's JSON line, paired with the claim paragraph that follows it.
// "Both match" covers the block before as well.
std::vector<Claim> claims(const std::string& doc) {
  std::vector<Claim> found;
  std::vector<std::string> recent;
  for (auto at = doc.find("```text\n"); at != std::string::npos; at = doc.find("```text\n", at)) {
    const auto end = doc.find("\n```", at + 8);
    const std::string block = doc.substr(at + 8, end - at - 8);
    at = end + 4;
    const auto json = block.find("JSON   ");
    if (json == std::string::npos) continue;
    recent.push_back(block.substr(json + 7, block.find('\n', json) - json - 7));
    const auto paragraph = doc.find_first_not_of('\n', at);
    if (paragraph == std::string::npos) break;
    const std::string rest = doc.substr(paragraph, 400);
    const bool both = rest.rfind("Both match ", 0) == 0;
    if (rest.rfind("Matches: ", 0) != 0 && rest.rfind("Gives: ", 0) != 0 &&
        rest.rfind("Gives the same order", 0) != 0 && !both) {
      continue;
    }
    std::string sentence = rest;
    for (const char* stop : {". ", ".\n"}) {
      const auto cut = sentence.find(stop);
      if (cut != std::string::npos) sentence = sentence.substr(0, cut);
    }
    std::replace(sentence.begin(), sentence.end(), '\n', ' ');
    found.push_back({recent.back(), sentence, line_of(doc, paragraph)});
    if (both && recent.size() >= 2) found.push_back({recent[recent.size() - 2], sentence, line_of(doc, paragraph)});
  }
  return found;
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The item names a sentence lists, in the order written.
std::vector<std::string> listed_names(const std::string& sentence, const std::vector<std::string>& all) {
  std::vector<std::pair<std::size_t, std::string>> hits;
  for (const std::string& name : all) {
    for (auto at = sentence.find(name); at != std::string::npos; at = sentence.find(name, at + 1)) {
      const bool starts = at == 0 || !word_char(sentence[at - 1]);
      const bool ends = at + name.size() == sentence.size() || !word_char(sentence[at + name.size()]);
      if (starts && ends) hits.emplace_back(at, name);
    }
  }
  std::sort(hits.begin(), hits.end());
  std::vector<std::string> names;
  for (auto& hit : hits) names.push_back(hit.second);
  return names;
}

TEST(FiltersDocMatches, EveryListedResultIsWhatTheMemoryConnectorReturns) {
  const std::string doc = filters_doc();
  lb::App app;
  app.add_data_source("db", lb::Value(lb::Object{{"connector", "memory"}})).value();
  std::vector<std::pair<lb::Value, std::string>> definitions;
  for (lb::Value& block : model_blocks(doc)) definitions.emplace_back(std::move(block), "docs/filters.md");
  const auto defined = app.registry().define_all(definitions).value();
  for (const lb::ModelDefinition* definition : defined) app.attach(definition->name, "db").value();
  lb::Model& item = app.model("Item");
  const std::vector<lb::Value> rows = table_rows(doc);
  ASSERT_EQ(rows.size(), 6u) << "the page's item table";
  lb::Model::ImportOptions load;
  load.validate = false;
  ASSERT_EQ(item.import(lb::Array(rows.begin(), rows.end()), load).value(), 6);
  std::vector<std::string> all;
  for (const lb::Value& row : rows) all.push_back(row.find("name")->as_string());

  const std::vector<Claim> checked = claims(doc);
  EXPECT_GE(checked.size(), 35u) << "claims found on the page";
  std::vector<std::string> previous;
  for (const Claim& claim : checked) {
    SCOPED_TRACE("docs/filters.md:" + std::to_string(claim.line) + ": " + claim.sentence);
    auto found = item.find(claim.filter);
    ASSERT_TRUE(found.has_value()) << claim.filter << ": " << found.error().message();
    std::vector<std::string> got;
    for (const lb::Instance& row : *found) got.push_back(row.get("name").as_string());
    std::vector<std::string> want;
    if (claim.sentence.find("the same order as") != std::string::npos) {
      want = previous;
    } else if (claim.sentence.find("every item but") != std::string::npos) {
      const std::vector<std::string> excluded = listed_names(claim.sentence, all);
      for (const std::string& name : all) {
        if (std::find(excluded.begin(), excluded.end(), name) == excluded.end()) want.push_back(name);
      }
    } else {
      want = listed_names(claim.sentence, all);
    }
    const bool sorted = claim.filter.find("\"order\"") != std::string::npos ||
                        claim.filter.find("\"near\"") != std::string::npos;
    if (sorted) {
      EXPECT_EQ(got, want) << claim.filter;
    } else {
      EXPECT_EQ(std::multiset<std::string>(got.begin(), got.end()),
                std::multiset<std::string>(want.begin(), want.end()))
          << claim.filter;
    }
    previous = want;
  }
}

}  // namespace
