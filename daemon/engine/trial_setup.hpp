// Who runs and on what: the facts about a trial that the data alone do not carry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stridecue {

enum class TreadmillLayout : std::uint8_t {
  split_belt,   // a force plate under each belt: the plate says which foot
  single_belt,  // one plate for both feet: alternation and the mediolateral COP say which foot
  overground,   // floor plates on a walkway, one contact each: alternation says which foot
};
std::string_view to_string(TreadmillLayout layout);
std::optional<TreadmillLayout> treadmill_layout_from_string(std::string_view s);

struct RunnerInfo {
  std::string name;
  std::optional<double> body_mass_kg;
  std::optional<double> foot_length_m;
};

struct TreadmillInfo {
  std::optional<TreadmillLayout> layout;  // unset: whatever the plates in the data say
  std::optional<double> belt_speed_m_s;
};

}  // namespace stridecue
