#include "source/device_actions.hpp"

namespace stridecue {

std::string_view to_string(ActionReport::State state) {
  switch (state) {
    case ActionReport::State::never: return "never";
    case ActionReport::State::running: return "running";
    case ActionReport::State::done: return "done";
    case ActionReport::State::refused: return "refused";
  }
  return "never";
}

}  // namespace stridecue
