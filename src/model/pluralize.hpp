// English pluralisation of model names, approximating the `inflection` package that
// LoopBack uses for a model's default `plural` ("Item" -> "Items").
#pragma once

#include <string>
#include <string_view>

namespace lb::model {

// "Item" -> "Items", "Category" -> "Categories", "Person" -> "People",
// "Address" -> "Addresses". The rules look at the end of the name only, so CamelCase
// names pluralise their last word ("ItemCategory" -> "ItemCategories"). See
// docs/model-definitions.md for where this differs from LoopBack.
[[nodiscard]] std::string pluralize(std::string_view name);

}  // namespace lb::model
