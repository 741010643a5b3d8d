// Instance::validate: LoopBack's isValid on the record as it is now.
#include "dao/validation/run_validations.hpp"
#include "lb/instance.hpp"
#include "lb/model.hpp"

namespace lb {

Status Instance::validate(const Options& options) const {
  dao::ValidationErrors errors(model().name());
  if (auto status = dao::run_validations(*this, options, errors); !status) return status;
  if (!errors.empty()) return errors.to_error();
  return {};
}

}  // namespace lb
