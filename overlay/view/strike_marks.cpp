#include "view/strike_marks.hpp"

#include <cmath>

namespace stridecue::overlay {

StrikeClass strike_class_from(std::string_view name) {
  if (name == "rearfoot") return StrikeClass::rearfoot;
  if (name == "midfoot") return StrikeClass::midfoot;
  if (name == "forefoot") return StrikeClass::forefoot;
  return StrikeClass::unknown;
}

Rgb colour_of(StrikeClass c) {
  switch (c) {
    case StrikeClass::rearfoot: return palette::rearfoot;
    case StrikeClass::midfoot: return palette::midfoot;
    case StrikeClass::forefoot: return palette::forefoot;
    case StrikeClass::unknown: break;
  }
  return palette::unknown;
}

std::string_view to_string(StrikeClass c) {
  switch (c) {
    case StrikeClass::rearfoot: return "rearfoot";
    case StrikeClass::midfoot: return "midfoot";
    case StrikeClass::forefoot: return "forefoot";
    case StrikeClass::unknown: break;
  }
  return "unknown";
}

namespace {
// The stream rounds a stride record's contact time to 0.1 ms; a strike event's is exact.
constexpr double same_contact_s = 0.005;

StrikeMark* find(std::deque<StrikeMark>& marks, double contact_s) {
  for (auto it = marks.rbegin(); it != marks.rend(); ++it)
    if (std::abs(it->contact_s - contact_s) < same_contact_s) return &*it;
  return nullptr;
}
}  // namespace

void StrikeMarks::on_strike(Side side, StrikeClass strike, double contact_s, bool early) {
  auto& marks = side == Side::left ? left_ : right_;
  marks.push_back({strike, contact_s, early});
  while (marks.size() > marks_per_side)
    marks.pop_front();
  minute_.push_back({strike, contact_s, early});
  forget_old(contact_s);
}

void StrikeMarks::on_stride(Side side, StrikeClass strike, double contact_s) {
  auto& marks = side == Side::left ? left_ : right_;
  if (StrikeMark* m = find(marks, contact_s)) {
    m->strike = strike;
    m->early = false;
  }
  if (StrikeMark* m = find(minute_, contact_s)) m->strike = strike;
}

void StrikeMarks::clear() {
  left_.clear();
  right_.clear();
  minute_.clear();
}

const std::deque<StrikeMark>& StrikeMarks::marks(Side side) const {
  return side == Side::left ? left_ : right_;
}

void StrikeMarks::forget_old(double latest_s) {
  while (!minute_.empty() && minute_.front().contact_s < latest_s - share_window_s)
    minute_.pop_front();
}

std::optional<double> StrikeMarks::forefoot_share() const {
  std::size_t classified = 0, forefoot = 0;
  for (const auto& m : minute_) {
    if (m.strike == StrikeClass::unknown) continue;
    ++classified;
    forefoot += m.strike == StrikeClass::forefoot;
  }
  if (classified == 0) return std::nullopt;
  return static_cast<double>(forefoot) / static_cast<double>(classified);
}

std::size_t StrikeMarks::strikes_in_window() const {
  return minute_.size();
}

}  // namespace stridecue::overlay
