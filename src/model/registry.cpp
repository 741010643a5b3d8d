// lb::Registry: definitions by name. define() parses, finds the base, resolves and
// stores; define_all() orders a batch so every base comes first and commits the whole
// batch or nothing.
#include "lb/registry.hpp"

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "lb/json.hpp"
#include "lb/relation.hpp"
#include "model/definition_parser.hpp"
#include "model/definition_resolver.hpp"
#include "model/relation_linker.hpp"
#include "model/validation_indexes.hpp"

namespace lb {
namespace {

using model::KeyPath;
using model::ParsedDefinition;
using model::quote_name;

struct Resolved {
  const ModelDefinition* definition = nullptr;
  int depth = 0;
};

using Lookup = std::function<Resolved(std::string_view)>;

std::unique_ptr<ModelDefinition> builtin(const char* name, const char* base, const char* plural) {
  auto def = std::make_unique<ModelDefinition>();
  def->name = name;
  def->base = base;
  def->plural = plural;
  def->source = "built-in";
  Object settings;
  if (*base) settings.push_back("base", base);
  def->settings = Value(std::move(settings));
  return def;
}

Error conflict(const ParsedDefinition& parsed) {
  return Error(ErrorCode::Conflict,
               parsed.path.key("name").error("model " + quote_name(parsed.name) +
                                             " is already defined").message());
}

Result<std::pair<std::unique_ptr<ModelDefinition>, int>> resolve_with(const ParsedDefinition& parsed,
                                                                       const Lookup& lookup) {
  if (parsed.base == parsed.name)
    return parsed.setting_path("base").error("a model cannot be its own base");
  Resolved base = lookup(parsed.base);
  if (!base.definition)
    return parsed.setting_path("base").error("unknown base model " + quote_name(parsed.base));
  auto def = model::resolve_definition(parsed, base.definition, base.depth + 1);
  if (!def) return std::move(def).error();
  return std::pair{std::move(*def), base.depth + 1};
}

// Model names a property type refers to, with the key path to report.
void collect_type_references(const PropertyType& type, const KeyPath& path,
                             std::vector<std::pair<std::string, KeyPath>>& out) {
  switch (type.kind) {
    case PropertyType::Kind::Model: out.emplace_back(type.model, path); break;
    case PropertyType::Kind::Array:
      if (type.element) collect_type_references(*type.element, path, out);
      break;
    case PropertyType::Kind::Object:
      if (type.nested)
        for (const PropertyDefinition& property : type.nested->properties)
          collect_type_references(property.type, path.key(property.name), out);
      break;
    default: break;
  }
}

}  // namespace

struct Registry::State {
  std::vector<std::unique_ptr<ModelDefinition>> models;  // definition order; stable addresses
  std::map<std::string, std::pair<const ModelDefinition*, int>, std::less<>> by_name;

  void add(std::unique_ptr<ModelDefinition> def, int depth) {
    by_name.emplace(def->name, std::pair{def.get(), depth});
    models.push_back(std::move(def));
  }
  Resolved lookup(std::string_view name) const {
    auto it = by_name.find(name);
    return it == by_name.end() ? Resolved{} : Resolved{it->second.first, it->second.second};
  }

  // Adds what the relations of `batch` (resolved, not stored yet, bases first) imply —
  // foreign keys, through models — then stores the batch and the models created for
  // it. On failure nothing is stored.
  Result<std::vector<const ModelDefinition*>> commit(std::vector<std::pair<std::unique_ptr<ModelDefinition>, int>> batch) {
    std::vector<ModelDefinition*> fresh;
    for (auto& [def, depth] : batch) fresh.push_back(def.get());
    auto find_any = [&](std::string_view name) -> Resolved {
      for (auto& [def, depth] : batch)
        if (def->name == name) return {def.get(), depth};
      return lookup(name);
    };
    model::LinkScope scope;
    scope.fresh = &fresh;
    scope.find = [&](std::string_view name) { return find_any(name).definition; };
    scope.existing = [&] {
      std::vector<const ModelDefinition*> out;
      for (const auto& def : models) out.push_back(def.get());
      return out;
    };
    scope.create = [&](const Value& definition) -> Result<ModelDefinition*> {
      auto parsed = model::parse_definition(definition, kCreatedThroughSource);
      if (!parsed) return std::move(parsed).error();
      auto resolved = resolve_with(*parsed, find_any);
      if (!resolved) return std::move(resolved).error();
      batch.push_back(std::move(*resolved));
      fresh.push_back(batch.back().first.get());
      return batch.back().first.get();
    };
    if (Status status = model::link_relations(scope); !status) return status.error();
    std::vector<const ModelDefinition*> out;
    for (auto& [def, depth] : batch) {
      model::add_uniqueness_indexes(*def);
      out.push_back(def.get());
      add(std::move(def), depth);
    }
    return out;
  }
};

Registry::Registry() : state_(std::make_unique<State>()) {
  state_->add(builtin("Model", "", "Models"), 1);
  state_->add(builtin("PersistedModel", "Model", "PersistedModels"), 2);
}

Registry::~Registry() = default;
Registry::Registry(Registry&&) noexcept = default;
Registry& Registry::operator=(Registry&&) noexcept = default;

Result<const ModelDefinition*> Registry::define(const Value& definition, std::string_view source) {
  auto parsed = model::parse_definition(definition, source);
  if (!parsed) return std::move(parsed).error();
  if (find(parsed->name)) return conflict(*parsed);
  auto resolved = resolve_with(*parsed, [this](std::string_view name) { return state_->lookup(name); });
  if (!resolved) return std::move(resolved).error();
  std::vector<std::pair<std::unique_ptr<ModelDefinition>, int>> batch;
  batch.push_back(std::move(resolved).value());
  auto stored = state_->commit(std::move(batch));
  if (!stored) return stored.error();
  return stored->front();
}

Result<const ModelDefinition*> Registry::define_json(std::string_view text, std::string_view source) {
  auto value = parse_json(text);
  if (!value) {
    std::string prefix = source.empty() ? "" : std::string(source) + ": ";
    return Error(ErrorCode::InvalidDefinition, prefix + value.error().message());
  }
  return define(*value, source);
}

Result<const ModelDefinition*> Registry::define_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error(ErrorCode::InvalidDefinition, file.string() + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return define_json(text.str(), file.string());
}

Result<std::vector<const ModelDefinition*>> Registry::define_all(
    const std::vector<std::pair<Value, std::string>>& definitions) {
  std::vector<ParsedDefinition> parsed;
  std::map<std::string, std::size_t, std::less<>> batch;
  for (const auto& [value, source] : definitions) {
    auto one = model::parse_definition(value, source);
    if (!one) return std::move(one).error();
    if (find(one->name) || batch.count(one->name)) return conflict(*one);
    batch.emplace(one->name, parsed.size());
    parsed.push_back(std::move(*one));
  }

  // Depth-first by base, so bases resolve first; `stack` names the cycle if one exists.
  std::vector<int> state(parsed.size(), 0);  // 0 new, 1 on the stack, 2 ordered
  std::vector<std::size_t> order, stack;
  std::function<Status(std::size_t)> visit = [&](std::size_t i) -> Status {
    if (state[i] == 2) return {};
    if (state[i] == 1) {
      std::string chain;
      auto start = std::find(stack.begin(), stack.end(), i);
      for (auto it = start; it != stack.end(); ++it) chain += parsed[*it].name + " -> ";
      chain += parsed[i].name;
      return parsed[i].setting_path("base").error("inheritance cycle " + chain);
    }
    state[i] = 1;
    stack.push_back(i);
    if (auto base = batch.find(parsed[i].base); base != batch.end()) {
      if (Status status = visit(base->second); !status) return status;
    }
    stack.pop_back();
    state[i] = 2;
    order.push_back(i);
    return {};
  };
  for (std::size_t i = 0; i < parsed.size(); ++i)
    if (Status status = visit(i); !status) return status.error();

  // Resolve into a scratch area first: a failure leaves the registry unchanged.
  std::vector<std::pair<std::unique_ptr<ModelDefinition>, int>> resolved(parsed.size());
  auto lookup = [&](std::string_view name) -> Resolved {
    if (auto it = batch.find(name); it != batch.end() && resolved[it->second].first)
      return {resolved[it->second].first.get(), resolved[it->second].second};
    return state_->lookup(name);
  };
  for (std::size_t i : order) {
    auto one = resolve_with(parsed[i], lookup);
    if (!one) return std::move(one).error();
    resolved[i] = std::move(*one);
  }
  std::vector<std::pair<std::unique_ptr<ModelDefinition>, int>> ordered;
  for (std::size_t i : order) ordered.push_back(std::move(resolved[i]));
  auto stored = state_->commit(std::move(ordered));
  if (!stored) return stored.error();
  // The definitions of the batch, in dependency order (through models created for
  // relations are found by name).
  stored->resize(order.size());
  return stored;
}

Status Registry::validate_references() const {
  for (const auto& def : state_->models) {
    KeyPath origin(def->source.empty() ? def->name : def->source);
    std::vector<std::pair<std::string, KeyPath>> references;
    for (const PropertyDefinition& property : def->properties)
      collect_type_references(property.type, origin.key("properties").key(property.name), references);
    for (const auto& [name, path] : references) {
      if (!find(name))
        return path.error("unknown type " + quote_name(name) +
                          " (neither a built-in type nor a defined model)");
    }
    for (const RelationDefinition& relation : def->relations) {
      KeyPath path = origin.key("relations").key(relation.name);
      if (!relation.model.empty() && !find(relation.model))
        return path.key("model").error("unknown model " + quote_name(relation.model));
      if (!relation.through.empty() && !find(relation.through))
        return path.key("through").error("unknown model " + quote_name(relation.through));
    }
  }
  return {};
}

const ModelDefinition* Registry::find(std::string_view name) const {
  return state_->lookup(name).definition;
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> out;
  out.reserve(state_->models.size());
  for (const auto& def : state_->models) out.push_back(def->name);
  return out;
}

}  // namespace lb
