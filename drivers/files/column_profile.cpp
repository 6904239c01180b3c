#include "files/column_profile.hpp"
#include "files/column_profile_table.hpp"
#include "files/profile_errors.hpp"
#include "files/profile_file.hpp"

#include <array>
#include <cmath>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace stridecue {
namespace {

constexpr std::array<Quantity, 6> plate_quantities{Quantity::force_x, Quantity::force_y,
                                                   Quantity::force_z, Quantity::cop_x,
                                                   Quantity::cop_y,   Quantity::torque_z};

std::optional<Quantity> plate_quantity_from_string(std::string_view name) {
  for (const Quantity q : plate_quantities) {
    if (to_string(q) == name) return q;
  }
  return std::nullopt;
}

std::optional<ColumnMapping> parse_mapping(const toml::key& column, const toml::node& node,
                                           const ProfileErrors& errors) {
  const auto* entry = node.as_table();
  if (entry == nullptr) {
    return errors.at(node.source(),
                     fmt::format("column \"{}\" must be a table such as {{ plate = \"right\", "
                                 "quantity = \"fz\" }}",
                                 column.str()));
  }
  ColumnMapping mapping;
  mapping.column = std::string(column.str());
  bool has_plate = false;
  bool has_quantity = false;
  double sign_flip = 1.0;
  for (auto&& [key, value] : *entry) {
    if (key == "plate") {
      const auto text = string_value(value);
      const auto plate = text ? plate_from_string(*text) : std::nullopt;
      if (!plate) {
        return errors.at(value.source(), "plate must be \"left\", \"right\" or \"belt\"");
      }
      mapping.plate = *plate;
      has_plate = true;
    } else if (key == "quantity") {
      const auto text = string_value(value);
      const auto quantity = text ? plate_quantity_from_string(*text) : std::nullopt;
      if (!quantity) {
        return errors.at(value.source(),
                         "quantity must be one of \"fx\", \"fy\", \"fz\", \"copx\", \"copy\", "
                         "\"tz\"");
      }
      mapping.quantity = *quantity;
      has_quantity = true;
    } else if (key == "sign") {
      const auto sign = value.is_number() ? value.value<double>() : std::nullopt;
      if (!sign || (*sign != 1.0 && *sign != -1.0)) {
        return errors.at(value.source(), "sign must be 1 or -1");
      }
      sign_flip = *sign;
    } else if (key == "scale") {
      const auto scale = value.is_number() ? value.value<double>() : std::nullopt;
      if (!scale || !std::isfinite(*scale) || *scale == 0.0) {
        return errors.at(value.source(), "scale must be a non-zero number");
      }
      mapping.scale = *scale;
    } else {
      return errors.at(key.source(),
                       fmt::format("unknown key \"{}\" in column \"{}\"; allowed: plate, "
                                   "quantity, scale, sign",
                                   key.str(), column.str()));
    }
  }
  if (!has_plate || !has_quantity) {
    return errors.at(node.source(),
                     fmt::format("column \"{}\" needs both plate and quantity", column.str()));
  }
  mapping.scale *= sign_flip;
  return mapping;
}

}  // namespace

const ColumnMapping* ColumnProfile::find(std::string_view column) const {
  for (const ColumnMapping& mapping : columns) {
    if (mapping.column == column) return &mapping;
  }
  return nullptr;
}

static std::optional<ColumnProfile> parse_column_profile_into(std::string_view toml_text,
                                                              std::string_view display_name,
                                                              std::string* error) {
  const ProfileErrors errors(display_name, error);
  const auto parsed = parse_profile_document(toml_text, errors);
  if (!parsed) return std::nullopt;
  const toml::table& document = *parsed;

  ColumnProfile profile;
  std::vector<toml::source_region> mapping_sources;
  const toml::table* columns = nullptr;
  TableKeySources table_sources;
  for (auto&& [key, value] : document) {
    if (const auto table_key = parse_table_key(key.str(), value, profile, table_sources, errors)) {
      if (!*table_key) return std::nullopt;
    } else if (key == "name" || key == "description" || key == "time_column") {
      auto text = string_value(value);
      if (!text || (key == "time_column" && text->empty())) {
        return errors.at(value.source(), fmt::format("{} must be a string", key.str()));
      }
      (key == "name"          ? profile.name
       : key == "description" ? profile.description
                              : profile.time_column) = *text;
    } else if (key == "columns") {
      columns = value.as_table();
      if (columns == nullptr) return errors.at(value.source(), "columns must be a table");
    } else {
      return errors.at(key.source(), fmt::format("unknown key \"{}\"; allowed: name, description, "
                                                 "format, separator, skip_lines, time_column, "
                                                 "time_unit, rate_hz, first_index, columns",
                                                 key.str()));
    }
  }
  if (!check_table_keys(profile, table_sources, document.source(), errors)) return std::nullopt;
  if (columns == nullptr || columns->empty()) {
    return errors.at(columns != nullptr ? columns->source() : document.source(),
                     "the profile maps no columns (add a [columns] table)");
  }

  for (auto&& [key, value] : *columns) {
    auto mapping = parse_mapping(key, value, errors);
    if (!mapping) return std::nullopt;
    for (const ColumnMapping& earlier : profile.columns) {
      if (earlier.plate == mapping->plate && earlier.quantity == mapping->quantity) {
        return errors.at(
            key.source(),
            fmt::format("columns \"{}\" and \"{}\" both map to {} {}", earlier.column,
                        mapping->column, to_string(mapping->plate), to_string(mapping->quantity)));
      }
      if ((earlier.plate == Plate::belt) != (mapping->plate == Plate::belt)) {
        return errors.at(key.source(),
                         fmt::format("column \"{}\": plate belt cannot be mixed with left/right "
                                     "plates",
                                     mapping->column));
      }
    }
    if (mapping->column == profile.time_column) {
      return errors.at(key.source(),
                       fmt::format("column \"{}\" is the time column", mapping->column));
    }
    mapping_sources.push_back(key.source());
    profile.columns.push_back(std::move(*mapping));
  }

  for (const Plate plate : {Plate::left, Plate::right, Plate::belt}) {
    std::optional<std::size_t> first;
    bool has_fz = false;
    for (std::size_t i = 0; i < profile.columns.size(); ++i) {
      if (profile.columns[i].plate != plate) continue;
      if (!first) first = i;
      has_fz = has_fz || profile.columns[i].quantity == Quantity::force_z;
    }
    if (first && !has_fz) {
      return errors.at(mapping_sources[*first],
                       fmt::format("plate {} has no column with quantity \"fz\" (contacts are "
                                   "found on the vertical force)",
                                   to_string(plate)));
    }
  }
  return profile;
}

ParseResult<ColumnProfile> load_column_profile(const std::filesystem::path& path) {
  return load_profile_file(path, parse_column_profile);
}

ParseResult<ColumnProfile> parse_column_profile(std::string_view toml_text,
                                                std::string_view display_name) {
  return parse_result_of([&](std::string* error) {
    return parse_column_profile_into(toml_text, display_name, error);
  });
}

}  // namespace stridecue
