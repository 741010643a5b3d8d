// Relation linking: the properties LoopBack's relation definitions add to models when
// they are set up (foreign keys typed like the id they point at, polymorphic
// discriminators, referencesMany id lists, embedded properties) and the through model
// a hasAndBelongsToMany creates when none exists. Only definitions being defined now
// change: a definition already in the registry may be in use.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "lb/model_definition.hpp"
#include "lb/result.hpp"

namespace lb::model {

struct LinkScope {
  // The definitions being defined (changeable); link() appends the ones it creates.
  std::vector<ModelDefinition*>* fresh = nullptr;
  // Every definition, fresh or already defined, by name (nullptr when unknown).
  std::function<const ModelDefinition*(std::string_view)> find;
  // Every definition already defined (not fresh).
  std::function<std::vector<const ModelDefinition*>()> existing;
  // Defines a new model from LoopBack JSON (a through model), fresh.
  std::function<Result<ModelDefinition*>(const Value&)> create;
};

[[nodiscard]] Status link_relations(const LinkScope& scope);

}  // namespace lb::model
