// lb::Registry: the model definitions an application knows, by name, with LoopBack's
// built-in bases (Model, PersistedModel) and `base` inheritance resolved on define.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb {

class Registry {
 public:
  // Starts with the built-in models "Model" and "PersistedModel".
  Registry();
  ~Registry();
  Registry(Registry&&) noexcept;
  Registry& operator=(Registry&&) noexcept;

  // Parses, validates and resolves one definition (LoopBack JSON). Its base must be
  // defined already (default "PersistedModel"). `source` names the file in errors:
  // "models/item.json: properties.price.type: unknown type \"nubmer\"". Returned
  // pointers stay valid for the Registry's lifetime. Defining a name twice is a 409.
  // Not thread-safe against concurrent define(); lookups may run concurrently.
  Result<const ModelDefinition*> define(const Value& definition, std::string_view source = "");
  Result<const ModelDefinition*> define_json(std::string_view text, std::string_view source = "");
  Result<const ModelDefinition*> define_file(const std::filesystem::path& file);
  // Defines several at once in an order that puts every base before its subclasses.
  Result<std::vector<const ModelDefinition*>> define_all(
      const std::vector<std::pair<Value, std::string>>& definitions);

  // Checks that every model a definition names (embedded property types such as
  // "Address", relation `model` and `through`) is defined. Unknown type names are
  // model references in LoopBack, so a typo ("nubmer") surfaces here, not on define().
  [[nodiscard]] Status validate_references() const;

  // nullptr when unknown.
  [[nodiscard]] const ModelDefinition* find(std::string_view name) const;
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace lb
