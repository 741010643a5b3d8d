// App: owns the registry, the data sources and the attached models. Models and data
// sources live in unique_ptrs so the references handed out stay valid as more are added.
#include "lb/app.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <utility>

#include "dao/embedded_accessor.hpp"
#include "dao/scratch_connector.hpp"

namespace lb {
namespace {

// The private memory data source of embedded models that have none of their own: an
// Instance needs an attached Model, and embedsOne / embedsMany items are Instances of
// theirs. Nothing is stored there (the items live in the owner's property).
constexpr std::string_view kEmbeddedSource = "(embedded models)";

}  // namespace

struct App::State {
  Registry registry;
  std::vector<std::unique_ptr<DataSource>> data_sources;
  std::vector<std::unique_ptr<Model>> models;
  // Embedded models that were on kEmbeddedSource until the application attached them
  // to a data source of its own: kept alive for references handed out meanwhile.
  std::vector<std::unique_ptr<Model>> retired;
};

App::App() : state_(std::make_unique<State>()) {
  // src/dao's scratch stores (embedsMany queries) are memory connectors.
  static std::once_flag once;
  std::call_once(once, [] {
    dao::set_scratch_connector_factory([](const ConnectorConfig& config) { return make_connector("memory", config); });
  });
}
App::~App() = default;
App::App(App&&) noexcept = default;
App& App::operator=(App&&) noexcept = default;

Registry& App::registry() { return state_->registry; }
const Registry& App::registry() const { return state_->registry; }

Result<DataSource*> App::add_data_source(std::string name, const Value& settings,
                                         const std::filesystem::path& base_dir) {
  if (find_data_source(name) != nullptr) {
    return Error(ErrorCode::Conflict, fmt::format("data source \"{}\" is already defined", name));
  }
  if (!settings.is_object()) {
    return Error(ErrorCode::InvalidDefinition,
                 fmt::format("data source \"{}\": settings must be an object", name));
  }
  const Value* connector_name = settings.find("connector");
  if (connector_name == nullptr || !connector_name->is_string()) {
    return Error(ErrorCode::InvalidDefinition,
                 fmt::format("data source \"{}\": \"connector\" must name a connector", name));
  }
  ConnectorConfig config{name, settings, base_dir};
  auto connector = make_connector(connector_name->as_string(), config);
  if (!connector) return connector.error();
  state_->data_sources.push_back(
      std::make_unique<DataSource>(std::move(name), settings, std::move(connector).value()));
  return state_->data_sources.back().get();
}

DataSource* App::find_data_source(std::string_view name) const {
  for (const auto& source : state_->data_sources) {
    if (source->name() == name) return source.get();
  }
  return nullptr;
}

std::vector<std::string> App::data_source_names() const {
  std::vector<std::string> names;
  for (const auto& source : state_->data_sources) names.push_back(source->name());
  return names;
}

Result<Model*> App::attach(std::string_view model, std::string_view data_source) {
  const ModelDefinition* definition = state_->registry.find(model);
  if (definition == nullptr) {
    return Error(ErrorCode::NotFound, fmt::format("model \"{}\" is not defined", model))
        .with_loopback_code("MODEL_NOT_FOUND");
  }
  DataSource* source = find_data_source(data_source);
  if (source == nullptr) {
    return Error(ErrorCode::NotFound,
                 fmt::format("model \"{}\": data source \"{}\" is not defined", model, data_source));
  }
  if (Model* existing = find_model(model)) {
    // An embedded model attached on demand yields to the application's own choice.
    if (existing->data_source().name() != kEmbeddedSource || data_source == kEmbeddedSource)
      return Error(ErrorCode::Conflict, fmt::format("model \"{}\" is already attached", model));
    auto it = std::find_if(state_->models.begin(), state_->models.end(),
                           [&](const auto& m) { return m.get() == existing; });
    state_->retired.push_back(std::move(*it));
    state_->models.erase(it);
  }
  // An embedded model without an id (idInjection: false, as embedded models often are)
  // has no table to define on the private data source: its items live in their owners.
  const bool tableless = data_source == kEmbeddedSource && definition->id_properties().empty();
  if (!tableless) {
    if (auto defined = source->connector().define(*definition); !defined) return defined.error();
  }
  state_->models.push_back(std::make_unique<Model>(*definition, state_->registry, *source));
  // Relations find their targets among this app's models (State outlives its models).
  state_->models.back()->set_model_lookup([state = state_.get()](std::string_view name) -> Model* {
    for (const auto& model : state->models)
      if (model->name() == name) return model.get();
    return nullptr;
  });
  Model* attached = state_->models.back().get();
  // A through model the registry created for a hasAndBelongsToMany joins the data
  // source of the model that declared it, as LoopBack defines it there.
  for (const RelationDefinition& relation : definition->relations) {
    if (relation.type != RelationType::HasAndBelongsToMany || !relation.through.empty()) continue;
    auto resolved = attached->relation(relation.name);
    if (!resolved || !resolved->through || resolved->through->source != kCreatedThroughSource) continue;
    if (find_model(resolved->through->name) != nullptr) continue;
    if (auto through = attach(resolved->through->name, data_source); !through) return through.error();
  }
  // Embedded models: attached to the private memory data source when they have no
  // data source yet, and the owner checks its items with their validations.
  for (const RelationDefinition& relation : definition->relations) {
    if (relation.type != RelationType::EmbedsOne && relation.type != RelationType::EmbedsMany) continue;
    auto resolved = attached->relation(relation.name);
    if (!resolved || !resolved->to) continue;  // a target not defined: include and related() report it
    if (find_model(resolved->to->name) == nullptr) {
      if (find_data_source(kEmbeddedSource) == nullptr) {
        if (auto added = add_data_source(std::string(kEmbeddedSource), Value(Object{{"connector", "memory"}}));
            !added)
          return added.error();
      }
      if (auto embedded = attach(resolved->to->name, kEmbeddedSource); !embedded) return embedded.error();
    }
    if (Status checks = dao::add_embedded_validations(*attached, *resolved); !checks) return checks.error();
  }
  return attached;
}

Result<Model*> App::define_model(const Value& definition, std::string_view data_source) {
  auto defined = state_->registry.define(definition);
  if (!defined) return defined.error();
  return attach((*defined)->name, data_source);
}

Model* App::find_model(std::string_view name) const {
  for (const auto& model : state_->models) {
    if (model->name() == name) return model.get();
  }
  return nullptr;
}

Model& App::model(std::string_view name) const {
  if (Model* found = find_model(name)) return *found;
  throw Error(ErrorCode::NotFound, fmt::format("Model \"{}\" is not attached to a data source", name))
      .with_loopback_code("MODEL_NOT_FOUND");
}

std::vector<std::string> App::model_names() const {
  std::vector<std::string> names;
  for (const auto& model : state_->models) names.push_back(model->name());
  return names;
}

}  // namespace lb
