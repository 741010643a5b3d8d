// The README's C++ example: define a model from LoopBack JSON, then compile the same
// filter from JSON text, from a query string and from the builder. Built as
// lb_example_compile_filter; scripts/test runs it.
#include <iostream>

#include "lb/filter.hpp"
#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "lb/registry.hpp"

int main() {
  lb::Registry registry;
  const lb::ModelDefinition& item = *registry.define_json(R"({
      "name": "Item",
      "properties": {"name": "string", "price": "number", "added": "date"}
    })").value();

  auto from_json = lb::filter::parse_filter(
      R"({"where": {"price": {"lt": 20}, "name": {"like": "p%"}}, "order": "price DESC", "limit": 5})");
  auto from_query = lb::filter::parse_filter_query(
      "filter[where][price][lt]=20&filter[where][name][like]=p%25&filter[order]=price%20DESC&filter[limit]=5");
  auto from_builder = lb::Filter()
                          .where(lb::where("price").lt(20) && lb::where("name").like("p%"))
                          .order("price DESC")
                          .limit(5)
                          .syntax();

  for (const auto* syntax : {&from_json, &from_query, &from_builder}) {
    auto bound = lb::filter::bind(syntax->value(), item, registry);  // throws lb::Error on bad input
    std::cout << bound.value().to_string() << "\n";
  }

  auto bad = lb::filter::parse_filter(R"({"where": {"price": {"gtx": 1}}})");
  if (!bad) std::cout << bad.error().to_json() << "\n";  // a LoopBack-shaped 400
}
