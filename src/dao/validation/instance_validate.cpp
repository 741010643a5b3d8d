// Instance::validate: LoopBack's isValid on the record as it is now (the model's
// validate_record, which also reports a `validations` section that could not be read).
#include "lb/instance.hpp"
#include "lb/model.hpp"

namespace lb {

Status Instance::validate(const Options& options) const { return model_->validate_record(*this, options); }

}  // namespace lb
