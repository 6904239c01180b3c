#include "store/runner_profile.hpp"

#include <fmt/format.h>

#include <array>
#include <string_view>

namespace stridecue {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 4> kSides{"left", "right", "both", "none"};

template <typename T>
Json or_null(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

std::optional<std::string> text_field(const std::string& field, const Json& value,
                                      std::size_t max_length, bool multiline) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_string()) throw RunnerFieldError(field, field + " must be text (or null)");
  const std::string text = value.get<std::string>();
  if (text.size() > max_length) {
    throw RunnerFieldError(field, fmt::format("{} is {} bytes long; at most {} are kept", field,
                                              text.size(), max_length));
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) {
      throw RunnerFieldError(
          field, fmt::format("{} holds a control character (0x{:02x}) at byte {}", field, c, i));
    }
  }
  if (text.empty()) return std::nullopt;
  return text;
}

std::optional<double> number_field(const std::string& field, const Json& value) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_number()) throw RunnerFieldError(field, field + " must be a number (or null)");
  return value.get<double>();
}

}  // namespace

Json runner_profile_json(const RunnerProfile& p) {
  return {{"id", p.id},
          {"name", or_null(p.name)},
          {"body_mass_kg", or_null(p.body_mass_kg)},
          {"foot_length_m", or_null(p.foot_length_m)},
          {"shoe", or_null(p.shoe)},
          {"affected_side", or_null(p.affected_side)},
          {"notes", or_null(p.notes)},
          {"program", or_null(p.program)},
          {"created_utc", p.created_utc.empty() ? Json(nullptr) : Json(p.created_utc)},
          {"updated_utc", p.updated_utc.empty() ? Json(nullptr) : Json(p.updated_utc)}};
}

void apply_runner_fields(RunnerProfile& profile, const Json& fields) {
  if (!fields.is_object())
    throw RunnerFieldError("", "a runner's fields must be a JSON object, e.g. {\"name\": \"…\"}");
  RunnerProfile next = profile;
  for (const auto& [key, value] : fields.items()) {
    if (key == "name") {
      next.name = text_field(key, value, kRunnerTextMaxLength, false);
    } else if (key == "body_mass_kg") {
      next.body_mass_kg = number_field(key, value);
    } else if (key == "foot_length_m") {
      next.foot_length_m = number_field(key, value);
    } else if (key == "shoe") {
      next.shoe = text_field(key, value, kRunnerTextMaxLength, false);
    } else if (key == "notes") {
      next.notes = text_field(key, value, kRunnerNotesMaxLength, true);
    } else if (key == "affected_side") {
      next.affected_side = text_field(key, value, kRunnerTextMaxLength, false);
      if (next.affected_side &&
          std::find(kSides.begin(), kSides.end(), *next.affected_side) == kSides.end()) {
        throw RunnerFieldError(key,
                               "affected_side must be \"left\", \"right\", \"both\" or "
                               "\"none\" (or null)");
      }
    } else if (key == "id" || key == "created_utc" || key == "updated_utc" || key == "program") {
      // What a GET answered may be sent back whole; the id is the path's, the times the store's,
      // the program the program field's (live/runner_program.hpp).
      if (key == "id" && !value.is_null() && value != Json(profile.id)) {
        throw RunnerFieldError(key, "id is the runner's key and cannot be changed here");
      }
    } else {
      throw RunnerFieldError(
          key, fmt::format("unknown runner field \"{}\" (there are: name, body_mass_kg, "
                           "foot_length_m, shoe, affected_side, notes, program)",
                           key));
    }
  }
  profile = std::move(next);
}

}  // namespace stridecue
