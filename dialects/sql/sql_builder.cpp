// SqlBuilder: parameters and aliases of one statement (see sql_builder.hpp).
#include "sql/sql_builder.hpp"

#include <fmt/format.h>

#include "sql/dialect.hpp"

namespace lb::sql {

// Control characters cannot appear in the text otherwise: values are never written
// into it, and quote_identifier() refuses identifiers holding them.
constexpr char kMarkerStart = '\x01';
constexpr char kMarkerEnd = '\x02';

std::string SqlBuilder::bind(SqlParam param) {
  params_.push_back(std::move(param));
  return kMarkerStart + std::to_string(params_.size() - 1) + kMarkerEnd;
}

std::string SqlBuilder::bind_value(const Value& value, Storage storage) {
  return bind(dialect_->encode(value, storage));
}

std::string SqlBuilder::bind_column(const Value& value, const ColumnMapping& column) {
  return bind(dialect_->encode_for(value, column));
}

std::string SqlBuilder::bind_text(std::string text) { return bind(Dialect::encode_text(std::move(text))); }

std::vector<SqlParam> SqlBuilder::take_params() {
  std::vector<SqlParam> out = std::move(params_);
  params_.clear();
  return out;
}

std::string SqlBuilder::alias() { return "e" + std::to_string(++aliases_); }

Result<SqlStatement> SqlBuilder::finish(std::string text, std::vector<ResultColumn> columns) {
  SqlStatement statement;
  statement.columns = std::move(columns);
  std::vector<std::size_t> numbers(params_.size(), 0);  // new numbers by bind order; 0: unused yet
  statement.text.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != kMarkerStart) {
      statement.text += text[i];
      continue;
    }
    std::size_t end = text.find(kMarkerEnd, i);
    std::size_t index = std::stoul(text.substr(i + 1, end - i - 1));
    if (numbers.at(index) == 0) {
      statement.params.push_back(params_[index]);
      numbers[index] = statement.params.size();
    }
    statement.text += dialect_->placeholder(numbers[index], params_[index]);
    i = end;
  }
  params_.clear();
  if (statement.params.size() > dialect_->max_parameters()) {
    return invalid_input(fmt::format("the statement needs {} parameters, more than {} allows ({})",
                                     statement.params.size(), dialect_->connector_name(),
                                     dialect_->max_parameters()));
  }
  return statement;
}

}  // namespace lb::sql
