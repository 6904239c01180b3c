#include "source/plate_tare.hpp"

namespace stridecue {

std::string_view to_string(TareReport::State state) {
  switch (state) {
    case TareReport::State::never: return "never";
    case TareReport::State::collecting: return "collecting";
    case TareReport::State::done: return "done";
    case TareReport::State::refused: return "refused";
  }
  return "never";
}

}  // namespace stridecue
