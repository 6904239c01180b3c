#include "analog/analog_plate_profile.hpp"

#include <cmath>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "files/profile_errors.hpp"
#include "files/profile_file.hpp"

namespace stridecue {
namespace {

std::optional<double> finite_number(const toml::node& node) {
  if (!node.is_number()) return std::nullopt;
  const auto value = node.value<double>();
  if (!value || !std::isfinite(*value)) return std::nullopt;
  return value;
}

// A numeric array of exactly `n` finite numbers, read into `out`.
bool read_numbers(const toml::node& node, std::string_view field, std::size_t n, double* out,
                  const ProfileErrors& errors) {
  const auto* array = node.as_array();
  if (array == nullptr || array->size() != n) {
    errors.at(node.source(), fmt::format("{} must be an array of {} numbers{}", field, n,
                                         array ? fmt::format(", got {}", array->size()) : ""));
    return false;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto value = finite_number((*array)[i]);
    if (!value) {
      errors.at((*array)[i].source(), fmt::format("{}[{}] must be a finite number", field, i));
      return false;
    }
    out[i] = *value;
  }
  return true;
}

bool read_matrix(const toml::node& node, Matrix6& out, const ProfileErrors& errors) {
  const auto* rows = node.as_array();
  if (rows == nullptr || rows->size() != 6) {
    errors.at(node.source(), fmt::format("matrix must have 6 rows of 6 numbers (Fx Fy Fz Mx My "
                                         "Mz), got {}",
                                         rows ? fmt::format("{} rows", rows->size()) : "no array"));
    return false;
  }
  for (std::size_t r = 0; r < 6; ++r) {
    if (!read_numbers((*rows)[r], fmt::format("matrix row {}", r + 1), 6, out.data() + r * 6,
                      errors)) {
      return false;
    }
  }
  return true;
}

std::optional<AxisMap> axis_from_string(std::string_view text) {
  AxisMap a;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    a.sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  if (text == "x")
    a.plate_axis = 0;
  else if (text == "y")
    a.plate_axis = 1;
  else if (text == "z")
    a.plate_axis = 2;
  else
    return std::nullopt;
  return a;
}

std::optional<PlateCalibration> parse_plate(const toml::table& table, const ProfileErrors& errors) {
  PlateCalibration p;
  bool has_plate = false, has_matrix = false, has_origin = false;
  for (auto&& [key, value] : table) {
    if (key == "plate") {
      const auto text = string_value(value);
      const auto plate = text ? plate_from_string(*text) : std::nullopt;
      if (!plate) {
        return errors.at(value.source(), fmt::format("unknown plate \"{}\": use \"left\", "
                                                     "\"right\" or \"belt\"",
                                                     text.value_or("?")));
      }
      p.plate = *plate;
      has_plate = true;
    } else if (key == "first_channel") {
      const auto index = integer_value(value);
      if (!index || *index < 0 || *index > 4096) {
        return errors.at(value.source(), "first_channel must be a channel index, 0 or more");
      }
      p.first_channel = static_cast<std::size_t>(*index);
    } else if (key == "matrix") {
      if (!read_matrix(value, p.matrix, errors)) return std::nullopt;
      if (!invert(p.matrix)) {
        return errors.at(value.source(), "matrix is singular: its channels cannot be told apart");
      }
      has_matrix = true;
    } else if (key == "gain" || key == "excitation_v") {
      Vector6& target = key == "gain" ? p.gain : p.excitation_v;
      if (!read_numbers(value, key.str(), 6, target.data(), errors)) return std::nullopt;
      for (std::size_t i = 0; i < 6; ++i) {
        if (!(target[i] > 0.0)) {
          return errors.at(value.as_array()->at(i).source(),
                           fmt::format("{}[{}] must be more than 0", key.str(), i));
        }
      }
    } else if (key == "origin_m") {
      if (!read_numbers(value, "origin_m (a, b, z0)", 3, p.origin_m.data(), errors)) {
        return std::nullopt;
      }
      has_origin = true;
    } else if (key == "position_m") {
      if (!read_numbers(value, "position_m (x, y)", 2, p.position_m.data(), errors)) {
        return std::nullopt;
      }
    } else if (key == "axes") {
      const auto* array = value.as_array();
      if (array == nullptr || array->size() != 3) {
        return errors.at(value.source(),
                         "axes must be three of \"x\", \"-x\", \"y\", \"-y\", "
                         "\"z\", \"-z\": our x (forward), y (left), z (up)");
      }
      for (std::size_t i = 0; i < 3; ++i) {
        const auto text = string_value((*array)[i]);
        const auto axis = text ? axis_from_string(*text) : std::nullopt;
        if (!axis) {
          return errors.at((*array)[i].source(),
                           fmt::format("axes[{}] must be \"x\", \"-x\", \"y\", \"-y\", \"z\" or "
                                       "\"-z\"",
                                       i));
        }
        p.axes[i] = *axis;
      }
      if (const std::string problem = axes_problem(p.axes); !problem.empty()) {
        return errors.at(value.source(), "axes: " + problem);
      }
    } else if (key == "force_sense") {
      const auto text = string_value(value);
      if (text == "on_plate")
        p.sense = ForceSense::on_plate;
      else if (text == "on_body")
        p.sense = ForceSense::on_body;
      else
        return errors.at(value.source(), "force_sense must be \"on_plate\" or \"on_body\"");
    } else {
      return errors.at(key.source(),
                       fmt::format("unknown key \"{}\" in [[plate]]; allowed: plate, "
                                   "first_channel, matrix, gain, excitation_v, origin_m, "
                                   "position_m, axes, force_sense",
                                   key.str()));
    }
  }
  const char* missing = !has_plate    ? "plate"
                        : !has_matrix ? "matrix"
                        : !has_origin ? "origin_m"
                                      : nullptr;
  if (missing != nullptr) {
    return errors.at(table.source(), fmt::format("[[plate]] needs {}", missing));
  }
  return p;
}

}  // namespace

static std::optional<AnalogPlateProfile> parse_analog_plate_profile_into(
    std::string_view toml_text, std::string_view display_name, std::string* error) {
  const ProfileErrors errors(display_name, error);
  const auto parsed = parse_profile_document(toml_text, errors);
  if (!parsed) return std::nullopt;
  const toml::table& document = *parsed;

  AnalogPlateProfile profile;
  const toml::array* plates = nullptr;
  struct Limit {
    std::string_view key;
    double* target;
    double min, max;
  };
  const Limit limits[] = {{"cop_min_fz_n", &profile.cop_min_fz_n, 0.1, 1000.0},
                          {"tare_window_s", &profile.tare_window_s, 0.01, 30.0},
                          {"tare_max_fz_n", &profile.tare_max_fz_n, 1.0, 10000.0},
                          {"tare_max_range_n", &profile.tare_max_range_n, 0.1, 10000.0}};
  for (auto&& [key, value] : document) {
    const Limit* limit = nullptr;
    for (const Limit& l : limits) {
      if (key == l.key) limit = &l;
    }
    if (key == "name" || key == "description" || key == "stream") {
      const auto text = string_value(value);
      if (!text) return errors.at(value.source(), fmt::format("{} must be a string", key.str()));
      (key == "name"          ? profile.name
       : key == "description" ? profile.description
                              : profile.stream) = *text;
    } else if (limit != nullptr) {
      const auto number = finite_number(value);
      if (!number || *number < limit->min || *number > limit->max) {
        return errors.at(value.source(), fmt::format("{} must be a number from {} to {}", key.str(),
                                                     limit->min, limit->max));
      }
      *limit->target = *number;
    } else if (key == "plate") {
      plates = value.as_array();
      if (plates == nullptr) {
        return errors.at(value.source(), "plate must be an array of tables: write [[plate]]");
      }
    } else {
      return errors.at(key.source(),
                       fmt::format("unknown key \"{}\"; allowed: name, description, stream, "
                                   "cop_min_fz_n, tare_window_s, tare_max_fz_n, "
                                   "tare_max_range_n, plate",
                                   key.str()));
    }
  }
  if (plates == nullptr || plates->empty()) {
    return errors.at(document.source(), "the profile describes no plate (add a [[plate]] table)");
  }

  for (std::size_t i = 0; i < plates->size(); ++i) {
    const toml::node& node = (*plates)[i];
    const auto* table = node.as_table();
    if (table == nullptr) return errors.at(node.source(), "each plate must be a table");
    auto plate = parse_plate(*table, errors);
    if (!plate) return std::nullopt;
    if (!table->contains("first_channel")) plate->first_channel = 6 * i;
    for (const PlateCalibration& earlier : profile.plates) {
      if (earlier.plate == plate->plate) {
        return errors.at(table->get("plate")->source(),
                         fmt::format("plate \"{}\" is described twice", to_string(plate->plate)));
      }
      if ((earlier.plate == Plate::belt) != (plate->plate == Plate::belt)) {
        return errors.at(table->get("plate")->source(),
                         "plate \"belt\" cannot be mixed with left/right plates");
      }
      if (plate->first_channel < earlier.first_channel + 6 &&
          earlier.first_channel < plate->first_channel + 6) {
        return errors.at(table->source(),
                         fmt::format("plate \"{}\" uses raw channels {}-{}, which overlap plate "
                                     "\"{}\"'s {}-{}",
                                     to_string(plate->plate), plate->first_channel,
                                     plate->first_channel + 5, to_string(earlier.plate),
                                     earlier.first_channel, earlier.first_channel + 5));
      }
    }
    profile.plates.push_back(*plate);
  }
  return profile;
}

ParseResult<AnalogPlateProfile> load_analog_plate_profile(const std::filesystem::path& path) {
  return load_profile_file(path, parse_analog_plate_profile);
}

ParseResult<AnalogPlateProfile> parse_analog_plate_profile(std::string_view toml_text,
                                                           std::string_view display_name) {
  return parse_result_of([&](std::string* error) {
    return parse_analog_plate_profile_into(toml_text, display_name, error);
  });
}

}  // namespace stridecue
