// resolve_relation: LoopBack's default keys and models for each relation type, as its
// relation definitions compute them (the through model of a hasAndBelongsToMany is
// found under either name order, as LoopBack looks for it).
#include "lb/relation.hpp"

#include <cctype>

#include "model/relation_lookup.hpp"

namespace lb {
namespace {

std::string id_name(const ModelDefinition& model) {
  auto ids = model.id_properties();
  return ids.empty() ? "id" : ids.front()->name;
}

Error undefined_model(const ModelDefinition& from, const RelationDefinition& relation, const std::string& name) {
  return Error(ErrorCode::InvalidDefinition, "Relation \"" + relation.name + "\" of " + from.name +
                                                 " model names the undefined model \"" + name + "\"");
}

}  // namespace

std::string lower_camel(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool upper_next = false;
  for (char c : name) {
    if (c == '_') {
      upper_next = true;
      continue;
    }
    out += upper_next ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper_next = false;
  }
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

Result<Relation> resolve_relation(const ModelDefinition& from, const RelationDefinition& relation,
                                  const Registry& registry) {
  return model::resolve_relation_with(from, relation,
                                      [&](std::string_view name) { return registry.find(name); });
}

Result<Relation> model::resolve_relation_with(const ModelDefinition& from, const RelationDefinition& relation,
                                              const DefinitionLookup& find) {
  Relation out;
  out.definition = &relation;
  out.name = relation.name;
  out.type = relation.type;
  out.from = &from;
  out.multiple = relation.is_to_many();
  out.polymorphic = relation.polymorphic;
  if (!relation.model.empty()) {
    out.to = find(relation.model);
    if (!out.to) return undefined_model(from, relation, relation.model);
  }
  // A polymorphic relation's key and discriminator are named after its selector.
  const std::string selector = relation.polymorphic_as.empty() ? relation.name : relation.polymorphic_as;
  const std::string polymorphic_key =
      !relation.foreign_key.empty() ? relation.foreign_key : lower_camel(selector + "_id");
  if (relation.polymorphic)
    out.discriminator = !relation.discriminator.empty() ? relation.discriminator : lower_camel(selector + "_type");

  switch (relation.type) {
    case RelationType::BelongsTo:
      if (relation.polymorphic) {
        out.key_from = polymorphic_key;
        out.key_to = !relation.primary_key.empty() ? relation.primary_key : "id";
      } else {
        out.key_from = !relation.foreign_key.empty() ? relation.foreign_key : relation.name + "Id";
        out.key_to = !relation.primary_key.empty() ? relation.primary_key : id_name(*out.to);
      }
      break;
    case RelationType::HasMany:
    case RelationType::HasOne:
    case RelationType::HasAndBelongsToMany: {
      out.key_from = !relation.primary_key.empty() ? relation.primary_key : id_name(from);
      out.key_to = relation.polymorphic ? polymorphic_key
                   : !relation.foreign_key.empty() ? relation.foreign_key
                                                   : lower_camel(from.name + "_id");
      std::string through = relation.through;
      if (relation.type == RelationType::HasAndBelongsToMany && through.empty()) {
        // LoopBack looks for <From><To>, then <To><From>; the registry creates the
        // first when neither exists (see relation_linker).
        through = find(from.name + out.to->name) ? from.name + out.to->name
                  : find(out.to->name + from.name) ? out.to->name + from.name
                                                             : from.name + out.to->name;
      }
      if (!through.empty()) {
        out.through = find(through);
        if (!out.through) return undefined_model(from, relation, through);
        out.key_through = !relation.key_through.empty() ? relation.key_through : lower_camel(out.to->name + "_id");
      }
      break;
    }
    case RelationType::ReferencesMany:
      out.key_from = !relation.foreign_key.empty() ? relation.foreign_key : lower_camel(out.to->name + "_ids");
      out.key_to = !relation.primary_key.empty() ? relation.primary_key : id_name(*out.to);
      break;
    case RelationType::EmbedsOne:
      out.key_from = !relation.property.empty() ? relation.property : lower_camel(out.to->name);
      out.key_to = id_name(*out.to);
      break;
    case RelationType::EmbedsMany:
      out.key_from = !relation.property.empty() ? relation.property : lower_camel(out.to->plural);
      out.key_to = id_name(*out.to);
      break;
  }
  return out;
}

}  // namespace lb
