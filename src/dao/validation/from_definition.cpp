// Validations::from_definition: what a model definition declares, in the order
// juggler's model builder declares it: for each property in definition order, presence
// when `required` and date for Date properties; then the `validations` section.
#include <string>

#include "dao/validation/rule.hpp"
#include "dao/validation/validations_section.hpp"
#include "lb/model_definition.hpp"
#include "lb/validation.hpp"

namespace lb {

Result<Validations> Validations::from_definition(const ModelDefinition& definition) {
  Validations validations;
  const model::KeyPath origin(definition.source.empty() ? definition.name : definition.source);
  for (const PropertyDefinition& property : definition.properties) {
    if (property.required) {
      ValidationOptions options;
      // `"required": {"message": ...}` carries the presence check's options, as in juggler.
      if (const Object* settings = property.settings.if_object()) {
        if (const Value* required = settings->find("required"); required && required->is_object()) {
          auto parsed = dao::parse_validation_options(required->as_object(),
                                                      origin.key("properties").key(property.name).key("required"), {});
          if (!parsed) return parsed.error();
          options = std::move(parsed).value();
        }
      }
      if (auto status = validations.validates_presence_of(property.name, std::move(options)); !status)
        return status.error();
      validations.rules_->back().implicit = true;
    }
    if (property.type.kind == PropertyType::Kind::Date) {
      if (auto status = validations.validates_date_of(property.name); !status) return status.error();
      validations.rules_->back().implicit = true;
    }
  }
  if (auto status = dao::declare_validations_section(validations, definition.validations, origin.key("validations"));
      !status)
    return status.error();
  return validations;
}

}  // namespace lb
