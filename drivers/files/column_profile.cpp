#include "files/column_profile.hpp"
#include "files/profile_errors.hpp"
#include "files/profile_file.hpp"

#include <array>
#include <cmath>
#include <utility>

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

template <class Enum, std::size_t N>
std::optional<Enum> enum_value(const toml::node& node,
                               const std::array<std::pair<std::string_view, Enum>, N>& names) {
  const auto text = string_value(node);
  for (const auto& [name, value] : names) {
    if (text && *text == name) return value;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, TableFormat>, 2> format_names{
    {{"opensim_storage", TableFormat::opensim_storage}, {"delimited", TableFormat::delimited}}};
constexpr std::array<std::pair<std::string_view, TableSeparator>, 4> separator_names{
    {{"whitespace", TableSeparator::whitespace},
     {"tab", TableSeparator::tab},
     {"comma", TableSeparator::comma},
     {"semicolon", TableSeparator::semicolon}}};
constexpr std::array<std::pair<std::string_view, TimeUnit>, 2> time_unit_names{
    {{"s", TimeUnit::seconds}, {"sample_index", TimeUnit::sample_index}}};

// Where the keys that depend on each other were written, for the checks after the loop.
struct TableKeySources {
  std::optional<toml::source_region> skip_lines;
  std::optional<toml::source_region> time_unit;
  std::optional<toml::source_region> rate_hz;
  std::optional<toml::source_region> first_index;
};

// One of the keys that say how to read the table; false (error set) if its value is wrong,
// nullopt if `key` is not one of them.
std::optional<bool> parse_table_key(std::string_view key, const toml::node& value,
                                    ColumnProfile& profile, TableKeySources& sources,
                                    const ProfileErrors& errors) {
  const auto fail = [&](std::string_view message) {
    errors.at(value.source(), message);
    return false;
  };
  if (key == "format") {
    const auto format = enum_value(value, format_names);
    if (!format) return fail("format must be \"opensim_storage\" or \"delimited\"");
    profile.format = *format;
  } else if (key == "separator") {
    const auto separator = enum_value(value, separator_names);
    if (!separator) {
      return fail("separator must be \"whitespace\", \"tab\", \"comma\" or \"semicolon\"");
    }
    profile.separator = *separator;
  } else if (key == "skip_lines") {
    const auto lines = integer_value(value);
    if (!lines || *lines < 0 || *lines > 1000000) {
      return fail("skip_lines must be a whole number from 0 to 1000000");
    }
    profile.skip_lines = *lines;
    sources.skip_lines = value.source();
  } else if (key == "time_unit") {
    const auto unit = enum_value(value, time_unit_names);
    if (!unit) return fail("time_unit must be \"s\" or \"sample_index\"");
    profile.time_unit = *unit;
    sources.time_unit = value.source();
  } else if (key == "rate_hz") {
    const auto rate = value.is_number() ? value.value<double>() : std::nullopt;
    if (!rate || !(*rate > 0.0) || !std::isfinite(*rate) || *rate > 1e7) {
      return fail("rate_hz must be a number above 0 (at most 1e7)");
    }
    profile.rate_hz = *rate;
    sources.rate_hz = value.source();
  } else if (key == "first_index") {
    const auto index = integer_value(value);
    if (!index || *index < 0 || *index > (std::int64_t{1} << 52)) {
      return fail("first_index must be a whole number, 0 or more");
    }
    profile.first_index = *index;
    sources.first_index = value.source();
  } else {
    return std::nullopt;
  }
  return true;
}

// The table keys that only make sense together.
bool check_table_keys(const ColumnProfile& profile, const TableKeySources& sources,
                      const toml::source_region& document, const ProfileErrors& errors) {
  if (sources.skip_lines && profile.format != TableFormat::delimited) {
    errors.at(*sources.skip_lines,
              "skip_lines applies to format = \"delimited\" (an OpenSim storage header ends "
              "at its endheader line)");
    return false;
  }
  if (profile.time_unit == TimeUnit::sample_index) {
    if (!sources.rate_hz || !sources.first_index) {
      errors.at(sources.time_unit.value_or(document),
                "time_unit = \"sample_index\" needs rate_hz (the sampling rate) and first_index "
                "(the index of the sample at 0 s)");
      return false;
    }
    return true;
  }
  for (const auto& [source, key] :
       {std::pair{sources.rate_hz, "rate_hz"}, std::pair{sources.first_index, "first_index"}}) {
    if (!source) continue;
    errors.at(*source, fmt::format("{} applies to time_unit = \"sample_index\"; a time column "
                                   "in seconds gives its own rate and start",
                                   key));
    return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(TableSeparator separator) {
  for (const auto& [name, value] : separator_names) {
    if (value == separator) return name;
  }
  return "?";
}

std::string_view to_string(TableFormat format) {
  for (const auto& [name, value] : format_names) {
    if (value == format) return name;
  }
  return "?";
}

const ColumnMapping* ColumnProfile::find(std::string_view column) const {
  for (const ColumnMapping& mapping : columns) {
    if (mapping.column == column) return &mapping;
  }
  return nullptr;
}

std::optional<ColumnProfile> parse_column_profile(std::string_view toml_text,
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

std::optional<ColumnProfile> load_column_profile(const std::filesystem::path& path,
                                                 std::string* error) {
  return load_profile_file(path, error, parse_column_profile);
}

}  // namespace stridecue
