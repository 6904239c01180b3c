// The coach panel: live traces, session and baseline buttons, and a field for every live
// setting, built from the daemon's schema. A change is sent when the coach lets go of the
// widget (or presses Enter), and its row says "pending" until the daemon confirms it.
#pragma once

#include <map>
#include <string>

#include "net/overlay_client.hpp"
#include "ui/fonts.hpp"
#include "ui/runner_layout.hpp"
#include "view/overlay_view.hpp"

namespace stridecue::overlay {

// The settings the issue names, first and always open; every other live one is below them.
inline constexpr const char* main_setting_keys[] = {"contact.contact_threshold_n",
                                                    "contact.release_threshold_n",
                                                    "strike.rearfoot_max",
                                                    "strike.forefoot_min",
                                                    "glute.baseline.drop_ratio",
                                                    "glute.baseline.window_strides",
                                                    "glute.baseline.drop_count",
                                                    "cue.mode",
                                                    "cue.refractory_s",
                                                    "audio.volume",
                                                    "cue.heel_enabled",
                                                    "cue.hips_enabled",
                                                    "cue.heel_classes",
                                                    "cue.bandwidth_misses",
                                                    "cue.bandwidth_strides"};

class CoachPanel {
 public:
  void draw(const Fonts& fonts, OverlayView& view, DaemonCommands& commands, double now_s,
            const Rect& area);

  // Screen rectangles of the setting widgets drawn in the last frame (for tests driving the
  // panel with real input: they need to know where a slider is).
  const std::map<std::string, Rect>& widget_rects() const { return rects_; }

 private:
  // The device link's error counters (GET /status, asked every few seconds).
  void draw_link_health(const OverlayView& view);
  void draw_traces(const OverlayView& view, float width);
  void draw_actions(OverlayView& view, DaemonCommands& commands);
  void draw_setting(const SettingSpec& spec, OverlayView& view, DaemonCommands& commands,
                    double now_s);
  void send(const std::string& key, nlohmann::json value, OverlayView& view,
            DaemonCommands& commands, double now_s);

  std::map<std::string, double> number_drafts_;  // while a slider is held
  std::map<std::string, std::string> text_drafts_;
  std::map<std::string, Rect> rects_;
  char runner_[64] = {};
};

}  // namespace stridecue::overlay
