// lb::App: a LoopBack application in C++: the model registry, the data sources, and
// the models attached to them. App::boot reads a LoopBack 3 application directory
// unchanged (server/datasources.json, server/model-config.json, common/models/*.json)
// or a flat one (datasources.json, model-config.json, models/*.json).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lb/data_source.hpp"
#include "lb/model.hpp"
#include "lb/registry.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb {

class App {
 public:
  // An empty application: the built-in base models, no data sources.
  App();
  ~App();
  App(App&&) noexcept;
  App& operator=(App&&) noexcept;

  // Boots an application directory; errors name the file, model or data source that
  // is missing or malformed. See docs/boot.md for what is read and in which order.
  [[nodiscard]] static Result<App> boot(const std::filesystem::path& dir);

  [[nodiscard]] Registry& registry();
  [[nodiscard]] const Registry& registry() const;

  // Creates a data source from its settings ({"connector": "memory", ...}); relative
  // paths in them resolve against `base_dir`. 409 when the name is taken.
  Result<DataSource*> add_data_source(std::string name, const Value& settings,
                                      const std::filesystem::path& base_dir = {});
  [[nodiscard]] DataSource* find_data_source(std::string_view name) const;
  // Data sources, in the order they were added.
  [[nodiscard]] std::vector<std::string> data_source_names() const;

  // Attaches a defined model to a data source (model-config.json's entry); the
  // connector prepares its storage. 404 naming the model or data source when unknown.
  Result<Model*> attach(std::string_view model, std::string_view data_source);
  // Defines a model from its LoopBack JSON and attaches it in one step.
  Result<Model*> define_model(const Value& definition, std::string_view data_source);

  // The attached model; throws lb::Error (404, LoopBack's MODEL_NOT_FOUND) when none.
  [[nodiscard]] Model& model(std::string_view name) const;
  [[nodiscard]] Model* find_model(std::string_view name) const;
  // Attached models, in the order they were attached.
  [[nodiscard]] std::vector<std::string> model_names() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace lb
