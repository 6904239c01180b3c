#include "live/recording_status.hpp"

#include <cmath>

namespace stridecue {
namespace {

double rounded_ms(double s) {
  return std::round(s * 1e3) / 1e3;
}

}  // namespace

nlohmann::json recording_json(const RecordingHealth& h,
                              std::chrono::steady_clock::time_point started) {
  nlohmann::json j = {{"state", to_string(h.state)}};
  if (h.state != RecordingHealth::State::interrupted) return j;
  j["reason"] = h.reason;
  j["error"] = h.error;
  j["since_s"] = rounded_ms(std::chrono::duration<double>(h.since - started).count());
  j["lost_rows"] = h.lost_rows;
  j["lost_blocks"] = h.lost_blocks;
  return j;
}

nlohmann::json recording_notice_json(const RecordingNotice& n) {
  nlohmann::json j = {{"reason", n.health.reason},
                      {"lost_rows", n.health.lost_rows},
                      {"lost_blocks", n.health.lost_blocks}};
  if (n.resumed) {
    j["interrupted_s"] = rounded_ms(n.interrupted_s);
  } else {
    j["error"] = n.health.error;
  }
  return j;
}

}  // namespace stridecue
