// The human names of the settings: one for every key of the table, none for a key that is not
// there, none shared by two keys (a copied row would name two settings alike on the console).
#include <catch2/catch.hpp>

#include <cctype>
#include <set>
#include <string>

#include "settings/settings_json.hpp"
#include "settings/settings_labels.hpp"
#include "settings/settings_table.hpp"

using namespace stridecue;

TEST_CASE("every setting has a human name and every name a setting", "[settings][labels]") {
  for (const auto& s : settings_table()) {
    INFO(s.key);
    CHECK_FALSE(setting_label(s.key).empty());
  }
  for (const auto& l : setting_labels()) {
    INFO(l.key);
    CHECK(find_setting(l.key) != nullptr);
  }
  CHECK(setting_labels().size() == settings_table().size());
}

TEST_CASE("no two settings share a human name", "[settings][labels]") {
  std::set<std::string> seen;
  for (const auto& l : setting_labels()) {
    INFO(l.label);
    CHECK(seen.insert(std::string(l.label)).second);
    // Sentence case, no unit in the name: the schema carries the unit beside it.
    CHECK(std::isupper(static_cast<unsigned char>(l.label.front())));
    CHECK_FALSE(l.label.ends_with(")"));
  }
}

TEST_CASE("the schema gives each setting its human name", "[settings][labels]") {
  const auto schema = settings_schema_json();
  for (const auto& entry : schema) {
    INFO(entry.at("key"));
    CHECK(entry.at("label") == setting_label(entry.at("key").get<std::string>()));
  }
}
