#include "engine/sample_block.hpp"

namespace stridecue {

std::optional<std::size_t> StreamInfo::find(Quantity q, Plate plate) const {
  for (std::size_t i = 0; i < channels.size(); ++i) {
    if (channels[i].quantity == q && channels[i].plate == plate) return i;
  }
  return std::nullopt;
}

std::string_view to_string(Quantity q) {
  switch (q) {
    case Quantity::force_x: return "fx";
    case Quantity::force_y: return "fy";
    case Quantity::force_z: return "fz";
    case Quantity::cop_x: return "copx";
    case Quantity::cop_y: return "copy";
    case Quantity::torque_z: return "tz";
    case Quantity::emg: return "emg";
    case Quantity::other: return "other";
  }
  return "other";
}

std::string_view to_string(Plate p) {
  switch (p) {
    case Plate::left: return "left";
    case Plate::right: return "right";
    case Plate::belt: return "belt";
    case Plate::floor1: return "floor1";
    case Plate::floor2: return "floor2";
    case Plate::floor3: return "floor3";
    case Plate::floor4: return "floor4";
    case Plate::floor5: return "floor5";
    case Plate::floor6: return "floor6";
    case Plate::floor7: return "floor7";
    case Plate::floor8: return "floor8";
  }
  return "belt";
}

std::optional<Plate> plate_from_string(std::string_view s) {
  if (s == "left") return Plate::left;
  if (s == "right") return Plate::right;
  if (s == "belt") return Plate::belt;
  for (const Plate p : kAllPlates) {
    if (is_floor(p) && s == to_string(p)) return p;
  }
  return std::nullopt;
}

}  // namespace stridecue
