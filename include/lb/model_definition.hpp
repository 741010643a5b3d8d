// LoopBack's model definition language in C++: a model's properties, relations,
// indexes and settings as read from its JSON file, after `base` inheritance has been
// applied. Definitions are immutable once a Registry has resolved them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lb/value.hpp"

namespace lb {

class ModelDefinition;

// A property's type as the definition spells it ("string", ["number"], {"city": ...},
// "Address").
struct PropertyType {
  enum class Kind {
    String,
    Number,
    Boolean,
    Date,
    Buffer,
    GeoPoint,
    Any,     // "any", "object" and "json" (in any case) and untyped values
    Array,   // element says of what; "array" and [] mean [any]
    Object,  // an inline nested object: `nested` holds its anonymous definition
    Model,   // another model by name, embedded (resolved through the Registry)
  };

  Kind kind = Kind::Any;
  std::shared_ptr<const PropertyType> element;     // Array only
  std::shared_ptr<const ModelDefinition> nested;   // Object only
  std::string model;                               // Model only

  // "String", "[Number]", "{city: String, zip: String}", "Address": LoopBack's names.
  [[nodiscard]] std::string to_string() const;
};

struct PropertyDefinition {
  std::string name;
  PropertyType type;
  // 0 when not part of the id; otherwise its position in a composite id (`"id": true`
  // is 1, `"id": 2` is 2).
  int id = 0;
  bool required = false;
  std::optional<Value> default_value;  // "default"
  std::string default_fn;              // "defaultFn": uuid, uuidv4, guid, now, nanoid, ...
  bool generated = false;
  bool index = false;                  // "index": true or {...}
  bool unique = false;                 // "index": {"unique": true}
  bool hidden = false;                 // property-level "hidden": true (LoopBack 4 style)
  std::string description;
  // The whole definition object as written (type normalised to an object form), for
  // keys the core does not interpret (connector sections, "doc", "length", ...).
  Value settings;

  // A connector's per-property section ("postgresql": {"columnName": ...}) or nullptr.
  [[nodiscard]] const Value* connector_settings(std::string_view connector) const;
  // The connector section's "columnName" (or "column"), if any.
  [[nodiscard]] std::optional<std::string> column_name(std::string_view connector) const;
};

enum class RelationType {
  BelongsTo,
  HasMany,  // hasMany with `through` is hasManyThrough
  HasOne,
  HasAndBelongsToMany,
  ReferencesMany,
  EmbedsOne,
  EmbedsMany,
};
[[nodiscard]] const char* relation_type_name(RelationType type);  // "belongsTo", ...

struct RelationDefinition {
  std::string name;
  RelationType type = RelationType::BelongsTo;
  std::string model;  // target model; empty for a polymorphic belongsTo
  // Keys as written; empty means LoopBack's default, computed by the relations layer.
  std::string foreign_key;
  std::string primary_key;
  std::string through;
  std::string key_through;
  std::string property;  // embedsOne/embedsMany/referencesMany: the storing property
  // Polymorphic relations: `"polymorphic": true | "name" | {as, foreignKey, discriminator}`.
  bool polymorphic = false;
  std::string polymorphic_as;
  std::string discriminator;
  Value scope;       // object or null
  Value properties;  // object or null
  Value options;     // object or null ("disableInclude", "validate", ...)
  Value settings;    // the whole relation object as written

  [[nodiscard]] bool is_to_many() const;
  [[nodiscard]] bool include_disabled() const;  // options.disableInclude
};

struct IndexDefinition {
  std::string name;
  // Columns/properties in order, with 1 for ascending and -1 for descending.
  std::vector<std::pair<std::string, int>> keys;
  bool unique = false;
  Value settings;  // as written
};

// `strict`: true rejects unknown properties on write (LoopBack drops them silently in
// some paths; see docs/compatibility.md), false keeps them, "filter" drops them,
// "throw" fails with an error.
enum class StrictMode { Strict, Lax, Filter, Throw };

class ModelDefinition {
 public:
  std::string name;
  std::string base;    // "" only for the root "Model"
  std::string plural;  // as written or derived (LoopBack's pluralisation)
  std::string description;
  std::string source;  // the file or label it came from, for errors
  bool anonymous = false;  // an inline nested object type

  // In juggler's order: the model's own properties as written, then the inherited ones
  // it does not override (in the base's order), then an injected `id` if any.
  std::vector<PropertyDefinition> properties;
  std::vector<RelationDefinition> relations;
  std::vector<IndexDefinition> indexes;  // model-level `indexes`, then property `index`
  // The `hidden` setting (array or {name: true} map) plus properties marked hidden.
  std::vector<std::string> hidden;
  std::vector<std::string> protected_properties;  // the `protected` setting

  StrictMode strict = StrictMode::Lax;
  bool id_injection = true;
  std::optional<bool> force_id;

  Value scope;        // default scope (object or null)
  Value scopes;       // named scopes (object or null)
  Value validations;  // array or null
  Value acls;         // array or null
  // One per `acls` entry: the inheritance depth of the model that declared it (Model 1,
  // PersistedModel 2, a direct subclass 3, ...), LoopBack's ACL `__rank`.
  std::vector<int> acl_ranks;
  Value methods;      // object or null
  Value mixins;       // object or null
  Value http;         // object or null
  Value options;      // this definition's own "options" object as written, or null
  // Every top-level setting after inheritance, as JSON, including the ones above and
  // connector sections ("postgresql": {"schema": ..., "table": ...}). Entries of
  // "options" are flattened in (an "options" entry wins over a top-level one, as in
  // LoopBack's registry); "name" and "properties" are not settings.
  Value settings;

  [[nodiscard]] const PropertyDefinition* property(std::string_view name) const;
  [[nodiscard]] const RelationDefinition* relation(std::string_view name) const;
  // Id properties ordered by their id position.
  [[nodiscard]] std::vector<const PropertyDefinition*> id_properties() const;
  [[nodiscard]] bool is_hidden(std::string_view property) const;
  [[nodiscard]] bool is_protected(std::string_view property) const;
  // A connector's model-level section, or nullptr.
  [[nodiscard]] const Value* connector_settings(std::string_view connector) const;

  // Back to LoopBack JSON (resolved form: inherited properties and settings included,
  // "options" flattened into the top level, the derived plural written out).
  [[nodiscard]] Value to_value() const;
  // A readable multi-line summary (properties, relations, indexes, access lists), the
  // form golden tests pin.
  [[nodiscard]] std::string to_string() const;
};

}  // namespace lb
