#include "engine/trial_setup.hpp"

namespace stridecue {

std::string_view to_string(TreadmillLayout layout) {
  switch (layout) {
    case TreadmillLayout::split_belt: return "split";
    case TreadmillLayout::single_belt: return "single";
    case TreadmillLayout::overground: return "overground";
  }
  return "split";
}

std::optional<TreadmillLayout> treadmill_layout_from_string(std::string_view s) {
  if (s == "split") return TreadmillLayout::split_belt;
  if (s == "single") return TreadmillLayout::single_belt;
  if (s == "overground") return TreadmillLayout::overground;
  return std::nullopt;
}

}  // namespace stridecue
