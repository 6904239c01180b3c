#include "engine/trial_setup.hpp"

namespace stridecue {

std::string_view to_string(TreadmillLayout layout) {
  return layout == TreadmillLayout::split_belt ? "split" : "single";
}

std::optional<TreadmillLayout> treadmill_layout_from_string(std::string_view s) {
  if (s == "split")
    return TreadmillLayout::split_belt;
  if (s == "single")
    return TreadmillLayout::single_belt;
  return std::nullopt;
}

}  // namespace stridecue
