// Declares a case's `validations` section on a juggler model (see README.md,
// "Validations"): each entry names juggler's internal validation name and its
// property, with juggler's option names, and becomes one Model.validatesXOf call.
// "format" patterns become RegExps; "without" (which juggler's format check does not
// read) becomes a custom validator that fails on a match, with the format check's
// handling of missing values and the code "format".
'use strict';

const DECLARE = {
  presence: 'validatesPresenceOf',
  absence: 'validatesAbsenceOf',
  length: 'validatesLengthOf',
  format: 'validatesFormatOf',
  inclusion: 'validatesInclusionOf',
  exclusion: 'validatesExclusionOf',
  numericality: 'validatesNumericalityOf',
  uniqueness: 'validatesUniquenessOf',
  date: 'validatesDateOf',
};

// juggler's nullCheck: undefined and '' are blank, null is null; true when handled.
function missing(value, conf, err) {
  if (value === undefined || value === '') {
    if (!conf.allowBlank) err('blank');
    return true;
  }
  if (value === null) {
    if (!conf.allowNull) err('null');
    return true;
  }
  return false;
}

function declareWithout(Model, property, conf) {
  const pattern = new RegExp(conf.without);
  const options = Object.assign({}, conf, {code: conf.code || 'format'});
  delete options.without;
  Model.validate(property, function(err) {
    const value = this[property];
    if (missing(value, options, err)) return;
    if (typeof value !== 'string' && typeof value !== 'number') return err();
    if (pattern.test(value)) err();
  }, options);
}

function declare(Model, entries) {
  entries.forEach((entry, index) => {
    const {validation, property, ...conf} = entry;
    if (!DECLARE[validation]) throw new Error(`validations[${index}]: unknown validation ${validation}`);
    if (validation === 'format' && conf.without !== undefined) return declareWithout(Model, property, conf);
    if (validation === 'format') conf.with = new RegExp(conf.with);
    Model[DECLARE[validation]](property, conf);
  });
}

module.exports = {declare};
