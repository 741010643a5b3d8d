// lb::Relation: a relation of a model with LoopBack's defaults filled in: the target
// model, which property holds the key on each side, the through model and its keys.
// A RelationDefinition is the relation as written; resolve_relation() turns it into
// this, the form include, relation accessors and relation filters work from.
#pragma once

#include <string>
#include <string_view>

#include "lb/model_definition.hpp"
#include "lb/registry.hpp"
#include "lb/result.hpp"

namespace lb {

struct Relation {
  const RelationDefinition* definition = nullptr;
  std::string name;
  RelationType type = RelationType::BelongsTo;
  const ModelDefinition* from = nullptr;
  // nullptr only for a polymorphic belongsTo, whose target each row names.
  const ModelDefinition* to = nullptr;
  // The key on `from` and the key on `to` that must be equal, as LoopBack names them:
  //   belongsTo       from.<foreignKey>      = to.<id>
  //   hasMany/hasOne  from.<id>              = to.<foreignKey>
  //   through         from.<id>              = through.<foreignKey>, and
  //                   through.<keyThrough>   = to.<id>
  //   referencesMany  from.<foreignKey> (an array of ids) holds to.<id> values
  //   embedsOne/Many  from.<property> holds the embedded value(s); key_to is to's id
  std::string key_from;
  std::string key_to;
  const ModelDefinition* through = nullptr;
  std::string key_through;
  // Polymorphic relations: the property naming the target model (`<name>Type`), on
  // `from` for belongsTo and on `to` (or `through`) for hasMany/hasOne.
  bool polymorphic = false;
  std::string discriminator;
  bool multiple = false;  // to-many: hasMany, through, HABTM, referencesMany, embedsMany

  [[nodiscard]] bool has_through() const { return through != nullptr; }
};

// The `source` of a through model the registry created for a hasAndBelongsToMany that
// names none (App attaches it to the declaring model's data source).
inline constexpr std::string_view kCreatedThroughSource = "created for a hasAndBelongsToMany relation";

// Fills in LoopBack's defaults for `relation` of `from` (relation.hpp's table). A 500
// (a definition error) when a model it names is not defined in `registry`.
[[nodiscard]] Result<Relation> resolve_relation(const ModelDefinition& from, const RelationDefinition& relation,
                                                const Registry& registry);

// LoopBack's `camelize(name, true)` as used for default keys: underscores removed with
// the letter after each one upper-cased, the first letter lower-cased
// ("Author_id" -> "authorId", "PostTag_id" -> "postTagId").
[[nodiscard]] std::string lower_camel(std::string_view name);

}  // namespace lb
